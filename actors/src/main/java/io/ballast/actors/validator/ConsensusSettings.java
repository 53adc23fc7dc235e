package io.ballast.actors.validator;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ballast.core.consensus.ConsensusConfig;
import java.time.Duration;
import java.util.List;

/** The validators' {@link ConsensusConfig} from {@code ballast.consensus} (conf/consensus.conf, overridable per node). */
public final class ConsensusSettings {
    private ConsensusSettings() {}

    public static ConsensusConfig load(Config config) {
        Config c = config.withFallback(ConfigFactory.parseResources("consensus.conf")).getConfig("ballast.consensus");
        List<Integer> lanes = c.getIntList("lane-capacities");
        if (lanes.size() != ConsensusConfig.LANES) {
            throw new IllegalArgumentException("ballast.consensus.lane-capacities needs " + ConsensusConfig.LANES
                    + " values, got " + lanes);
        }
        return new ConsensusConfig(millis(c, "round-timeout-base"), millis(c, "round-timeout-max"),
                c.getInt("backoff-percent"), millis(c, "empty-block-delay"), c.getInt("max-block-txs"),
                bytes(c, "max-block-bytes"), bytes(c, "max-tx-bytes"), c.getInt("max-block-evidence"),
                lanes.stream().mapToInt(Integer::intValue).toArray(), c.getInt("epoch-length-blocks"),
                c.getInt("reputation-window-blocks"), c.getInt("sync-window-blocks"), c.getInt("snapshot-interval-blocks"),
                millis(c, "sync-retry"), c.getInt("sync-batch-blocks"), c.getInt("future-round-window"),
                c.getInt("max-future-height-messages"), bytes(c, "max-message-bytes"), bytes(c, "max-snapshot-bytes"),
                c.getInt("max-pending-evidence"), millis(c, "retry-after"), millis(c, "min-block-interval"));
    }

    /** The shipped defaults (conf/consensus.conf alone). */
    public static ConsensusConfig defaults() {
        return load(ConfigFactory.empty());
    }

    private static long millis(Config c, String path) {
        Duration duration = c.getDuration(path);
        return duration.toMillis();
    }

    private static int bytes(Config c, String path) {
        return Math.toIntExact(c.getBytes(path));
    }
}
