package io.ballast.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ballast.actors.validator.ValidatorIds;
import io.ballast.api.client.BallastClient;
import io.ballast.api.model.TxReceiptView;
import io.ballast.cluster.GenesisFiles;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.crypto.Signature;
import io.ballast.keys.KeyFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/ballast bench cluster}: a real cluster on this machine ({@link LocalCluster}: Cassandra + N node JVMs, as
 * {@code bin/ballast cluster up} runs them, on free ports), and the load ({@link BenchLoad}) from this JVM over the nodes'
 * public HTTP APIs. Steps: closed loop with C clients for each C, then open loop at rates stepping up (×1.4 from
 * a quarter of the best closed-loop rate) until p99 exceeds 1 s, then one open-loop step at half the highest rate
 * sustained with p99 ≤ 1 s. One table row per step (printed when it ends; a progress line every 5 s meanwhile), a JSON
 * file, and at the end the chaos suite's journal audit of every acknowledged receipt: exit code 1 if anything
 * acknowledged is lost or applied twice, the journals disagree, or the accounts could not be funded.
 */
public final class ClusterBench {
    static final double P99_LIMIT_MILLIS = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param runDir        a fresh directory per run (Cassandra data, node logs, the ack log)
     * @param classpath     the node JVMs' class path
     * @param window        measured time per step (each step then drains for at most {@code drain})
     * @param closedClients C of each closed-loop step
     * @param openStepsMax  bound on the open-loop rate steps
     * @param json          where the JSON summary goes (null: not written)
     * @param nodeConfig    extra HOCON for every node ("" for none), e.g. other consensus pacing
     */
    public record Options(Path runDir, int nodes, int accounts, Duration window, Duration drain, List<Integer> closedClients,
                          int openStepsMax, Duration verifyMeasure, Path json, String classpath, boolean quick,
                          String nodeConfig, PrintStream out) {
        public Options {
            closedClients = List.copyOf(closedClients);
            nodeConfig = nodeConfig == null ? "" : nodeConfig;
            int maxClients = closedClients.stream().mapToInt(Integer::intValue).max().orElse(1);
            if (accounts < maxClients) {
                throw new IllegalArgumentException("need at least as many accounts (" + accounts + ") as clients ("
                        + maxClients + ")");
            }
        }

        /** The shape: C = 16, 64, 256; {@code quick}: 8 s steps (under 5 minutes), else 30 s steps. */
        public static Options standard(Path runDir, int nodes, int accounts, boolean quick, Path json, String classpath,
                                       String nodeConfig, PrintStream out) {
            return new Options(runDir, nodes, accounts, Duration.ofSeconds(quick ? 8 : 30), Duration.ofSeconds(quick ? 8 : 20),
                    List.of(16, 64, 256), quick ? 5 : 10, Duration.ofSeconds(quick ? 2 : 5), json, classpath, quick,
                    nodeConfig, out);
        }
    }

    /** One step's row: rates, latency percentiles (ms, -1 without samples), CPU % of one core per JVM. */
    public record Row(String step, String mode, int clients, double offeredPerSec, long sent, long accepted, long rejected,
                      long errors, long unfinished, double committedPerSec, double p50Millis, double p99Millis,
                      double p999Millis, long blocks, Map<String, Double> cpuPercent, double verificationsPerTx,
                      Map<String, Long> errorsByCode) {}

    /** What a run produced (the exit code decides pass/fail). */
    public record Result(int exitCode, List<Row> rows, Map<String, Object> summary, JournalAudit.Result audit, String table) {}

    private final Options options;
    private final PrintStream out;
    private final List<Row> rows = new ArrayList<>();
    /** Decided before the half-load step (which does not count towards it). */
    private double maxCommittedPerSec;
    private boolean maxWasSustained;
    private CpuAccount.Account cpuAccount;
    private String cpuAccountStep;
    private final HttpClient metricsHttp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ClusterBench(Options options) {
        this.options = options;
        this.out = options.out();
    }

    public static Result run(Options options) throws Exception {
        return new ClusterBench(options).run();
    }

