package io.ballast.cluster.node;

import io.ballast.actors.chain.NodeClient;
import io.ballast.keys.KeyFile;
import io.ballast.actors.account.AccountDelivery;
import io.ballast.actors.account.AccountProjector;
import io.ballast.actors.liquidator.KeeperPorts;
import io.ballast.actors.liquidator.Liquidator;
import io.ballast.actors.liquidator.LiquidatorSetup;
import io.ballast.actors.validator.ValidatorIds;
import io.ballast.actors.validator.ValidatorSetup;
import io.ballast.cluster.BallastNode;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.MarketParams;
import io.ballast.actors.validator.SigningFence;
import io.ballast.oracle.OperatorSettings;
import io.ballast.oracle.OracleIds;
import io.ballast.oracle.OracleKeepAlive;
import io.ballast.oracle.OracleOperator;
import io.ballast.oracle.OracleSetup;
import io.ballast.oracle.source.NoisySource;
import io.ballast.oracle.source.PriceSource;
import io.ballast.oracle.source.sim.SimulatedMarket;
import io.ballast.oracle.source.sim.SimulationParams;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/** What a node runs besides validators: the oracle operator entities, the account projector, liquidators and their keys. */
public final class NodeServices {
    /** Observation noise of each devnet operator around the shared market (±2 bp). */
    static final long OPERATOR_NOISE_PPM = 200;
    static final long REPORT_INTERVAL_MILLIS = 500;
    static final int LIQUIDATIONS_PER_BLOCK_MAX = 4;

    private NodeServices() {}

    /** The liquidator ids and their keeper keys ({@code keeper-<partition>-<replica>.key} in the data dir). */
    public record Liquidators(List<String> ids, List<KeyPair> keeperKeys) {}

    /**
     * The oracle operator entity type on this node ({@link OracleOperator}: persistent, one shard per operator, never
     * passivated, hosted only on members with {@code role}; null: any member) and a keep-alive that keeps the operators
     * {@code keepAlive} running wherever sharding places them. Each operator reports every
     * {@value #REPORT_INTERVAL_MILLIS} ms through this node's {@code client}, reading its key from {@code keys} and its
     * prices from {@code sources} (by genesis index). With the shard lease of {@link SigningFence} configured, an
     * operator's shard starts it only while this node holds the lease, and the operator confirms the lease before each
     * round's write and before it signs what it wrote, so a paused or cut-off node and its successor never both sign.
     *
     * @param faultModesAllowed whether {@link OracleOperator.SetMode} may switch an operator into a fault mode
     *     (devnet chaos); off on cluster nodes
     */
    public static Oracles startOracles(ActorSystem<?> system, Genesis genesis, OracleSetup.KeySource keys,
                                       IntFunction<PriceSource> sources, NodeClient client, boolean faultModesAllowed,
                                       List<String> keepAlive, String role) {
        List<String> markets = genesis.markets().stream().map(MarketParams::id).toList();
        OperatorSettings settings = OperatorSettings.of(genesis.chainId(), markets, REPORT_INTERVAL_MILLIS)
                .withVolMarkets(genesis.options().markets().stream().map(o -> o.marketId()).toList())
                .withFaultModes(faultModesAllowed);
        OracleIds ids = new OracleIds(genesis.oracleOperators());
        for (String id : keepAlive) {
            if (!ids.contains(id)) {
                throw new IllegalArgumentException("'" + id + "' is not an oracle operator of the genesis " + ids.all());
            }
        }
        java.util.Map<String, SigningFence> fences = new java.util.concurrent.ConcurrentHashMap<>();
        OracleSetup setup = OracleSetup.of(settings, ids, keys, sources, client::submit).withFence(id -> fences
                .computeIfAbsent(id, operator -> SigningFence.of(system, OracleOperator.TYPE_KEY.name(),
                        OracleOperator.shardOf(operator))).maySign());
        ClusterShardingSettings sharding = ClusterShardingSettings.create(system).withNoPassivationStrategy();
        ClusterShardingSettings leased = SigningFence.shardingSettings(system, role == null ? sharding : sharding.withRole(role));
        OracleOperator.init(system, setup, entity -> (role == null ? entity : entity.withRole(role)).withSettings(leased));
        system.systemActorOf(OracleKeepAlive.create(keepAlive, Duration.ofSeconds(2)), "oracle-keepalive", Props.empty());
        return new Oracles(ids, keepAlive);
    }

