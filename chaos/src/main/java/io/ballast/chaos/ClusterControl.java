package io.ballast.chaos;

import io.ballast.core.math.Percentiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/ballast cluster up|down|status}: a {@link LocalCluster} kept by a background supervisor JVM
 * ({@code cluster supervise}, its own session, pid in {@code RUN/supervisor.pid}, log {@code RUN/supervisor.log}).
 * Cassandra and the nodes are the supervisor's children and go with it; the HTTP load ({@code --traders}) runs in
 * the supervisor and stops with it. {@code down} signals only pids whose
 * command line names this run dir.
 */
public final class ClusterControl {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterControl() {}

    /** Starts the supervisor in the background and waits (bounded) until every validator commits. */
    public static int up(Path relativeRunDir, int nodes, int traders, String jar, PrintStream out) throws Exception {
        Path runDir = relativeRunDir.toAbsolutePath();
        Files.createDirectories(runDir);
        Optional<ProcessHandle> running = ours(runDir.resolve("supervisor.pid"), runDir);
        if (running.isPresent()) {
            out.println("cluster: already running (supervisor pid " + running.get().pid() + ") in " + runDir);
            return 1;
        }
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid"); // its own session: closing the terminal does not stop the cluster
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(io.ballast.persistence.JitSafety.JVM_OPTIONS); // the HTTP load signs and hashes: see JitSafety
        command.addAll(List.of("-Xmx256m", "-cp", jar, "io.ballast.cli.Main", "cluster", "supervise", "--nodes", Integer.toString(nodes),
                "--traders", Integer.toString(traders), "--run-dir", runDir.toString()));
        Process supervisor = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve("supervisor.log").toFile()))
                .start();
        Files.writeString(runDir.resolve("supervisor.pid"), Long.toString(supervisor.pid()));
        out.println("cluster: supervisor pid " + supervisor.pid() + ", log " + runDir.resolve("supervisor.log"));
        // ready: every validator committing, spread one per node (after the first rebalance rounds); meanwhile each
        // step as it happens (the supervisor's log, then the nodes' status files)
        ClusterProgress progress = new ClusterProgress(LocalCluster.VALIDATORS);
        LogTail supervisorLog = new LogTail(runDir.resolve("supervisor.log"));
        long startNanos = System.nanoTime();
        boolean ready = LocalCluster.await(Duration.ofSeconds(300), () -> {
            printNewSteps(progress, supervisorLog, runDir, nodes, LocalCluster.millisSince(startNanos) / 1000, out);
            return !supervisor.isAlive() || hostsWithValidators(runDir, nodes) >= Math.min(nodes, LocalCluster.VALIDATORS);
        });
        if (!supervisor.isAlive()) {
            out.println("cluster: the supervisor exited; see " + runDir.resolve("supervisor.log"));
            return 1;
        }
        status(runDir, nodes, out);
        return ready ? 0 : 1;
    }

    /** Runs in the supervisor JVM: starts the cluster, then waits for SIGTERM/SIGINT and stops it. */
    public static int supervise(Path runDir, int nodes, int traders, String jar, PrintStream out) throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        LocalCluster cluster = LocalCluster.start(new LocalCluster.Options(runDir, nodes, jar, true, "", traders, 384, out));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("supervisor: stopping nodes and Cassandra");
            cluster.close();
            stop.countDown();
        }, "supervisor-stop"));
        out.println("supervisor: cluster started in " + runDir);
        stop.await();
        return 0;
    }

    /** SIGTERM to the supervisor (if it is ours), bounded wait, then SIGKILL of any leftover pid of this run dir. */
    public static int down(Path runDir, PrintStream out) throws Exception {
        Path dir = runDir.toAbsolutePath();
        Optional<ProcessHandle> supervisor = ours(dir.resolve("supervisor.pid"), dir);
        if (supervisor.isPresent()) {
            out.println("cluster: stopping supervisor pid " + supervisor.get().pid());
            supervisor.get().destroy(); // SIGTERM: its hook stops nodes (coordinated shutdown) and Cassandra
            try {
                supervisor.get().onExit().get(90, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                out.println("cluster: supervisor still running after 90 s; killing it");
                supervisor.get().destroyForcibly();
            }
        } else {
            out.println("cluster: no supervisor running for " + dir);
        }
        List<Path> pidFiles = new ArrayList<>();
        pidFiles.add(dir.resolve("cassandra.pid"));
        try (var entries = Files.list(dir)) {
            entries.filter(p -> p.getFileName().toString().startsWith("node-"))
                    .forEach(p -> pidFiles.add(p.resolve("pid")));
        }
        for (Path pidFile : pidFiles) {
            Optional<ProcessHandle> leftover = ours(pidFile, dir);
            if (leftover.isPresent()) {
                out.println("cluster: killing leftover pid " + leftover.get().pid() + " (" + pidFile + ")");
                leftover.get().destroyForcibly();
            }
        }
        out.println("cluster: down");
        return 0;
    }

    public static int status(Path runDir, int nodes, PrintStream out) throws IOException {
        return status(runDir, nodes, false, out);
    }

    /**
     * Each node (pid, process, membership, hosted validators and their heights, entities, unreachable members), the
     * height, and time to finality of the HTTP load over the last 10 s: a table, or with {@code json} one JSON object.
     */
    public static int status(Path runDir, int nodes, boolean json, PrintStream out) throws IOException {
        Path dir = runDir.toAbsolutePath();
        ObjectNode result = JSON.createObjectNode();
        ArrayNode rows = result.putArray("nodes");
        long height = 0;
        for (int node = 1; node <= nodes; node++) {
            String name = "node-" + node;
            Path nodeDir = dir.resolve(name);
            if (!Files.isDirectory(nodeDir)) {
                continue;
            }
            Optional<ProcessHandle> process = ours(nodeDir.resolve("pid"), dir);
            Optional<JsonNode> status = readFresh(nodeDir.resolve("status.json"));
            ObjectNode row = rows.addObject().put("node", name).put("address", LocalCluster.address(node));
            process.ifPresentOrElse(p -> row.put("pid", p.pid()), () -> row.putNull("pid"));
            row.put("alive", process.isPresent());
            ObjectNode validators = row.putObject("validators");
            if (status.isPresent()) {
                row.put("member", status.get().path("selfStatus").asText());
                for (var entry : status.get().path("validators").properties()) {
                    long h = entry.getValue().path("height").asLong();
                    height = Math.max(height, h);
                    validators.put(entry.getKey(), h);
                }
                for (String field : List.of("entities", "unreachable")) {
                    if (!status.get().path(field).isMissingNode()) {
                        row.set(field, status.get().path(field));
                    }
                }
            } else {
                row.putNull("member");
            }
        }
        long[] finality = recentFinality(dir.resolve("load").resolve("acks.log"), 10_000);
        result.put("height", height);
        result.putObject("finality").put("windowMillis", 10_000).put("p50Millis", finality[0]).put("p99Millis", finality[1])
                .put("transactions", finality[2]);
        if (json) {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        } else {
            printStatus(result, out);
        }
        return 0;
    }

    private static void printStatus(JsonNode status, PrintStream out) {
        out.printf("%-7s %-11s %-8s %-7s %-9s %-32s %8s %11s  %s%n", "node", "address", "pid", "process", "member",
                "validators (height)", "accounts", "liquidators", "unreachable");
        for (JsonNode row : status.path("nodes")) {
            StringBuilder validators = new StringBuilder();
            row.path("validators").properties().forEach(v -> validators.append(validators.length() == 0 ? "" : " ")
                    .append(v.getKey()).append('(').append(v.getValue().asLong()).append(')'));
            boolean known = !row.path("member").isNull();
            out.printf("%-7s %-11s %-8s %-7s %-9s %-32s %8s %11s  %s%n", row.path("node").asText(), row.path("address").asText(),
                    row.path("pid").isNull() ? "-" : row.path("pid").asText(), row.path("alive").asBoolean() ? "alive" : "dead",
                    known ? row.path("member").asText() : "?", validators,
                    known ? row.path("entities").path("MarginAccount").asText("-") : "-",
                    known ? row.path("entities").path("Liquidator").asText("-") : "-",
                    known ? row.path("unreachable").toString() : "-");
        }
        JsonNode finality = status.path("finality");
        out.printf("height %d; time to finality (HTTP load, last 10 s): p50 %d ms, p99 %d ms over %d transactions%n",
                status.path("height").asLong(), finality.path("p50Millis").asLong(), finality.path("p99Millis").asLong(),
                finality.path("transactions").asLong());
    }

    /**
     * One poll of {@code up}: prints the steps that appeared since the last poll (new lines of the supervisor's log,
     * then the nodes' fresh status files), each as {@code cluster: <seconds> s  <step>}.
     */
    static void printNewSteps(ClusterProgress progress, LogTail supervisorLog, Path runDir, int nodes, long seconds,
                              PrintStream out) {
        List<String> steps = new ArrayList<>();
        try {
            steps.addAll(progress.onSupervisorLog(supervisorLog.newLines()));
        } catch (IOException unreadable) {
            steps.add("cannot read the supervisor's log: " + unreadable.getMessage());
        }
        for (int node = 1; node <= nodes; node++) {
            Optional<JsonNode> status = readFresh(runDir.resolve("node-" + node).resolve("status.json"));
            if (status.isPresent()) {
                steps.addAll(progress.onNodeStatus(node, nodeStatus(status.get())));
            }
        }
        steps.forEach(step -> out.printf("cluster: %3d s  %s%n", seconds, step));
    }

    /** The part of a node's status file that {@code up} reports progress from. */
    static ClusterProgress.NodeStatus nodeStatus(JsonNode status) {
        java.util.Map<String, Long> heights = new java.util.TreeMap<>();
        status.path("validators").properties().forEach(v -> heights.put(v.getKey(), v.getValue().path("height").asLong()));
        return new ClusterProgress.NodeStatus(status.path("selfStatus").isMissingNode() ? null
                : status.path("selfStatus").asText(), heights);
    }

    /** Nodes hosting at least one validator, if all validators are hosted; else 0. */
    static int hostsWithValidators(Path runDir, int nodes) {
        int count = 0;
        int hosts = 0;
        for (int node = 1; node <= nodes; node++) {
            int here = readFresh(runDir.resolve("node-" + node).resolve("status.json"))
                    .map(s -> s.path("validators").size()).orElse(0);
            count += here;
            hosts += here > 0 ? 1 : 0;
        }
        return count >= LocalCluster.VALIDATORS ? hosts : 0;
    }

    private static Optional<JsonNode> readFresh(Path file) {
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            JsonNode status = JSON.readTree(file.toFile());
            return System.currentTimeMillis() - status.path("timeMillis").asLong() > 3_000 ? Optional.empty()
                    : Optional.of(status);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long[] recentFinality(Path ackLog, long windowMillis) {
        List<Long> samples = HttpLoad.latencies(ackLog, System.currentTimeMillis() - windowMillis, Long.MAX_VALUE);
        return new long[] {Percentiles.nearestRank(samples, 50, -1), Percentiles.nearestRank(samples, 99, -1), samples.size()};
    }

    /** The process in {@code pidFile} if it is alive and its command line names {@code runDir} (so it is ours). */
    static Optional<ProcessHandle> ours(Path pidFile, Path runDir) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (handle.isEmpty()) {
                return Optional.empty();
            }
            Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
            String command = Files.exists(cmdline) ? new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8)
                    .replace('\0', ' ') : handle.get().info().commandLine().orElse("");
            return command.contains(runDir.toString()) ? handle : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
