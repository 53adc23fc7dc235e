package io.ballast.cluster.devnet;

import io.ballast.actors.validator.ConsensusSettings;
import io.ballast.cluster.GenesisFiles;
import io.ballast.cluster.SignalStop;
import io.ballast.cluster.node.NodeServices;
import io.ballast.oracle.source.sim.SimulatedMarket;
import io.ballast.actors.chain.NodeClient;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.ballast.keys.KeyFile;
import io.ballast.actors.validator.LinkShim;
import io.ballast.actors.validator.ValidatorEntity;
import io.ballast.actors.validator.ValidatorIds;
import io.ballast.actors.validator.ValidatorRecovered;
import io.ballast.actors.validator.ValidatorSetup;
import io.ballast.cluster.BallastNode;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Genesis;
import io.ballast.oracle.source.PriceSource;
import io.ballast.oracle.source.sim.SimulatedMarket;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * {@code bin/ballast devnet}: one JVM, a single-node cluster with N validator entities, the genesis'
 * oracle operator entities on a seeded simulated market, margin-account entities (fed by the account
 * projector) through which the synthetic traders trade, two liquidators per market partition, the embedded journal under the data dir (genesis and key files
 * beside it, created on first run), a line per second of progress, and an optional chaos scenario.
 * Restarting on the same data dir continues the same chain.
 */
public final class Devnet implements AutoCloseable {
    public static final String STOP_REASON = "devnet-finished";

    /**
     * @param blocks  stop after this many blocks (0: run until Ctrl-C or {@code seconds})
     * @param seconds stop after this many seconds (0: no limit)
     * @param chaos   a {@link Chaos#SCENARIOS} name or null
     * @param config  extra configuration over devnet.conf (e.g. the Cassandra journal)
     */
    public record Options(Path dataDir, int validators, boolean fresh, int traders, long blocks, long seconds,
                          String chaos, long seed, boolean keepReceipts, Config config, PrintStream out,
                          PriceSource prices, int liquidatorsPerPartition) {
        /** @param prices the oracle operators' shared source; null: a {@link SimulatedMarket} seeded with {@code seed} */
        public Options {
            if (liquidatorsPerPartition < 1) {
                throw new IllegalArgumentException("liquidatorsPerPartition must be >= 1");
            }
        }

        public Options(Path dataDir, int validators, boolean fresh, int traders, long blocks, long seconds,
                       String chaos, long seed, boolean keepReceipts, Config config, PrintStream out) {
            this(dataDir, validators, fresh, traders, blocks, seconds, chaos, seed, keepReceipts, config, out, null, 2);
        }

        public static Options defaults(Path dataDir, PrintStream out) {
            return new Options(dataDir, 4, false, 8, 0, 0, null, 42, false, ConfigFactory.empty(), out);
        }

        public Options withPrices(PriceSource source) {
            return new Options(dataDir, validators, fresh, traders, blocks, seconds, chaos, seed, keepReceipts, config,
                    out, source, liquidatorsPerPartition);
        }

        public Options withBlocks(long n) {
            return new Options(dataDir, validators, fresh, traders, n, seconds, chaos, seed, keepReceipts, config, out,
                    prices, liquidatorsPerPartition);
        }

        public Options withTraders(int n) {
            return new Options(dataDir, validators, fresh, n, blocks, seconds, chaos, seed, keepReceipts, config, out,
                    prices, liquidatorsPerPartition);
        }

        public Options withReceipts() {
            return new Options(dataDir, validators, fresh, traders, blocks, seconds, chaos, seed, true, config, out,
                    prices, liquidatorsPerPartition);
        }

        public Options withConfig(Config extra) {
            return new Options(dataDir, validators, fresh, traders, blocks, seconds, chaos, seed, keepReceipts,
                    extra.withFallback(config), out, prices, liquidatorsPerPartition);
        }
    }

    private final ActorSystem<Void> system;
    private final Genesis genesis;
    private final ValidatorIds ids;
    private final LinkShim shim;
    private final NodeClient client;
    private final FinalityStats stats;
    private final CompletableFuture<Long> finished = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicLong height = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.Map<String, ValidatorRecovered> recovered = new java.util.concurrent.ConcurrentHashMap<>();
    private final long startNanos;
    private final List<org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<io.ballast.oracle.OracleOperator.Command>> operators;
    private final NodeServices.Liquidators liquidators;
    private final org.apache.pekko.actor.typed.ActorRef<io.ballast.actors.account.AccountProjector.Command> projector;

