package io.ballast.sim;

import io.ballast.core.math.Percentiles;
import io.ballast.core.consensus.SafetyRules;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs many seeds (optionally on a few threads: seeds are independent) and summarizes them per scenario. */
public final class SimRunner {
    private SimRunner() {}

    /** Per-scenario aggregate. */
    public record Summary(String scenario, int seeds, List<SeedResult> violations, long finalityP50Millis,
                          long finalityP99Millis, long recoverRoundsP50, long recoverRoundsMax, long recoverMillisP50,
                          long recoverMillisP99, double committedTxPerSecond) {}

    /** Runs one seed: the unit every replay command executes. */
    public static SeedResult runSeed(SimOptions options) {
        return new Simulation(options).run();
    }

    /**
     * Seeds {@code firstSeed .. firstSeed+count-1}; with several scenarios, seed i runs scenario
     * {@code i mod |scenarios|} (so each seed belongs to exactly one scenario and replays alone).
     */
    public static List<SimOptions> plan(List<Scenario> scenarios, long firstSeed, int count, int validators,
                                        SafetyRules honest, SafetyRules byzantine) {
        List<SimOptions> plan = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long seed = firstSeed + i;
            Scenario scenario = scenarios.get((int) Math.floorMod(seed, (long) scenarios.size()));
            plan.add(new SimOptions(scenario, seed, validators, honest, byzantine));
        }
        return plan;
    }

    public static List<SeedResult> runAll(List<SimOptions> plan, int threads, PrintStream progress) {
        List<SeedResult> results = new ArrayList<>(plan.size());
        if (threads <= 1) {
            for (SimOptions options : plan) {
                results.add(runSeed(options));
                progress(progress, results.size(), plan.size());
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<SeedResult>> futures = new ArrayList<>();
                for (SimOptions options : plan) {
                    futures.add(pool.submit(() -> runSeed(options)));
                }
                for (Future<SeedResult> future : futures) {
                    results.add(future.get());
                    progress(progress, results.size(), plan.size());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a seed failed outside the invariants", e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        if (progress != null) {
            progress.print("\n");
            progress.flush();
        }
        return results;
    }

    private static void progress(PrintStream out, int done, int total) {
        if (out == null) {
            return;
        }
        if (done != total && done % Math.max(1, total / 200) != 0) {
            return;
        }
        int width = 30;
        int filled = (int) ((long) done * width / Math.max(1, total));
        out.print("\r[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + total);
        out.flush();
    }

    public static List<Summary> summarize(List<SeedResult> results) {
        Map<String, List<SeedResult>> byScenario = new LinkedHashMap<>();
        for (Scenario scenario : Scenario.ALL) {
            byScenario.put(scenario.name(), new ArrayList<>());
        }
        for (SeedResult result : results) {
            byScenario.computeIfAbsent(result.scenario(), k -> new ArrayList<>()).add(result);
        }
        List<Summary> summaries = new ArrayList<>();
        for (Map.Entry<String, List<SeedResult>> entry : byScenario.entrySet()) {
            List<SeedResult> list = entry.getValue();
            if (list.isEmpty()) {
                continue;
            }
            List<Long> finality = new ArrayList<>();
            List<Long> rounds = new ArrayList<>();
            List<Long> recover = new ArrayList<>();
            List<SeedResult> violations = new ArrayList<>();
            long txs = 0;
            long millis = 0;
            for (SeedResult r : list) {
                finality.addAll(r.finalityMillis());
                if (r.recoverRounds() >= 0) {
                    rounds.add((long) r.recoverRounds());
                    recover.add(r.recoverMillis());
                }
                if (!r.ok()) {
                    violations.add(r);
                }
                txs += r.committedTxs();
                millis += r.simulatedMillis();
            }
            summaries.add(new Summary(entry.getKey(), list.size(), violations, percentile(finality, 50),
                    percentile(finality, 99), percentile(rounds, 50), percentile(rounds, 100), percentile(recover, 50),
                    percentile(recover, 99), millis == 0 ? 0 : txs * 1000.0 / millis));
        }
        return summaries;
    }

    /** Nearest-rank percentile of an unsorted sample; -1 if empty. */
    static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return Percentiles.nearestRank(sorted, p, -1);
    }

    /**
     * The options feedback loop's measurements ({@code options-feedback} seeds): per seed, then
     * liquidation slippage against the congestion of the block that liquidated. Prints nothing if no
     * seed ran that scenario.
     */
    public static void printOptionsLoop(List<SeedResult> results, PrintStream out) {
        List<SeedResult> loops = results.stream().filter(r -> r.optionsLoop() != null).toList();
        if (loops.isEmpty()) {
            return;
        }
        out.println();
        out.println("options feedback loop (volatility jump, gamma hedgers in blocks of " + FeedbackLoop.MAX_BLOCK_TXS
                + " txs, faults): per seed");
        out.printf("%10s %3s %7s %10s %10s %9s %8s %7s %13s %9s %9s%n", "seed", "n", "blocks", "safe-mode", "full blks",
                "max fill", "opt trd", "hedges", "liquidations", "improper", "vol jump");
        long liquidations = 0;
        long improper = 0;
        long safe = 0;
        long blocks = 0;
        List<long[]> fills = new ArrayList<>();
        int shown = 0;
        for (SeedResult r : loops) {
            OptionsLoopResult o = r.optionsLoop();
            liquidations += o.liquidations();
            improper += o.improperLiquidations();
            safe += o.safeModeBlocks();
            blocks += o.blocks();
            fills.addAll(o.slippageByCongestion());
            if (shown++ < 60) {
                out.printf("%10d %3d %7d %10d %10d %8d%% %8d %7d %13d %9d %5.1fx@%.1fs%n", r.seed(), r.validators(), o.blocks(),
                        o.safeModeBlocks(), o.congestedBlocks(), o.maxCongestionPpm() / 10_000, o.optionTrades(),
                        o.hedgeTrades(), o.liquidations(), o.improperLiquidations(), o.volJumpFactor(),
                        o.volJumpAtMillis() / 1000.0);
            }
        }
        if (loops.size() > shown) {
            out.println("  (" + (loops.size() - 60) + " more seeds)");
        }
        out.printf("%d seeds: %d liquidations, %d improper (at the true price and volatility), %d of %d blocks in safe mode%n",
                loops.size(), liquidations, improper, safe, blocks);
        out.println();
        out.println("liquidation slippage by the congestion of the liquidating block (ppm of the fill's mark)");
        out.printf("%-14s %7s %7s %7s %7s%n", "block fill", "fills", "p50", "p99", "max");
        long[][] buckets = {{0, 250_000}, {250_000, 500_000}, {500_000, 750_000}, {750_000, 1_000_000}, {1_000_000, 1_000_001}};
        String[] names = {"0-25%", "25-50%", "50-75%", "75-99%", "full (100%)"};
        for (int b = 0; b < buckets.length; b++) {
            List<Long> slippage = new ArrayList<>();
            for (long[] fill : fills) {
                if (fill[0] >= buckets[b][0] && fill[0] < buckets[b][1]) {
                    slippage.add(fill[1]);
                }
            }
            out.printf("%-14s %7d %7d %7d %7d%n", names[b], slippage.size(), percentile(slippage, 50), percentile(slippage, 99),
                    percentile(slippage, 100));
        }
    }

    /** Per seed on a staking genesis (the churn scenarios): what the churn did and the lowest cost of corruption. */
    public static void printChurn(List<SeedResult> results, PrintStream out) {
        List<SeedResult> churned = results.stream().filter(r -> r.churn() != null).toList();
        if (churned.isEmpty()) {
            return;
        }
        out.println();
        out.println("validator churn on a staking genesis: per seed (slashed: for equivocation, by a report, in a later epoch)");
        out.printf("%10s %3s %7s %6s %4s %6s %8s %17s %10s %9s %8s %13s%n", "seed", "n", "blocks", "joined", "left",
                "jailed", "unjailed", "slashed/rep/later", "elections", "phased", "min set", "min ratio");
        int shown = 0;
        for (SeedResult r : churned) {
            ChurnResult c = r.churn();
            if (shown++ < 60) {
                long minRatio = c.security().stream().mapToLong(ChurnResult.SecurityPoint::corruptionCostRatioPpm).min()
                        .orElse(-1);
                out.printf("%10d %3d %7d %6d %4d %6d %8d %17s %10d %9d %8d %13s%n", r.seed(), r.validators(),
                        c.security().size(), c.joined(), c.left(), c.jailed(), c.unjailed(),
                        c.equivocationSlashes() + "/" + c.reportSlashes() + "/" + c.crossEpochSlashes(), c.elections(),
                        c.phasedElections(), c.minValidators(), minRatio < 0 ? "-" : String.format("%.4f", minRatio / 1e6));
            }
        }
        if (churned.size() > shown) {
            out.println("  (" + (churned.size() - 60) + " more seeds)");
        }
    }

    public static void print(List<Summary> summaries, PrintStream out) {
        out.printf("%-24s %6s %10s %18s %16s %18s %8s%n", "scenario", "seeds", "violations", "finality p50/p99 ms",
                "recover rounds", "recover ms p50/p99", "tx/s");
        for (Summary s : summaries) {
            out.printf("%-24s %6d %10d %18s %16s %18s %8.1f%n", s.scenario(), s.seeds(), s.violations().size(),
                    s.finalityP50Millis() + " / " + s.finalityP99Millis(),
                    s.recoverRoundsP50() + " (max " + s.recoverRoundsMax() + ")",
                    s.recoverMillisP50() + " / " + s.recoverMillisP99(), s.committedTxPerSecond());
        }
        for (Summary s : summaries) {
            for (SeedResult v : s.violations()) {
                out.println("VIOLATION scenario=" + v.scenario() + " seed=" + v.seed() + " validators=" + v.validators()
                        + ": " + v.violation());
                out.println("  replay: " + v.replayCommand());
            }
        }
    }
}
