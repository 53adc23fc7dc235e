package io.ballast.bench;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/ballast bench ledger [--quick]}: raw Ed25519 verification and {@code Ledger.apply}
 * (pre-verified and verified signatures) in one JMH run, then a table with the goals:
 * pre-verified apply ≥ 1,000,000 trades/s, verified apply ≥ 80% of the raw verification rate.
 * The same run measures options: the portfolio-margin check of an account with 20 option
 * positions (≤ 50 µs, cold: every series repriced) and the apply of a block of option trades
 * (pre-verified, ≥ 200,000 trades/s).
 */
public final class BenchMain {
    static final double PRE_VERIFIED_GOAL_TRADES_PER_SECOND = 1_000_000;
    static final double VERIFIED_TO_RAW_GOAL = 0.80;
    static final double PORTFOLIO_MARGIN_GOAL_MICROS = 50;
    static final double OPTION_APPLY_GOAL_TRADES_PER_SECOND = 200_000;

    private BenchMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * {@code ledger [--quick]} or {@code consensus [--quick]}, parsed by picocli: exit code 0 when the goals were met,
     * 1 when not, 2 on bad arguments. Their help is {@code bin/ballast bench ledger|consensus --help} (the CLI jar).
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return new CommandLine(new Commands(out)).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .setSeparator(" ").execute(args);
    }

    @Command(name = "bench", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
            versionProvider = Version.class, description = "JMH benchmarks; bin/ballast bench --help describes them.")
    static final class Commands {
        private static final String QUICK = "about a minute instead of a few (fewer, shorter JMH iterations)";
        private final PrintStream out;

        Commands(PrintStream out) {
            this.out = out;
        }

        @Command(name = "ledger", description = "Ledger apply, raw Ed25519, portfolio margin, option trades (JMH).")
        int ledgerCommand(@Option(names = "--quick", description = QUICK) boolean quick) throws RunnerException {
            return ledger(quick, out);
        }

        @Command(name = "consensus", description = "4 validators over an in-memory network: tx/s and time to finality.")
        int consensusCommand(@Option(names = "--quick", description = QUICK) boolean quick) {
            return consensus(quick, out);
        }
    }

    /** The project version from the bench jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BenchMain.class.getPackage().getImplementationVersion();
            return new String[] {"ballast bench " + (version != null ? version : "(no version: not run from benchmarks.jar)")};
        }
    }

    private static int ledger(boolean quick, PrintStream out) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Ed25519VerifyBenchmark.class.getName() + "\\.verify$")
                .include("^" + LedgerApplyBenchmark.class.getName() + "\\.apply$")
                .include("^" + PortfolioMarginBenchmark.class.getName() + "\\.(cold|warm)$")
                .include("^" + OptionsApplyBenchmark.class.getName() + "\\.apply$")
                .forks(1)
                .threads(1)
                // the forked JVM gets the C2 workaround too (io.ballast.persistence.JitSafety.JVM_OPTIONS)
                .jvmArgsAppend("-Xms2g", "-Xmx2g", "-XX:+UnlockDiagnosticVMOptions", "-XX:ArrayOperationPartialInlineSize=0")
                .shouldFailOnError(true);
        if (quick) {
            options.warmupIterations(2).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(3).measurementTime(TimeValue.seconds(2));
        } else {
            options.warmupIterations(3).warmupTime(TimeValue.seconds(5))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(5));
        }
        double loadBefore = loadAverage();
        Collection<RunResult> results = new Runner(options.build()).run();
        double loadAfter = loadAverage();
        List<Row> rows = new ArrayList<>();
        for (RunResult result : results) {
            rows.add(Row.of(result));
        }
        if (rows.size() != 6) {
            out.println("expected 6 benchmark results, got " + rows.size());
            return 1;
        }
        print(rows, quick, out);
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "%nsystem load average (1 min): %.2f before, %.2f after, on %d cores%n", loadBefore, loadAfter, cores);
        if (Math.max(loadBefore, loadAfter) > cores) {
            out.println("warning: the machine was busy with other work; the benchmarks run one after another, so"
                    + " contention in one phase skews the ratio: repeat and take medians");
        }
        return 0;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    record Row(String name, String unit, double score, double error) {
        static Row of(RunResult result) {
            String benchmark = result.getParams().getBenchmark();
            if (benchmark.startsWith(PortfolioMarginBenchmark.class.getName())) {
                String which = benchmark.substring(benchmark.lastIndexOf('.') + 1);
                return new Row("Portfolio margin, " + PortfolioMarginBenchmark.OPTION_POSITIONS + " option positions (" + which + ")",
                        "µs/check", result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError());
            }
            if (benchmark.startsWith(OptionsApplyBenchmark.class.getName())) {
                return new Row("OptionsApply (pre-verified)", "option trades/s", result.getPrimaryResult().getScore(),
                        result.getPrimaryResult().getScoreError());
            }
            String mode = result.getParams().getParam("signatures");
            boolean ledger = mode != null;
            String label = ledger ? "LedgerApply (" + mode + ")" : "Ed25519 raw verify (BouncyCastle)";
            return new Row(label, ledger ? "trades/s" : "verifies/s",
                    result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError());
        }
    }

    static void print(List<Row> rows, boolean quick, PrintStream out) {
        Row raw = find(rows, "Ed25519");
        Row pre = find(rows, "LedgerApply (pre-verified)");
        Row verified = find(rows, "(verified)");
        Row cold = find(rows, "(cold)");
        Row warm = find(rows, "(warm)");
        Row options = find(rows, "OptionsApply");
        out.println();
        out.println("## ballast bench ledger" + (quick ? " --quick" : "") + " — "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", one thread, " + LedgerApplyBenchmark.TRADES_PER_BLOCK + " trades per block");
        out.println();
        out.println("| benchmark | score | ± error (99.9%) | unit |");
        out.println("|---|---:|---:|---|");
        for (Row row : List.of(raw, pre, verified, cold, warm, options)) {
            String format = row.unit().startsWith("µs") ? "| %s | %,.1f | %,.1f | %s |%n" : "| %s | %,.0f | %,.0f | %s |%n";
            out.printf(Locale.ROOT, format, row.name(), row.score(), row.error(), row.unit());
        }
        out.println();
        double ratio = verified.score() / raw.score();
        out.println("| goal | measured | target | result |");
        out.println("|---|---:|---:|---|");
        out.printf(Locale.ROOT, "| pre-verified apply | %,.0f trades/s | ≥ %,.0f trades/s | %s (%.2f× goal) |%n",
                pre.score(), PRE_VERIFIED_GOAL_TRADES_PER_SECOND,
                pre.score() >= PRE_VERIFIED_GOAL_TRADES_PER_SECOND ? "PASS" : "MISS",
                pre.score() / PRE_VERIFIED_GOAL_TRADES_PER_SECOND);
        out.printf(Locale.ROOT, "| verified apply / raw verify | %.3f | ≥ %.2f | %s |%n",
                ratio, VERIFIED_TO_RAW_GOAL, ratio >= VERIFIED_TO_RAW_GOAL ? "PASS" : "MISS");
        out.printf(Locale.ROOT, "| portfolio-margin check, 20 option positions (cold) | %.1f µs | ≤ %.0f µs | %s |%n",
                cold.score(), PORTFOLIO_MARGIN_GOAL_MICROS, cold.score() <= PORTFOLIO_MARGIN_GOAL_MICROS ? "PASS" : "MISS");
        out.printf(Locale.ROOT, "| pre-verified apply of option trades | %,.0f trades/s | ≥ %,.0f trades/s | %s (%.2f× goal) |%n",
                options.score(), OPTION_APPLY_GOAL_TRADES_PER_SECOND,
                options.score() >= OPTION_APPLY_GOAL_TRADES_PER_SECOND ? "PASS" : "MISS",
                options.score() / OPTION_APPLY_GOAL_TRADES_PER_SECOND);
    }

    private static Row find(List<Row> rows, String fragment) {
        return rows.stream().filter(r -> r.name().contains(fragment)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no result for " + fragment));
    }

    private static int consensus(boolean quick, PrintStream out) {
        int trades = quick ? 4_000 : 20_000;
        int[] batches = quick ? new int[] {100, 1_000} : new int[] {100, 500, 2_000};
        out.println("warming up (one unmeasured run)...");
        ConsensusBench.run(4, 500, quick ? 2_000 : 6_000);
        double rawVerifyPerSecond = ConsensusBench.rawVerifyPerSecond(3_000);
        out.printf(Locale.ROOT, "raw Ed25519 verify: %,.0f/s on this thread%n%n", rawVerifyPerSecond);
        out.printf(Locale.ROOT, "%-10s  %8s  %10s  %8s  %9s  %10s  %11s  %11s  %14s%n", "validators", "batch", "committed",
                "seconds", "tx/s", "tx/block", "final p50", "final p99", "tx/s ÷ verify/s");
        for (int batch : batches) {
            ConsensusBench.Result result = ConsensusBench.run(4, batch, trades);
            out.printf(Locale.ROOT, "%-10d  %8d  %10d  %8.2f  %9.0f  %10.1f  %8d ms  %8d ms  %14.3f%n", result.validators(),
                    result.batchTxs(), result.committedTxs(), result.seconds(), result.txPerSecond(),
                    (double) result.committedTxs() / Math.max(1, result.blocks()), result.finalityP50Millis(),
                    result.finalityP99Millis(), result.txPerSecond() / rawVerifyPerSecond);
        }
        out.println();
        out.println("Every validator verifies every client transaction once (admission) and every vote it receives;");
        out.println("all n validators share this one thread, so the ceiling is about raw verify/s ÷ n per transaction.");
        return 0;
    }
}