    private Devnet(Options options) throws IOException {
        startNanos = System.nanoTime();
        Path dataDir = options.dataDir().toAbsolutePath();
        if (options.fresh()) {
            wipe(dataDir);
        }
        Files.createDirectories(dataDir);
        if (!GenesisFiles.exists(dataDir)) {
            long genesisMillis = System.currentTimeMillis();
            GenesisFiles.write(dataDir, options.validators(), DevnetMarkets.OPERATORS, "ballast-devnet",
                    genesisMillis, DevnetMarkets.markets(), DevnetMarkets.options(genesisMillis), DevnetStaking::bonded);
            options.out().println("devnet: new genesis with " + options.validators() + " validators in " + dataDir);
        }
        genesis = GenesisFiles.read(dataDir);
        ids = new ValidatorIds(genesis);
        shim = new LinkShim(options.seed());
        stats = new FinalityStats(options.keepReceipts());
        Config config = BallastNode.config(options.config()
                .withFallback(ConfigFactory.empty().withValue("ballast.data-dir",
                        ConfigValueFactory.fromAnyRef(dataDir.toString()))
                        .withValue("ballast.follower.snapshot-dir",
                                ConfigValueFactory.fromAnyRef(dataDir.resolve("follower").toString()))), "devnet.conf");
        ValidatorSetup setup = ValidatorSetup.of(genesis, ConsensusSettings.load(config, genesis),
                ValidatorSetup.KeySource.directory(dataDir), shim);
        KeyPair authority = KeyFile.read(dataDir.resolve(GenesisFiles.AUTHORITY_KEY_FILE));
        io.ballast.persistence.JitSafety.requireSafe(); // refuse a JVM that corrupts hashes (see JitSafety)
        system = ActorSystem.create(Behaviors.empty(), "ballast", config);
        BallastNode.joinSelf(system);
        BallastNode.startManagement(system);
        BallastNode.startJournalMaintenance(system);
        system.eventStream().tell(new org.apache.pekko.actor.typed.eventstream.EventStream.Subscribe<>(
                ValidatorRecovered.class, system.systemActorOf(Behaviors.<ValidatorRecovered>receiveMessage(notice -> {
                    recovered.put(notice.validatorId(), notice);
                    return Behaviors.same();
                }), "recovery-listener", org.apache.pekko.actor.typed.Props.empty())));
        BallastNode.initValidators(system, setup);
        client = BallastNode.startFollower(system, genesis, setup.consensus(), ids.all());
        CoordinatedShutdown.get(system.classicSystem()).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(),
                "devnet-quiesce", () -> {
                    client.close();
                    shim.silence();
                    return CompletableFuture.completedFuture(org.apache.pekko.Done.getInstance());
                });
        for (String id : ids.all()) {
            client.ref(id).tell(ValidatorEntity.Start.INSTANCE);
        }
        system.systemActorOf(DevnetPrinter.create(options.out(), stats, options.blocks(), options.seconds(),
                height::set, finished::complete), "devnet-printer", org.apache.pekko.actor.typed.Props.empty());
        PriceSource prices = options.prices() != null ? options.prices()
                : NodeServices.simulatedMarket(genesis, options.seed());
        NodeServices.Oracles oracles = NodeServices.startOracles(system, genesis,
                io.ballast.oracle.OracleSetup.KeySource.directory(dataDir),
                index -> NodeServices.operatorView(prices, options.seed(), index), client, true,
                new io.ballast.oracle.OracleIds(genesis.oracleOperators()).all(), null);
        operators = oracles.keptAlive().stream().map(id -> oracles.ref(system, id)).toList();
        BallastNode.initAccounts(system, client::submitAndAwaitFinality);
        projector = NodeServices.startProjector(system, client, "devnet");
        liquidators = NodeServices.startLiquidators(system, genesis, dataDir, options.liquidatorsPerPartition(),
                client, null);
        List<KeyPair> fundOnly = new ArrayList<>(liquidators.keeperKeys());
        if (genesis.staking().enabled()) { // validators' accounts receive their block rewards
            for (int i = 0; i < genesis.validators().size(); i++) {
                fundOnly.add(KeyFile.read(GenesisFiles.validatorKey(dataDir, i)));
            }
        }
        system.systemActorOf(SyntheticTraders.create(genesis, authority, fundOnly, options.traders(),
                        client, new AccountRouter(system, client, Duration.ofSeconds(15)), stats, options.seed(),
                        Duration.ofMillis(150)), "traders", org.apache.pekko.actor.typed.Props.empty());
        if (options.chaos() != null) {
            system.systemActorOf(Chaos.create(options.chaos(), shim, ids, client, operators, options.out()), "chaos",
                    org.apache.pekko.actor.typed.Props.empty());
        }
    }

    public static Devnet start(Options options) throws IOException {
        return new Devnet(options);
    }

    /**
     * Runs until {@code --blocks}/{@code --seconds} or Ctrl-C/SIGTERM, then shuts down through
     * coordinated shutdown. Returns the exit code (0 on a clean stop).
     */
    public static int run(Options options) throws Exception {
        return run(options, devnet -> { });
    }

    /**
     * As {@link #run(Options)}, calling {@code onStarted} once the node is up (e.g. to start the HTTP API); if it
     * throws, the devnet stops and the exit code is 1.
     */
    public static int run(Options options, java.util.function.Consumer<Devnet> onStarted) throws Exception {
        Devnet devnet = start(options);
        PrintStream out = options.out();
        try {
            onStarted.accept(devnet);
        } catch (RuntimeException e) {
            out.println("devnet: " + e.getMessage() + "; stopping");
            devnet.close();
            return 1;
        }
        out.printf("devnet: %d validators, journal %s, data in %s (Ctrl-C stops)%n", devnet.ids.size(),
                devnet.system.settings().config().getString("pekko.persistence.journal.plugin"),
                options.dataDir().toAbsolutePath());
        SignalStop.install(devnet::stopAsync);
        devnet.finished.thenAccept(height -> devnet.stopAsync());
        devnet.system.getWhenTerminated().toCompletableFuture().get();
        out.printf("devnet: stopped at height %d after %d s; %d transactions final, %d without receipt %s%n",
                devnet.height.get(), (System.nanoTime() - devnet.startNanos) / 1_000_000_000L,
                devnet.stats.totalFinal(), devnet.stats.totalRefused(), devnet.stats.refusedBy());
        return 0;
    }

    /** Runs coordinated shutdown (sharding hand-off, leave, journal close). */
    public void stopAsync() {
        CoordinatedShutdown.get(system.classicSystem()).run(CoordinatedShutdown.unknownReason());
    }

    @Override
    public void close() throws Exception {
        stopAsync();
        system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    public ActorSystem<Void> system() {
        return system;
    }

    public Genesis genesis() {
        return genesis;
    }

    public ValidatorIds ids() {
        return ids;
    }

    /** The oracle operator entities (one per oracle key, {@code oracle-N}), in genesis order. */
    public List<org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<io.ballast.oracle.OracleOperator.Command>> operators() {
        return operators;
    }

    /** The node's account projector (committed blocks to margin-account entities). */
    public org.apache.pekko.actor.typed.ActorRef<io.ballast.actors.account.AccountProjector.Command> projector() {
        return projector;
    }

    public NodeServices.Liquidators liquidators() {
        return liquidators;
    }

    public LinkShim shim() {
        return shim;
    }

    public NodeClient client() {
        return client;
    }

    public FinalityStats stats() {
        return stats;
    }

    /** How each validator entity recovered in this run (its latest recovery), by validator id. */
    public java.util.Map<String, ValidatorRecovered> recovered() {
        return java.util.Map.copyOf(recovered);
    }

    /** Completes with the height when {@code --blocks}/{@code --seconds} is reached. */
    public CompletableFuture<Long> finished() {
        return finished;
    }

    /**
     * Deletes a devnet data dir; refuses a non-empty directory that does not look like one. ({@code --fresh}: the CLI
     * calls it before it opens its log file in the data dir.)
     */
    public static void wipe(Path dataDir) throws IOException {
        if (!Files.exists(dataDir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dataDir)) {
            if (entries.findAny().isPresent() && !GenesisFiles.exists(dataDir) && !Files.exists(dataDir.resolve("journal"))) {
                throw new IOException(dataDir + " is not a devnet data dir (no genesis.json or journal/); not wiping it");
            }
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
