package io.ballast.actors.validator;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ballast.core.consensus.ConsensusConfig;
import io.ballast.core.ledger.ConsensusParams;
import io.ballast.core.ledger.Genesis;
import java.time.Duration;
import java.util.List;

/**
 * A node's {@link ConsensusConfig} for one chain: its own tunables from {@code ballast.consensus}
 * (conf/consensus.conf, overridable per node) with the chain-wide parameters from the genesis.
 */
public final class ConsensusSettings {
    /** Chain-wide keys that older configurations set locally: refused, so that nobody believes they apply. */
    private static final List<String> CHAIN_WIDE = List.of("max-block-txs", "max-block-bytes", "max-block-evidence",
            "max-tx-bytes", "epoch-length-blocks", "reputation-window-blocks");

    private ConsensusSettings() {}

    public static ConsensusConfig load(Config config, Genesis genesis) {
        Config c = config.withFallback(ConfigFactory.parseResources("consensus.conf")).getConfig("ballast.consensus");
        for (String key : CHAIN_WIDE) {
            if (c.hasPath(key)) {
                throw new IllegalArgumentException("ballast.consensus." + key + " is chain-wide: it is set in the genesis "
                        + "(limits.maxTransactionsPerBlock or consensus), not in a node's configuration");
            }
        }
        List<Integer> lanes = c.getIntList("lane-capacities");
        if (lanes.size() != ConsensusConfig.LANES) {
            throw new IllegalArgumentException("ballast.consensus.lane-capacities needs " + ConsensusConfig.LANES
                    + " values, got " + lanes);
        }
        ConsensusParams chain = genesis.consensus();
        return new ConsensusConfig(millis(c, "round-timeout-base"), millis(c, "round-timeout-max"),
                c.getInt("backoff-percent"), millis(c, "empty-block-delay"), genesis.limits().maxTransactionsPerBlock(),
                chain.maxBlockBytes(), chain.maxTxBytes(), chain.maxBlockEvidence(),
                lanes.stream().mapToInt(Integer::intValue).toArray(), chain.epochLengthBlocks(),
                chain.reputationWindowBlocks(), c.getInt("sync-window-blocks"), c.getInt("snapshot-interval-blocks"),
                millis(c, "sync-retry"), c.getInt("sync-batch-blocks"), c.getInt("future-round-window"),
                c.getInt("max-future-height-messages"), bytes(c, "max-message-bytes"), bytes(c, "max-snapshot-bytes"),
                c.getInt("max-pending-evidence"), millis(c, "retry-after"), millis(c, "min-block-interval"));
    }

    /** The shipped local defaults (conf/consensus.conf alone) for this genesis. */
    public static ConsensusConfig defaults(Genesis genesis) {
        return load(ConfigFactory.empty(), genesis);
    }

    private static long millis(Config c, String path) {
        Duration duration = c.getDuration(path);
        return duration.toMillis();
    }

    private static int bytes(Config c, String path) {
        return Math.toIntExact(c.getBytes(path));
    }
}
