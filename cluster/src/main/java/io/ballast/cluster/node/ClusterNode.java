package io.ballast.cluster.node;

import io.ballast.actors.validator.ConsensusSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ballast.keys.KeyFile;
import io.ballast.actors.validator.LinkShim;
import io.ballast.actors.validator.ValidatorEntity;
import io.ballast.actors.validator.ValidatorIds;
import io.ballast.actors.validator.ValidatorSetup;
import io.ballast.cluster.BallastNode;
import io.ballast.cluster.GenesisFiles;
import io.ballast.cluster.SignalStop;
import io.ballast.actors.chain.CommittedBlocks;
import io.ballast.actors.chain.ExecutedBlock;
import io.ballast.actors.chain.NodeClient;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Genesis;
import io.ballast.oracle.OracleIds;
import io.ballast.oracle.OracleSetup;
import io.ballast.oracle.source.PriceSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code bin/ballast node --config FILE}: one node of a multi-JVM cluster. It joins the seed nodes of its
 * configuration, serves Pekko Management on its own address, and (role {@code validator-host}) hosts the
 * validator entities that Cluster Sharding and {@code FailureDomainAllocationStrategy} give it, with the
 * Cassandra journal. A validator host also runs what a devnet runs beside its validators (see
 * {@link #startHostServices}): the oracle operator entities (its own kept running: {@code ballast.node.oracle.key-file}), the margin-account
 * entities with its own account projector, and liquidators (sharded on validator hosts, placed by the default and
 * {@code ReplicaSpreadAllocationStrategy}). A node with role {@code client} hosts none and only routes (an API-only node).
 * Every node writes a JSON status file once a second when configured ({@link NodeStatus}).
 *
 * <p>A JVM service embeds a node the same way: {@link #config(Config)} with its own settings, {@link #start}, then
 * {@link #committedBlocks} to read the chain and {@link #close()} to stop (docs/embedding.md). With
 * {@code ballast.node.join-self = on} the node forms a one-node cluster by itself instead of joining seed nodes.
 */
public final class ClusterNode {
    public static final String VALIDATOR_HOST_ROLE = "validator-host";
    private static final String ROLE = "ballast.node.role";
    private static final String JOIN_SELF = "ballast.node.join-self";
    private static final Duration COMMITTED_BLOCKS_ASK_TIMEOUT = Duration.ofSeconds(30);

    private final ActorSystem<Void> system;
    private Genesis genesis;
    private ValidatorIds ids;
    private NodeClient client;

    private ClusterNode(ActorSystem<Void> system) {
        this.system = system;
    }

    public Genesis genesis() {
        return genesis;
    }

    public ValidatorIds ids() {
        return ids;
    }

    /** Routes to the validator entities (a {@code TransactionSink} for the HTTP API). */
    public NodeClient client() {
        return client;
    }

    /** The node's configuration: {@code file} over application.conf over {@code node.conf} over the journal. */
    public static Config config(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no config file " + file);
        }
        return config(ConfigFactory.parseFile(file.toFile()));
    }

    /**
     * The configuration of a node embedded in a service: {@code own} (e.g. a section of the service's configuration)
     * over application.conf over {@code node.conf} over the journal that {@code ballast.journal} selects (the
     * embedded journal is prepared under {@code ballast.data-dir}).
     */
    public static Config config(Config own) {
        return BallastNode.config(own, "node.conf");
    }

    /**
     * This node's committed blocks from {@code fromHeight} on, in order, each once, as its chain follower executed
     * them (see {@link CommittedBlocks}); materialize the source on {@link #system()}.
     */
    public Source<ExecutedBlock, NotUsed> committedBlocks(long fromHeight) {
        return CommittedBlocks.from(system, client.follower(), genesis, ids.all().get(0), fromHeight,
                COMMITTED_BLOCKS_ASK_TIMEOUT);
    }

    public static ClusterNode start(Config config, PrintStream out) throws IOException {
        Path dataDir = Path.of(config.getString("ballast.node.data-dir")).toAbsolutePath();
        if (!GenesisFiles.exists(dataDir)) {
            throw new IllegalStateException("no " + GenesisFiles.GENESIS_FILE + " in " + dataDir
                    + " (create one with bin/ballast genesis new)");
        }
        Genesis genesis = GenesisFiles.read(dataDir);
        ValidatorIds ids = new ValidatorIds(genesis);
        boolean hostsValidators = VALIDATOR_HOST_ROLE.equals(config.getString(ROLE));
        boolean joinSelf = config.getBoolean(JOIN_SELF);
        if (joinSelf && !config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
            throw new IllegalArgumentException(JOIN_SELF + " = on forms a one-node cluster: pekko.cluster.seed-nodes must"
                    + " then be empty, but lists " + config.getStringList("pekko.cluster.seed-nodes"));
        }
        io.ballast.persistence.JitSafety.requireSafe(); // refuse a JVM that corrupts hashes (see JitSafety)
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "ballast", config);
        ClusterNode node = new ClusterNode(system);
        if (joinSelf) {
            BallastNode.joinSelf(system);
        }
        BallastNode.startManagement(system);
        BallastNode.startJournalMaintenance(system);
        ValidatorSetup setup = ValidatorSetup.of(genesis, ConsensusSettings.load(config, genesis),
                ValidatorSetup.KeySource.directory(dataDir), new LinkShim(1));
        BallastNode.initValidators(system, setup, VALIDATOR_HOST_ROLE);
        NodeClient client = BallastNode.startFollower(system, genesis, setup.consensus(), ids.all());
        node.genesis = genesis;
        node.ids = ids;
        node.client = client;
        if (hostsValidators) {
            // Entities start on their first message; a periodic Start re-homes the validators of a lost node at once.
            system.systemActorOf(Behaviors.<String>withTimers(timers -> {
                timers.startTimerWithFixedDelay("tick", Duration.ofSeconds(1), Duration.ofSeconds(2));
                return Behaviors.receiveMessage(tick -> {
                    if (!client.isClosed()) {
                        for (String id : ids.all()) {
                            client.ref(id).tell(ValidatorEntity.Start.INSTANCE);
                        }
                    }
                    return Behaviors.same();
                });
            }), "validator-starter", Props.empty());
            startHostServices(system, config, genesis, setup, ids, dataDir, client, out);
        }
        if (!hostsValidators) {
            system.systemActorOf(islandGuard(Duration.ofSeconds(30)), "island-guard", Props.empty());
        }
        String statusFile = config.getString("ballast.node.status-file");
        if (!statusFile.isEmpty()) {
            system.systemActorOf(NodeStatus.create(Path.of(statusFile)), "node-status", Props.empty());
        }
        CoordinatedShutdown.get(system.classicSystem()).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(),
                "node-quiesce", () -> {
                    client.close();
                    return java.util.concurrent.CompletableFuture.completedFuture(org.apache.pekko.Done.getInstance());
                });
        out.printf("node: %s roles %s, %d validators in genesis, data %s%n",
                org.apache.pekko.cluster.typed.Cluster.get(system).selfMember().address(),
                config.getStringList("pekko.cluster.roles"), ids.size(), dataDir);
        return node;
    }

    /**
     * {@code ballast.node.oracle / accounts / liquidators}: the oracle operator entity type (see {@link #startOracles}),
     * the margin-account entity type with this node's
     * account projector (projectors on several nodes are idempotent: accounts ignore heights they hold), and the
     * liquidator entity type (keeper keys {@code keeper-<partition>-<replica>.key} in the data dir, created once).
     */
    private static void startHostServices(ActorSystem<Void> system, Config config, Genesis genesis, ValidatorSetup setup,
                                          ValidatorIds ids, Path dataDir, NodeClient client, PrintStream out)
            throws IOException {
        Config node = config.getConfig("ballast.node");
        startOracles(system, genesis, node, dataDir, client, out);
        if (node.getBoolean("accounts.enabled")) {
            BallastNode.initAccounts(system, client::submitAndAwaitFinality, VALIDATOR_HOST_ROLE);
            org.apache.pekko.actor.Address self = org.apache.pekko.cluster.typed.Cluster.get(system).selfMember().address();
            String projectorId = node.getString("accounts.projector-id").isEmpty()
                    ? "projector-" + self.getHost().orElse("local") + "-" + self.getPort().orElse(0)
                    : node.getString("accounts.projector-id");
            NodeServices.startProjector(system, client, projectorId);
        }
        int replicas = node.getInt("liquidators.replicas-per-partition");
        if (replicas > 0) {
            NodeServices.Liquidators liquidators = NodeServices.startLiquidators(system, genesis, dataDir, replicas,
                    client, VALIDATOR_HOST_ROLE);
            out.printf("node: %d liquidators (%d per market partition)%n", liquidators.ids().size(), replicas);
        }
    }

    /**
     * The oracle operator entities (sharded over validator hosts like the validators, persistent, moved by sharding
     * when their node is lost). Every validator host registers the type, so an operator may run on any of them and
     * reads its key there: {@code oracle-N.key} in the data dir, or for this node's own operator the file
     * {@code ballast.node.oracle.key-file} names. The node keeps its own operator running ({@code key-file} set: the
     * operator of that key in the genesis), wherever sharding places it.
     */
    private static void startOracles(ActorSystem<Void> system, Genesis genesis, Config node, Path dataDir,
                                     NodeClient client, PrintStream out) throws IOException {
        OracleSetup.KeySource keys = OracleSetup.KeySource.directory(dataDir);
        List<String> keepAlive = List.of();
        String oracleKey = node.getString("oracle.key-file");
        if (!oracleKey.isEmpty()) {
            Path keyFile = dataDir.resolve(oracleKey); // relative: to the data dir; absolute as given
            KeyPair key = KeyFile.read(keyFile);
            String own = new OracleIds(genesis.oracleOperators()).idOf(key.publicKey());
            if (own == null) {
                throw new IllegalArgumentException("oracle key " + key.publicKey().toHex() + " (" + keyFile
                        + ") is not an operator in the genesis");
            }
            OracleSetup.KeySource directory = keys;
            keys = id -> id.equals(own) ? KeyFile.read(keyFile) : directory.load(id);
            keepAlive = List.of(own);
            out.printf("node: oracle operator %s %s (%s)%n", own, key.publicKey().shortHex(), oracleKey);
        }
        long seed = node.getLong("oracle.seed");
        PriceSource shared = NodeServices.simulatedMarket(genesis, seed);
        NodeServices.startOracles(system, genesis, keys, index -> NodeServices.operatorView(shared, seed, index), client,
                false, keepAlive, VALIDATOR_HOST_ROLE);
    }

    /**
     * A client member that sees no validator host Up for {@code alone} leaves (exits; its supervisor restarts it
     * and it joins the seeds again). Without it, a client the split-brain resolver left on its own — after it
     * downed the validator hosts it saw as indirectly connected, or they downed it — stays a one-node cluster.
     */
    private static org.apache.pekko.actor.typed.Behavior<String> islandGuard(Duration alone) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay("check", "check", Duration.ofSeconds(5));
            long[] aloneSince = {0};
            return Behaviors.receiveMessage(check -> {
                org.apache.pekko.cluster.typed.Cluster cluster = org.apache.pekko.cluster.typed.Cluster.get(context.getSystem());
                boolean hostUp = false;
                for (org.apache.pekko.cluster.Member member : cluster.state().getMembers()) {
                    hostUp |= member.hasRole(VALIDATOR_HOST_ROLE) && member.status() == org.apache.pekko.cluster.MemberStatus.up()
                            && !cluster.state().getUnreachable().contains(member);
                }
                boolean joined = cluster.selfMember().status() == org.apache.pekko.cluster.MemberStatus.up();
                if (hostUp || !joined) {
                    aloneSince[0] = 0;
                } else if (aloneSince[0] == 0) {
                    aloneSince[0] = System.nanoTime();
                } else if (System.nanoTime() - aloneSince[0] > alone.toNanos()) {
                    context.getLog().error("no validator host reachable for {} s: leaving so that a restart rejoins the cluster",
                            alone.toSeconds());
                    CoordinatedShutdown.get(context.getSystem().classicSystem()).run(CoordinatedShutdown.unknownReason());
                }
                return Behaviors.same();
            });
        }));
    }

    /** Runs until SIGINT/SIGTERM or until the split-brain resolver downs this node; returns the exit code. */
    public static int run(Path configFile, PrintStream out) throws Exception {
        return run(start(config(configFile), out));
    }

    /** Waits until the node's system terminates (SIGINT/SIGTERM start coordinated shutdown); returns 0. */
    public static int run(ClusterNode node) throws Exception {
        SignalStop.install(() -> CoordinatedShutdown.get(node.system.classicSystem())
                .run(CoordinatedShutdown.unknownReason()));
        node.system.getWhenTerminated().toCompletableFuture().get();
        return 0;
    }

    public ActorSystem<Void> system() {
        return system;
    }

    public void close() throws Exception {
        CoordinatedShutdown.get(system.classicSystem()).run(CoordinatedShutdown.unknownReason());
        system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: ClusterNode --config FILE");
            System.exit(2);
        }
        System.exit(run(Path.of(args[1]), System.out));
    }
}