    /** The genesis' operators, and those this node keeps running. */
    public record Oracles(OracleIds ids, List<String> keptAlive) {
        /** The operator entity {@code oracle-N} wherever it runs. */
        public EntityRef<OracleOperator.Command> ref(ActorSystem<?> system, String operatorId) {
            return ClusterSharding.get(system).entityRefFor(OracleOperator.TYPE_KEY, operatorId);
        }
    }

    /**
     * What an operator of a devnet or a cluster node observes: the seeded simulated market (the same path on every
     * node, a function of the seed and the time) or {@code shared}, seen with the operator's own small noise (seeded
     * by its genesis index).
     */
    public static PriceSource operatorView(PriceSource shared, long seed, int operatorIndex) {
        return new NoisySource(shared, seed * 31 + operatorIndex, OPERATOR_NOISE_PPM);
    }

    /** The seeded simulated market of a chain (what nodes without a recorded source observe). */
    public static PriceSource simulatedMarket(Genesis genesis, long seed) {
        return new SimulatedMarket(SimulationParams.defaults(seed, genesis.genesisTimeMillis()));
    }

    /** The margin-account projector of a node ({@code projectorId}: stable and unique per node), fed by its follower. */
    public static ActorRef<AccountProjector.Command> startProjector(ActorSystem<?> system, NodeClient client,
                                                                    String projectorId) {
        return system.systemActorOf(AccountProjector.create(projectorId,
                        AccountProjector.BlockSource.follower(system, client.follower(), Duration.ofSeconds(30)),
                        AccountDelivery.sharded(system, Duration.ofSeconds(5))),
                "account-projector", Props.empty());
    }

    /**
     * One partition per market, {@code replicas} liquidators each, kept alive by a 5 s ping (they live in sharding),
     * hosted only on members with {@code role} (null: any member). Missing keeper keys are created
     * race-free ({@link KeyFile#createIfAbsent}): the nodes of a cluster may share one data dir.
     */
    public static Liquidators startLiquidators(ActorSystem<?> system, Genesis genesis, Path dataDir, int replicas,
                                               NodeClient client, String role) throws IOException {
        List<List<String>> partitions = genesis.markets().stream().map(m -> List.of(m.id())).toList();
        LiquidatorSetup setup = new LiquidatorSetup(genesis.chainId(), partitions, replicas,
                LIQUIDATIONS_PER_BLOCK_MAX, id -> KeyFile.read(keeperKeyFile(dataDir, id)), KeeperPorts.of(client));
        List<KeyPair> keys = new ArrayList<>();
        for (String id : setup.ids()) {
            keys.add(KeyFile.createIfAbsent(keeperKeyFile(dataDir, id)));
        }
        if (role == null) {
            BallastNode.initLiquidators(system, setup);
        } else {
            BallastNode.initLiquidators(system, setup, role);
        }
        ClusterSharding sharding = ClusterSharding.get(system);
        system.systemActorOf(Behaviors.<String>withTimers(timers -> {
            timers.startTimerWithFixedDelay("ping", Duration.ZERO, Duration.ofSeconds(5));
            return Behaviors.receiveMessage(ping -> {
                for (String id : setup.ids()) {
                    sharding.entityRefFor(Liquidator.TYPE_KEY, id).tell(Liquidator.Start.INSTANCE);
                }
                return Behaviors.same();
            });
        }), "liquidator-keepalive", Props.empty());
        return new Liquidators(setup.ids(), keys);
    }

    public static Path keeperKeyFile(Path dataDir, String liquidatorId) {
        return dataDir.resolve(liquidatorId.replace("liquidator-", "keeper-") + ".key");
    }
}