    private Result run() throws Exception {
        double loadBefore = loadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        log("raw Ed25519 verification on one thread of this JVM (warm-up, then %d s measured)...",
                options.verifyMeasure().toSeconds());
        double rawVerifyPerSec = rawVerifiesPerSecond(options.verifyMeasure());
        double signatureBound = cores * rawVerifyPerSec / options.nodes();
        log("%,.0f verifies/s per core; signature bound c·v/n = %d × %,.0f / %d = %,.0f tx/s", rawVerifyPerSec, cores,
                rawVerifyPerSec, options.nodes(), signatureBound);
        Files.createDirectories(options.runDir());
        Path ackLog = options.runDir().resolve("load").resolve("acks.log");
        Files.createDirectories(ackLog.getParent());
        try (LocalCluster cluster = LocalCluster.start(new LocalCluster.Options(options.runDir(), options.nodes(),
                     options.classpath(), false, options.nodeConfig(), 0, 384, out));
             BufferedWriter acks = Files.newBufferedWriter(ackLog, StandardCharsets.UTF_8)) {
            long formStart = System.nanoTime();
            if (!awaitFormed(cluster)) {
                log("the cluster did not form within 240 s: placement %s, height %d; see %s", cluster.placement(),
                        cluster.maxHeight(), cluster.runDir());
                return new Result(1, rows, Map.of(), null, "");
            }
            log("cluster formed in %d s: placement %s", LocalCluster.millisSince(formStart) / 1000, cluster.placement());
            java.util.function.Consumer<TxReceiptView> ack = receipt -> {
                synchronized (acks) {
                    try {
                        acks.write(JournalAudit.Ack.of(receipt).line());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
            List<URI> apis = new ArrayList<>();
            for (int node = 1; node <= options.nodes(); node++) {
                apis.add(cluster.httpUri(node));
            }
            KeyPair authority = KeyFile.read(cluster.sharedDir().resolve(GenesisFiles.AUTHORITY_KEY_FILE));
            BenchAccounts accounts = new BenchAccounts(cluster.genesis(), authority, options.accounts(),
                    options.runDir().getFileName().toString());
            BallastClient first = new BallastClient(apis.get(0), Duration.ofSeconds(15));
            accounts.readPrices(first);
            long fundStart = System.nanoTime();
            int funded = accounts.fund(first, ack, out);
            flush(acks);
            log("%d of %d accounts funded in %d s", funded, options.accounts(), LocalCluster.millisSince(fundStart) / 1000);
            if (funded < options.accounts()) {
                log("FAIL: not every account was funded");
                return new Result(1, rows, Map.of(), null, "");
            }
            accounts.readPrices(first);
            Map<String, Long> pids = pids(cluster);
            try (BenchLoad load = new BenchLoad(apis, accounts, ack)) {
                runSteps(cluster, load, accounts, acks, pids);
            }
            flush(acks);
            double loadAfter = loadAverage();
            log("auditing every acknowledged receipt against the journals...");
            long auditStart = System.nanoTime();
            List<JournalAudit.Ack> acked = JournalAudit.readAcks(ackLog);
            JournalAudit.Result audit = JournalAudit.audit(cluster.observer(), cluster.genesis(),
                    new ValidatorIds(cluster.genesis()).all(), acked);
            log("audit in %d s: %d acknowledged receipts, %d lost, replayed to height %d, journals %s; %s",
                    LocalCluster.millisSince(auditStart) / 1000, audit.acknowledged(), audit.lost(), audit.replayedHeight(),
                    audit.heights(), audit.ok() ? "OK" : "PROBLEMS " + audit.problems());
            Map<String, Object> summary = summary(cores, rawVerifyPerSec, signatureBound, loadBefore, loadAfter, accounts,
                    audit);
            String table = table();
            out.println();
            out.print(table);
            out.println();
            printSummary(summary);
            if (cpuAccount != null) {
                out.printf("%nwhere a committed transaction's CPU went in step %s (%,d transactions, %,d samples):%n%s",
                        cpuAccountStep, cpuAccount.transactions(), cpuAccount.samples(), CpuAccount.table(cpuAccount));
            }
            if (options.json() != null) {
                Path json = options.json().toAbsolutePath();
                if (json.getParent() != null) {
                    Files.createDirectories(json.getParent());
                }
                JSON.writeValue(json.toFile(), summary);
                log("JSON written to %s", json);
            }
            boolean ok = audit.ok() && audit.lost() == 0;
            out.println(ok ? "bench cluster: audit passed, nothing acknowledged was lost or applied twice"
                    : "bench cluster: AUDIT FAILED: " + audit.problems());
            return new Result(ok ? 0 : 1, List.copyOf(rows), summary, audit, table);
        }
    }

    private void runSteps(LocalCluster cluster, BenchLoad load, BenchAccounts accounts, BufferedWriter acks,
                          Map<String, Long> pids) {
        double closedBest = 0;
        int busiest = options.closedClients().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (int clients : options.closedClients()) {
            accounts.presign(presignPerAccount(Math.max(closedBest * 1.5, clients * 4.0)));
            Row row = step(cluster, load, pids, "closed C=" + clients, clients == busiest,
                    () -> load.closedLoop("closed C=" + clients, clients, options.window(), options.drain()));
            closedBest = Math.max(closedBest, row.committedPerSec());
            flush(acks);
        }
        double rate = Math.max(10, Math.round(closedBest / 4));
        for (int i = 0; i < options.openStepsMax(); i++) {
            double offered = rate;
            accounts.presign(presignPerAccount(offered * 1.2));
            Row row = step(cluster, load, pids, "open " + Math.round(offered) + "/s", false,
                    () -> load.openLoop("open " + Math.round(offered) + "/s", offered, options.window(), options.drain()));
            flush(acks);
            if (row.p99Millis() > P99_LIMIT_MILLIS || row.p99Millis() < 0) {
                log("p99 %.0f ms > %.0f ms at %.0f tx/s offered: the open-loop search ends here", row.p99Millis(),
                        P99_LIMIT_MILLIS, offered);
                break;
            }
            rate = Math.round(rate * 1.4);
        }
        maxCommittedPerSec = reference();
        maxWasSustained = maxSustained() > 0;
        double half = Math.max(1, Math.round(maxCommittedPerSec / 2));
        accounts.presign(presignPerAccount(half * 1.2));
        step(cluster, load, pids, "half load " + Math.round(half) + "/s", false,
                () -> load.openLoop("half load", half, options.window(), options.drain()));
        flush(acks);
    }

    private int presignPerAccount(double perSecond) {
        double transactions = perSecond * options.window().toSeconds() + 1;
        return (int) Math.min(10_000, Math.ceil(transactions / options.accounts()) + 1);
    }

    private Row step(LocalCluster cluster, BenchLoad load, Map<String, Long> pids, String name, boolean profiled,
                     java.util.function.Supplier<BenchLoad.Step> body) {
        log("step %s (%d s + drain)%s...", name, options.window().toSeconds(), profiled ? ", nodes flight-recorded" : "");
        List<FlightRecording> recordings = profiled ? startRecordings(pids) : List.of();
        Map<String, Double> cpuBefore = cpu(pids);
        Map<String, Map<Long, ProcessCpu.ThreadCpu>> threadsBefore = recordings.isEmpty() ? Map.of() : threads(pids);
        long verificationsBefore = verifications(cluster);
        long heightBefore = cluster.maxHeight();
        long start = System.nanoTime();
        BenchLoad.Step s;
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> log("  %s: %d s, height %d", name, LocalCluster.millisSince(start) / 1000,
                cluster.maxHeight()), 5, 5, TimeUnit.SECONDS);
        try {
            s = body.get();
        } finally {
            ticker.shutdownNow();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        Map<String, Double> cpuAfter = cpu(pids);
        if (!recordings.isEmpty()) {
            account(name, recordings, pids, cpuBefore, cpuAfter, threadsBefore, threads(pids), s.finals());
        }
        Map<String, Double> cpuPercent = new LinkedHashMap<>();
        for (String jvm : pids.keySet()) {
            cpuPercent.put(jvm, round1(ProcessCpu.percent(cpuBefore.get(jvm), cpuAfter.get(jvm), wall)));
        }
        long verifications = verifications(cluster) - verificationsBefore;
        long finals = s.finals();
        Row row = new Row(name, s.mode, s.clients, s.offeredPerSec, s.sent.get(), s.accepted.get(), s.rejected.get(),
                s.errorCount(), s.unfinished.get(), round1(s.committedPerSec()), round1(s.percentileMillis(50)),
                round1(s.percentileMillis(99)), round1(s.percentileMillis(99.9)), cluster.maxHeight() - heightBefore, cpuPercent,
                finals == 0 ? -1 : round2((double) verifications / finals), s.errorsByCode());
        rows.add(row);
        out.println(Format.header(pids.keySet()));
        out.println(Format.format(row));
        if (!row.errorsByCode().isEmpty()) {
            log("  not final (sent again later): %s", row.errorsByCode());
        }
        return row;
    }

    /** A flight recording of every node JVM (none if one cannot start: the step then runs unrecorded). */
    private List<FlightRecording> startRecordings(Map<String, Long> pids) {
        List<FlightRecording> recordings = new ArrayList<>();
        try {
            Path dir = Files.createDirectories(options.runDir().resolve("profile"));
            for (Map.Entry<String, Long> jvm : pids.entrySet()) {
                if (jvm.getKey().startsWith("n")) {
                    recordings.add(FlightRecording.start(jvm.getValue(), dir.resolve(jvm.getKey() + ".jfr")));
                }
            }
            return recordings;
        } catch (IOException failed) {
            log("no CPU account: a flight recording did not start (%s)", failed.getMessage());
            for (FlightRecording started : recordings) {
                try {
                    started.stop();
                } catch (IOException ignored) {
                    // the node may have gone; its recording is not used
                }
            }
            return List.of();
        }
    }

    /** Stops the step's recordings and computes where its committed transactions' CPU went. */
    private void account(String step, List<FlightRecording> recordings, Map<String, Long> pids,
                         Map<String, Double> cpuBefore, Map<String, Double> cpuAfter,
                         Map<String, Map<Long, ProcessCpu.ThreadCpu>> threadsBefore,
                         Map<String, Map<Long, ProcessCpu.ThreadCpu>> threadsAfter, long transactions) {
        try {
            List<CpuAccount.NodeCpu> nodes = new ArrayList<>();
            int i = 0;
            for (String jvm : pids.keySet()) {
                if (jvm.startsWith("n")) {
                    nodes.add(CpuAccount.NodeCpu.of(cpuAfter.get(jvm) - cpuBefore.get(jvm), threadsBefore.get(jvm),
                            threadsAfter.get(jvm), CpuAccount.samples(recordings.get(i++).stop())));
                }
            }
            if (transactions == 0) {
                log("no CPU account: step %s committed nothing", step);
                return;
            }
            cpuAccount = CpuAccount.of(nodes, cpuAfter.get("cass") - cpuBefore.get("cass"), transactions);
            cpuAccountStep = step;
        } catch (IOException | RuntimeException failed) {
            log("no CPU account for step %s: %s", step, failed.getMessage());
        }
    }

    private static Map<String, Map<Long, ProcessCpu.ThreadCpu>> threads(Map<String, Long> pids) {
        Map<String, Map<Long, ProcessCpu.ThreadCpu>> threads = new LinkedHashMap<>();
        pids.forEach((jvm, pid) -> threads.put(jvm, ProcessCpu.threads(pid)));
        return threads;
    }

    /** The highest sustained rate, or (if no step kept p99 within the limit) the highest committed rate of any step. */
    private double reference() {
        double sustained = maxSustained();
        return sustained > 0 ? sustained : rows.stream().mapToDouble(Row::committedPerSec).max().orElse(0);
    }

    /** The highest committed rate of a step whose p99 stayed within the limit (0 if none). */
    private double maxSustained() {
        return rows.stream().filter(r -> r.p99Millis() >= 0 && r.p99Millis() <= P99_LIMIT_MILLIS)
                .mapToDouble(Row::committedPerSec).max().orElse(0);
    }

    private Map<String, Object> summary(int cores, double rawVerifyPerSec, double signatureBound, double loadBefore,
                                        double loadAfter, BenchAccounts accounts, JournalAudit.Result audit) {
        double max = maxCommittedPerSec;
        Row half = rows.isEmpty() ? null : rows.get(rows.size() - 1);
        long finals = rows.stream().mapToLong(r -> r.accepted() + r.rejected()).sum();
        double verificationsPerTx = rows.stream().filter(r -> r.verificationsPerTx() >= 0)
                .mapToDouble(r -> r.verificationsPerTx() * (r.accepted() + r.rejected())).sum() / Math.max(1, finals);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("quick", options.quick());
        summary.put("nodeConfig", options.nodeConfig());
        summary.put("nodes", options.nodes());
        summary.put("validators", LocalCluster.VALIDATORS);
        summary.put("accounts", options.accounts());
        summary.put("cores", cores);
        summary.put("stepSeconds", options.window().toSeconds());
        summary.put("committedTxPerSecMax", round1(max));
        summary.put("committedTxPerSecMaxSustained", maxWasSustained);
        summary.put("halfLoadOfferedTxPerSec", half == null ? 0 : half.offeredPerSec());
        summary.put("finalityP50MsAtHalfLoad", half == null ? -1 : half.p50Millis());
        summary.put("finalityP99MsAtHalfLoad", half == null ? -1 : half.p99Millis());
        summary.put("rawEd25519VerifiesPerSecPerCore", Math.round(rawVerifyPerSec));
        summary.put("signatureBoundTxPerSec", Math.round(signatureBound));
        summary.put("ratioToSignatureBound", Math.round(max / signatureBound * 1_000) / 1_000.0);
        summary.put("verificationsPerTxPerNode", round2(verificationsPerTx / options.nodes()));
        summary.put("loadAverageBefore", round2(loadBefore));
        summary.put("loadAverageAfter", round2(loadAfter));
        summary.put("signedOnDemand", accounts.signedOnDemand());
        summary.put("accountResyncs", accounts.resyncs());
        Map<String, Object> auditJson = new LinkedHashMap<>();
        auditJson.put("ok", audit.ok() && audit.lost() == 0);
        auditJson.put("acknowledged", audit.acknowledged());
        auditJson.put("lost", audit.lost());
        auditJson.put("replayedHeight", audit.replayedHeight());
        auditJson.put("problems", audit.problems());
        summary.put("audit", auditJson);
        if (cpuAccount != null) {
            Map<String, Object> account = new LinkedHashMap<>();
            account.put("step", cpuAccountStep);
            account.put("transactions", cpuAccount.transactions());
            account.put("microsPerTx", cpuAccount.microsPerTx());
            account.put("totalMicrosPerTx", cpuAccount.totalMicrosPerTx());
            account.put("executionSamples", cpuAccount.samples());
            summary.put("cpuAccount", account);
        }
        summary.put("steps", rows);
        return summary;
    }

    private void printSummary(Map<String, Object> summary) {
        out.printf(Locale.ROOT, "committed tx/s max (p99 <= 1 s): %s%s%n", summary.get("committedTxPerSecMax"),
                Boolean.TRUE.equals(summary.get("committedTxPerSecMaxSustained")) ? "" : " (no step kept p99 <= 1 s: the best rate of any step)");
        out.printf(Locale.ROOT, "at half load (%s tx/s offered): finality p50 %s ms, p99 %s ms%n",
                summary.get("halfLoadOfferedTxPerSec"), summary.get("finalityP50MsAtHalfLoad"),
                summary.get("finalityP99MsAtHalfLoad"));
        out.printf(Locale.ROOT, "signature bound c·v/n: %s tx/s (%s cores × %s verifies/s ÷ %s nodes); ratio %s%n",
                summary.get("signatureBoundTxPerSec"), summary.get("cores"), summary.get("rawEd25519VerifiesPerSecPerCore"),
                summary.get("nodes"), summary.get("ratioToSignatureBound"));
        out.printf(Locale.ROOT, "signature verifications per transaction per node: %s (1.0 = each node verifies each once)%n",
                summary.get("verificationsPerTxPerNode"));
        out.printf(Locale.ROOT, "load average (1 min): %s before, %s after, on %s cores%s%n", summary.get("loadAverageBefore"),
                summary.get("loadAverageAfter"), summary.get("cores"),
                Math.max((double) summary.get("loadAverageBefore"), (double) summary.get("loadAverageAfter"))
                        > (int) summary.get("cores") ? " (the machine was busy with other work: treat figures as lower bounds)" : "");
    }

    /** The rows as a plain-text table (also printed row by row while running). */
    String table() {
        StringBuilder table = new StringBuilder();
        Map<String, Double> cpu = rows.isEmpty() ? Map.of() : rows.get(0).cpuPercent();
        table.append(Format.header(cpu.keySet())).append('\n');
        for (Row row : rows) {
            table.append(Format.format(row)).append('\n');
        }
        return table.toString();
    }

    /** Fixed-width formatting of rows. */
    private static final class Format {
        static String header(java.util.Collection<String> jvms) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-18s %8s %10s %8s %8s %8s %8s %7s %6s",
                    "step", "offered", "committed", "p50 ms", "p99 ms", "p99.9 ms", "errors", "blocks", "ver/tx"));
            for (String jvm : jvms) {
                line.append(String.format(Locale.ROOT, " %9s", "cpu " + jvm));
            }
            return line.toString();
        }

        static String format(Row row) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-18s %8s %10.1f %8.1f %8.1f %8.1f %8d %7d %6.2f",
                    row.step(), row.mode().equals("closed") ? "C=" + row.clients() : String.valueOf(Math.round(row.offeredPerSec())),
                    row.committedPerSec(), row.p50Millis(), row.p99Millis(), row.p999Millis(), row.errors() + row.unfinished(),
                    row.blocks(), row.verificationsPerTx()));
            for (double cpu : row.cpuPercent().values()) {
                line.append(String.format(Locale.ROOT, " %8.0f%%", cpu));
            }
            return line.toString();
        }
    }

    private boolean awaitFormed(LocalCluster cluster) {
        return LocalCluster.await(Duration.ofSeconds(240), () -> {
            Map<String, Integer> placement = cluster.placement();
            return placement.size() >= LocalCluster.VALIDATORS
                    && placement.values().stream().distinct().count() >= Math.min(cluster.nodes(), LocalCluster.VALIDATORS)
                    && cluster.maxHeight() >= 3;
        });
    }

    private static Map<String, Long> pids(LocalCluster cluster) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (int node = 1; node <= cluster.nodes(); node++) {
            int n = node;
            cluster.process(node).ifPresent(p -> pids.put("n" + n, p.pid()));
        }
        pids.put("cass", cluster.cassandra().pid());
        pids.put("load", ProcessHandle.current().pid());
        return pids;
    }

    private static Map<String, Double> cpu(Map<String, Long> pids) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        pids.forEach((jvm, pid) -> seconds.put(jvm, ProcessCpu.cpuSeconds(pid)));
        return seconds;
    }

    /** Σ over the nodes of {@code ballast_signature_verifications_total} (every purpose), from each node's /metrics. */
    private long verifications(LocalCluster cluster) {
        long total = 0;
        for (int node = 1; node <= cluster.nodes(); node++) {
            try {
                HttpResponse<String> metrics = metricsHttp.send(HttpRequest.newBuilder(cluster.httpUri(node).resolve("/metrics"))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                total += sumCounter(metrics.body(), "ballast_signature_verifications_total");
            } catch (IOException unreachable) {
                log("node-%d /metrics: %s", node, unreachable.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return total;
    }

    /** The sum of every sample of {@code name} in a Prometheus text exposition. */
    static long sumCounter(String exposition, String name) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                String[] parts = line.trim().split(" ");
                sum += Double.parseDouble(parts[parts.length - 1]);
            }
        }
        return Math.round(sum);
    }

    /**
     * Single-thread BouncyCastle Ed25519 verifications per second (via the core's {@link Ed25519}): warmed up until the
     * JIT is done (at least 3 s, then 250 ms slices until eight in a row bring no 3 % gain; at most 15 s), then the best 250 ms slice of
     * {@code measure}, i.e. what one core does when the scheduler lets it (on a shared machine a mean would measure
     * the neighbours).
     */
    static double rawVerifiesPerSecond(Duration measure) {
        KeyPair key = Ed25519.keyPairFromLabel("bench/raw-verify");
        byte[] message = new byte[120];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }
        Signature signature = Ed25519.sign(key, message);
        double warm = 0;
        for (int slice = 0, flat = 0; slice < 60 && (slice < 12 || flat < 8); slice++) {
            double rate = slicePerSecond(key, message, signature);
            flat = rate > warm * 1.03 ? 0 : flat + 1;
            warm = Math.max(warm, rate);
        }
        double best = 0;
        for (long slices = Math.max(1, measure.toMillis() / 250), i = 0; i < slices; i++) {
            best = Math.max(best, slicePerSecond(key, message, signature));
        }
        return best;
    }

    private static double slicePerSecond(KeyPair key, byte[] message, Signature signature) {
        long start = System.nanoTime();
        long count = verifyFor(key, message, signature, 250_000_000L);
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static long verifyFor(KeyPair key, byte[] message, Signature signature, long nanos) {
        long end = System.nanoTime() + nanos;
        long count = 0;
        while (System.nanoTime() < end && count < 100_000_000L) {
            if (!Ed25519.verify(key.publicKey(), message, signature)) {
                throw new IllegalStateException("a valid signature did not verify");
            }
            count++;
        }
        return count;
    }

    private static void flush(BufferedWriter acks) {
        synchronized (acks) {
            try {
                acks.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private void log(String format, Object... args) {
        out.printf(Locale.ROOT, "[bench %tT] %s%n", System.currentTimeMillis(), String.format(Locale.ROOT, format, args));
    }
}
