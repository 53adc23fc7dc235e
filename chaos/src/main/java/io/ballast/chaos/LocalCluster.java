package io.ballast.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ballast.cluster.GenesisFiles;
import io.ballast.core.ledger.Genesis;
import io.ballast.persistence.BallastConfig;
import io.ballast.persistence.cassandra.CassandraSchema;
import io.ballast.persistence.cassandra.CassandraServer;
import io.ballast.persistence.cassandra.CassandraSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * A cluster on this machine: one real Cassandra node (child JVM from the cassandra-lib jars), N node JVMs on
 * their own loopback addresses 127.0.0.(10+i) (so nft rules on {@code lo} can cut single links), each with its
 * HTTP API, oracle operator, margin accounts and liquidators, and an optional {@link HttpLoad} in this JVM that
 * signs transactions, submits them to the nodes' APIs with {@code ?wait=final} and appends each acknowledged
 * receipt to {@code load/acks.log}. Every child runs under
 * {@code OrphanGuard} (it exits when this JVM's pipe closes, even after {@code kill -9} of this JVM) and is
 * stopped by {@link #close()} or the shutdown hook. Everything lives under the run dir: {@code shared/}
 * (genesis, key files mode 600), {@code node-i/} (config, status.json, node.log, pid), {@code cassandra/},
 * {@code load/} (ack log).
 */
public final class LocalCluster implements AutoCloseable {
    public static final int VALIDATORS = 4;
    /** Liquidators per market partition, written into every node's config (the load funds their keepers). */
    static final int LIQUIDATOR_REPLICAS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param nodes          validator-hosting nodes (4 lets any one fail: each holds 1 of 4 equal stakes)
     * @param classpath      the node JVMs' class path
     * @param fixedPorts     Artery 25520 / management 8558 on every node address, Cassandra 9042 (bin/ballast cluster);
     *                       otherwise free ports (tests)
     * @param nodeConfig     extra HOCON for every node (e.g. a shorter split-brain stable-after)
     * @param traders        trading accounts of the HTTP load in this JVM (0: no load)
     */
    public record Options(Path runDir, int nodes, String classpath, boolean fixedPorts, String nodeConfig, int traders,
                          int nodeHeapMegabytes, PrintStream log) {}

    private final Options options;
    private final Path runDir;
    private final Path shared;
    private final Genesis genesis;
    private final CassandraServer cassandra;
    private final Map<Integer, NodeProcess> processes = new LinkedHashMap<>();
    private final int[] arteryPorts;
    private final int[] managementPorts;
    private final int[] httpPorts;
    private final Thread hook;
    private ActorSystem<Void> observer;
    private HttpLoad load;

    private LocalCluster(Options options) throws Exception {
        this.options = options;
        this.runDir = options.runDir().toAbsolutePath();
        this.shared = runDir.resolve("shared");
        Files.createDirectories(shared);
        if (!GenesisFiles.exists(shared)) {
            long genesisMillis = System.currentTimeMillis();
            GenesisFiles.write(shared, VALIDATORS, io.ballast.cluster.devnet.DevnetMarkets.OPERATORS, "ballast-local",
                    genesisMillis, io.ballast.cluster.devnet.DevnetMarkets.markets(),
                    io.ballast.cluster.devnet.DevnetMarkets.options(genesisMillis),
                    io.ballast.cluster.devnet.DevnetStaking::bonded);
        }
        genesis = GenesisFiles.read(shared);
        for (int partition = 0; partition < genesis.markets().size(); partition++) {
            for (int replica = 0; replica < LIQUIDATOR_REPLICAS; replica++) {
                io.ballast.keys.KeyFile.createIfAbsent(io.ballast.cluster.node.NodeServices.keeperKeyFile(shared,
                        io.ballast.actors.liquidator.LiquidatorSetup.id(partition, replica)));
            }
        }
        arteryPorts = new int[options.nodes() + 1];
        managementPorts = new int[options.nodes() + 1];
        httpPorts = new int[options.nodes() + 1];
        for (int i = 1; i <= options.nodes(); i++) {
            arteryPorts[i] = options.fixedPorts() ? 25520 : freePort(address(i));
            managementPorts[i] = options.fixedPorts() ? 8558 : freePort(address(i));
            httpPorts[i] = options.fixedPorts() ? 8080 : freePort(address(i));
        }
        hook = new Thread(this::destroyAll, "local-cluster-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        CassandraSettings settings = options.fixedPorts()
                ? CassandraSettings.singleNode(CassandraSettings.defaultLibDir(), runDir.resolve("cassandra"))
                : CassandraSettings.singleNodeOnFreePorts(CassandraSettings.defaultLibDir(), runDir.resolve("cassandra"));
        long start = System.nanoTime();
        log("starting Cassandra (data in %s)", runDir.resolve("cassandra"));
        cassandra = CassandraServer.start(settings);
        log("cassandra up at %s (pid %d) in %d ms", cassandra.contactPoint(), cassandra.pid(), millisSince(start));
        Files.writeString(runDir.resolve("cassandra.pid"), Long.toString(cassandra.pid()));
    }

    /** Starts Cassandra, creates the schema, writes each node's config and starts the nodes, then the HTTP load. */
    public static LocalCluster start(Options options) throws Exception {
        LocalCluster cluster = new LocalCluster(options);
        try {
            cluster.createSchema();
            for (int i = 1; i <= options.nodes(); i++) {
                cluster.startNode(i);
            }
            if (options.traders() > 0) {
                cluster.startLoad();
            }
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** 127.0.0.(10+i) for node i. */
    public static String address(int node) {
        return "127.0.0." + (10 + node);
    }

    public String name(int node) {
        return "node-" + node;
    }

    public Path nodeDir(int node) {
        return runDir.resolve(name(node));
    }

    /** Receipts the HTTP load acknowledged as final ({@code JournalAudit} format); latencies in {@code acks.log.latency}. */
    public Path ackLog() {
        return runDir.resolve("load").resolve("acks.log");
    }

    public boolean hasLoad() {
        return options.traders() > 0;
    }

    /** True once the load's authority has funded its traders (then it signs nothing more). */
    public boolean loadFunded() {
        return load != null && load.funded();
    }

    /**
     * The HTTP load (see {@link HttpLoad}) over every node's API: the traders, and the liquidators' keepers funded
     * first; it stops by itself after 12 h or 10 million receipts, or with {@link #close()}.
     */
    private void startLoad() throws IOException {
        List<java.net.URI> nodes = new ArrayList<>();
        for (int node = 1; node <= options.nodes(); node++) {
            nodes.add(httpUri(node));
        }
        List<io.ballast.core.crypto.Bytes32> keepers = new ArrayList<>();
        for (int partition = 0; partition < genesis.markets().size(); partition++) {
            for (int replica = 0; replica < LIQUIDATOR_REPLICAS; replica++) {
                keepers.add(io.ballast.keys.KeyFile.read(io.ballast.cluster.node.NodeServices.keeperKeyFile(shared,
                        io.ballast.actors.liquidator.LiquidatorSetup.id(partition, replica))).publicKey());
            }
        }
        load = HttpLoad.start(new HttpLoad.Options(nodes, genesis, io.ballast.keys.KeyFile.read(
                shared.resolve(GenesisFiles.AUTHORITY_KEY_FILE)), options.traders(), keepers, ackLog(),
                Duration.ofSeconds(6), Duration.ofMillis(100), Duration.ofHours(12), 10_000_000, 42, options.log()));
        log("HTTP load: %d traders over %d node APIs, ack log %s", options.traders(), nodes.size(), ackLog());
    }

    /** The HTTP API of node i ({@code http://127.0.0.(10+i):port}). */
    public java.net.URI httpUri(int node) {
        return java.net.URI.create("http://" + address(node) + ":" + httpPorts[node]);
    }

    /** Receipts acknowledged as final through the HTTP API by tests ({@code JournalAudit} format). */
    public Path httpAckLog() {
        return runDir.resolve("http-acks.log");
    }

    public Path sharedDir() {
        return shared;
    }

    public Genesis genesis() {
        return genesis;
    }

    public int nodes() {
        return options.nodes();
    }

    public Path runDir() {
        return runDir;
    }

    /** The configuration file of node i (written on every start: seeds, ports, failure domain, Cassandra). */
    public Path writeConfig(int node) throws IOException {
        Path dir = nodeDir(node);
        Files.createDirectories(dir);
        StringBuilder seeds = new StringBuilder();
        for (int seed = 1; seed <= Math.min(2, options.nodes()); seed++) {
            seeds.append(seed == 1 ? "" : ", ").append('"').append("pekko://ballast@").append(address(seed)).append(':')
                    .append(arteryPorts[seed]).append('"');
        }
        String conf = String.join("\n",
                "# written by LocalCluster for " + name(node),
                "pekko.remote.artery.canonical.hostname = \"" + address(node) + "\"",
                "pekko.remote.artery.canonical.port = " + arteryPorts[node],
                "pekko.management.http.hostname = \"" + address(node) + "\"",
                "pekko.management.http.bind-hostname = \"" + address(node) + "\"",
                "pekko.management.http.port = " + managementPorts[node],
                "pekko.cluster.seed-nodes = [" + seeds + "]",
                "ballast.node.failure-domain = \"rack-" + node + "\"",
                "ballast.node.role = \"validator-host\"",
                "ballast.node.data-dir = \"" + shared + "\"",
                "ballast.node.status-file = \"" + dir.resolve("status.json") + "\"",
                "ballast.follower.snapshot-dir = \"" + dir.resolve("follower") + "\"",
                "ballast.node.liquidators.replicas-per-partition = " + LIQUIDATOR_REPLICAS,
                "ballast.node.http = on",
                "ballast.http.host = \"" + address(node) + "\"",
                "ballast.http.port = " + httpPorts[node],
                "datastax-java-driver.basic.contact-points = [\"" + cassandra.contactPoint() + "\"]",
                // one oracle operator per node, each its own key (4 operators, the index needs 3 fresh reports)
                node <= genesis.oracleOperators().size() ? "ballast.node.oracle.key-file = \""
                        + GenesisFiles.oracleKey(shared, node - 1) + "\"" : "",
                options.nodeConfig(),
                "");
        Path file = dir.resolve("node.conf");
        Files.writeString(file, conf);
        return file;
    }

    public synchronized void startNode(int node) throws IOException {
        NodeProcess running = processes.get(node);
        if (running != null && running.isAlive()) {
            throw new IllegalStateException(name(node) + " is already running (pid " + running.pid() + ")");
        }
        Path config = writeConfig(node);
        Files.deleteIfExists(nodeDir(node).resolve("status.json"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + options.nodeHeapMegabytes() + "m");
        command.add("-Xss512k");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:CICompilerCount=2");
        command.addAll(io.ballast.persistence.JitSafety.JVM_OPTIONS); // C2 miscompiles small array copies otherwise
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-Dballast.run-dir=" + runDir);
        command.add("-cp");
        command.add(options.classpath());
        command.add("io.ballast.persistence.cassandra.OrphanGuard");
        command.add("io.ballast.node.ApiNode");
        command.add("--config");
        command.add(config.toString());
        NodeProcess process = NodeProcess.start(command, nodeDir(node).resolve("node.log"));
        Files.writeString(nodeDir(node).resolve("pid"), Long.toString(process.pid()));
        processes.put(node, process);
        log("%s started (pid %d) on %s:%d", name(node), process.pid(), address(node), arteryPorts[node]);
    }

    public synchronized Optional<NodeProcess> process(int node) {
        return Optional.ofNullable(processes.get(node)).filter(NodeProcess::isAlive);
    }

    /** SIGKILL: no shutdown hooks, no hand-off; waits until the process is gone. */
    public void kill(int node) {
        process(node).ifPresent(p -> p.signal("KILL"));
        process(node).ifPresent(p -> p.awaitExit(Duration.ofSeconds(20)));
    }

    /** SIGTERM: coordinated shutdown (hand-off, leave); SIGKILL after {@code grace}. */
    public void stop(int node, Duration grace) {
        process(node).ifPresent(p -> p.terminate(grace));
    }

    public void pause(int node) {
        process(node).orElseThrow().signal("STOP");
    }

    public void resume(int node) {
        process(node).orElseThrow().signal("CONT");
    }

    /** The node's last status.json if it is fresh (written in the last 3 s). */
    public Optional<JsonNode> status(int node) {
        Path file = nodeDir(node).resolve("status.json");
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            JsonNode status = JSON.readTree(file.toFile());
            if (System.currentTimeMillis() - status.path("timeMillis").asLong() > 3_000) {
                return Optional.empty();
            }
            return Optional.of(status);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** validator id → node hosting it now (from fresh status files). */
    public Map<String, Integer> placement() {
        Map<String, Integer> placement = new java.util.TreeMap<>();
        for (int node = 1; node <= options.nodes(); node++) {
            int n = node;
            status(node).ifPresent(s -> s.path("validators").fieldNames().forEachRemaining(id -> placement.put(id, n)));
        }
        return placement;
    }

    /** Highest committed height any live node reports. */
    public long maxHeight() {
        long max = 0;
        for (int node = 1; node <= options.nodes(); node++) {
            Optional<JsonNode> status = status(node);
            if (status.isPresent()) {
                for (JsonNode validator : status.get().path("validators")) {
                    max = Math.max(max, validator.path("height").asLong());
                }
            }
        }
        return max;
    }

    /** Waits (polling every 200 ms, at most {@code timeout}) until {@code condition}; false on time-out. */
    public static boolean await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            sleep(200);
        }
        return condition.getAsBoolean();
    }

    /** A local (non-cluster) actor system on the same Cassandra for schema creation and journal reads. */
    public synchronized ActorSystem<Void> observer() {
        if (observer == null) {
            Config config = BallastConfig.load(cassandra.driverConfig().withFallback(ConfigFactory.parseString(String.join("\n",
                    "ballast.journal = cassandra",
                    "pekko.actor.provider = local",
                    "pekko.loglevel = WARNING",
                    "datastax-java-driver.basic.request.timeout = 60s",
                    "datastax-java-driver.advanced.control-connection.schema-agreement.timeout = 60s",
                    "pekko.connectors.cassandra.datastax-java-driver-config = \"datastax-java-driver\""))));
            observer = ActorSystem.create(Behaviors.empty(), "observer", config);
        }
        return observer;
    }

    private void createSchema() throws Exception {
        long start = System.nanoTime();
        CassandraSession session = CassandraSessionRegistry.get(observer())
                .sessionFor(CassandraSessionSettings.create("pekko.connectors.cassandra"));
        for (String statement : CassandraSchema.statements(observer())) {
            session.executeDDL(statement).toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        log("schema created in %d ms", millisSince(start));
    }

    public CassandraServer cassandra() {
        return cassandra;
    }

    /** Stops the HTTP load, the nodes (SIGTERM, SIGKILL after 10 s), then the observer and Cassandra. */
    @Override
    public void close() {
        if (load != null) {
            load.close();
            log("HTTP load stopped: %s", load.summary());
        }
        List<Integer> order = new ArrayList<>(processes.keySet());
        java.util.Collections.reverse(order);
        order.parallelStream().forEach(node -> stop(node, Duration.ofSeconds(10)));
        if (observer != null) {
            observer.terminate();
            try {
                observer.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // best effort: the JVM exit ends it anyway
            }
        }
        if (cassandra != null) {
            cassandra.close();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // already running the hook
        }
        destroyAll();
    }

    private void destroyAll() {
        for (NodeProcess process : processes.values()) {
            process.destroyTree();
        }
        if (cassandra != null && cassandra.isRunning()) {
            cassandra.close();
        }
    }

    void log(String format, Object... args) {
        options.log().printf("[cluster %tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    }

    static int freePort(String address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
