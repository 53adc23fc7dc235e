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
import io.ballast.oracle.OperatorSettings;
import io.ballast.oracle.OracleOperator;
import io.ballast.oracle.source.NoisySource;
import io.ballast.oracle.source.PriceSource;
import io.ballast.oracle.source.sim.SimulatedMarket;
import io.ballast.oracle.source.sim.SimulationParams;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** What a node runs besides validators: oracle operators, the account projector, liquidators and their keys. */
public final class NodeServices {
    /** Observation noise of each devnet operator around the shared market (±2 bp). */
    static final long OPERATOR_NOISE_PPM = 200;
    static final long REPORT_INTERVAL_MILLIS = 500;
    static final int LIQUIDATIONS_PER_BLOCK_MAX = 4;

    private NodeServices() {}

    /** The liquidator ids and their keeper keys ({@code keeper-<partition>-<replica>.key} in the data dir). */
    public record Liquidators(List<String> ids, List<KeyPair> keeperKeys) {}

    /** As the devnet's: one operator per key on {@code shared} with its own small noise (also used by cluster nodes). */
    public static List<ActorRef<OracleOperator.Command>> startOracles(ActorSystem<?> system, Genesis genesis,
                                                                      List<KeyPair> keys, PriceSource shared, long seed,
                                                                      NodeClient client) {
        List<String> markets = genesis.markets().stream().map(MarketParams::id).toList();
        OperatorSettings settings = OperatorSettings.of(genesis.chainId(), markets, REPORT_INTERVAL_MILLIS)
                .withVolMarkets(genesis.options().markets().stream().map(o -> o.marketId()).toList());
        List<ActorRef<OracleOperator.Command>> operators = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            PriceSource view = new NoisySource(shared, seed * 31 + i, OPERATOR_NOISE_PPM);
            operators.add(system.systemActorOf(OracleOperator.create(settings, keys.get(i), view, client::submit),
                    "oracle-" + i, Props.empty()));
        }
        return operators;
    }

    /**
     * The operator of one oracle key on a cluster node: the same seeded simulated market on every node (a function
     * of the seed and time), seen with this operator's own small noise (seeded by its index in the genesis).
     */
    public static ActorRef<OracleOperator.Command> startOracle(ActorSystem<?> system, Genesis genesis, KeyPair key,
                                                               long seed, NodeClient client) {
        int index = genesis.oracleOperators().indexOf(key.publicKey());
        if (index < 0) {
            throw new IllegalArgumentException("oracle key " + key.publicKey().toHex() + " is not an operator in the genesis");
        }
        List<String> markets = genesis.markets().stream().map(MarketParams::id).toList();
        OperatorSettings settings = OperatorSettings.of(genesis.chainId(), markets, REPORT_INTERVAL_MILLIS)
                .withVolMarkets(genesis.options().markets().stream().map(o -> o.marketId()).toList());
        PriceSource shared = new SimulatedMarket(SimulationParams.defaults(seed, genesis.genesisTimeMillis()));
        PriceSource view = new NoisySource(shared, seed * 31 + index, OPERATOR_NOISE_PPM);
        return system.systemActorOf(OracleOperator.create(settings, key, view, client::submit), "oracle-" + index,
                Props.empty());
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
