package io.ballast.report;

import io.ballast.core.consensus.SafetyRules;
import io.ballast.sim.SeedResult;
import io.ballast.sim.SimOptions;
import io.ballast.sim.SimRunner;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Runs a campaign's seeds through the simulator (in parallel: seeds are independent), with progress on a terminal. */
public final class Campaign {
    private Campaign() {}

    private record Planned(FaultClass faultClass, SimOptions options) {}

    private record Done(int index, SeedResult result) {}

    public static CampaignResult run(ReportOptions options, PrintStream progress) {
        List<Planned> plan = plan(options);
        List<SeedResult> results = execute(plan, options.threads(), progress);
        Map<FaultClass, Map<Integer, List<SeedResult>>> grouped = new LinkedHashMap<>();
        for (int i = 0; i < plan.size(); i++) {
            Planned planned = plan.get(i);
            grouped.computeIfAbsent(planned.faultClass(), c -> new LinkedHashMap<>())
                    .computeIfAbsent(planned.options().validators(), n -> new ArrayList<>()).add(results.get(i));
        }
        return new CampaignResult(options, grouped);
    }

    private static List<Planned> plan(ReportOptions options) {
        SafetyRules rules = options.bug().rules();
        List<Planned> plan = new ArrayList<>();
        for (FaultClass faultClass : options.classes()) {
            for (int n : options.validators()) {
                for (long seed = options.firstSeed(); seed < options.firstSeed() + options.seeds(); seed++) {
                    plan.add(new Planned(faultClass, new SimOptions(faultClass.scenario(), seed, n, rules, rules,
                            ReportOptions.OBSERVE_MILLIS)));
                }
            }
        }
        return plan;
    }

    private static List<SeedResult> execute(List<Planned> plan, int threads, PrintStream progress) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "report-seed");
            thread.setDaemon(true);
            return thread;
        });
        long start = System.nanoTime();
        try {
            CompletionService<Done> done = new ExecutorCompletionService<>(pool);
            // the plan's last classes (congestion, stake-threshold, market-crash) and larger validator sets are the
            // slowest seeds: started first, they do not leave one thread busy while the other waits at the end
            for (int i = plan.size() - 1; i >= 0; i--) {
                int index = i;
                done.submit(() -> new Done(index, SimRunner.runSeed(plan.get(index).options())));
            }
            SeedResult[] results = new SeedResult[plan.size()];
            for (int finished = 1; finished <= plan.size(); finished++) {
                Done next = done.take().get();
                results[next.index()] = next.result();
                report(progress, finished, plan.size(), plan.get(next.index()), start);
            }
            return List.of(results);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a seed failed outside the invariants", e.getCause());
        } finally {
            pool.shutdownNow();
            if (progress != null) {
                progress.println();
            }
        }
    }

    private static void report(PrintStream out, int done, int total, Planned last, long startNanos) {
        if (out == null) {
            return;
        }
        long elapsed = (System.nanoTime() - startNanos) / 1_000_000_000;
        long left = done == 0 ? 0 : elapsed * (total - done) / done;
        int width = 30;
        int filled = (int) ((long) done * width / total);
        out.printf("\rreport: [%s%s] %d/%d seeds, %s elapsed, ~%s left (last: %s n=%d seed %d)   ",
                "#".repeat(filled), ".".repeat(width - filled), done, total, clock(elapsed), clock(left),
                last.faultClass().id(), last.options().validators(), last.options().seed());
        out.flush();
    }

    private static String clock(long seconds) {
        return seconds / 60 + ":" + String.format("%02d", seconds % 60);
    }
}
