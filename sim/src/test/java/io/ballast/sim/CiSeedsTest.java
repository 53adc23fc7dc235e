package io.ballast.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.consensus.SafetyRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CI's seed sets with the production safety rules; every invariant must hold. 42 seeds per scenario
 * ({@code -Dsim.ci.seeds=N} runs N in all), and 300 more of {@code combined}, where long campaigns found
 * the rare liveness failures ({@code -Dsim.ci.combinedSeeds=N}); {@code -Dsim.threads=T} sets the parallelism.
 */
class CiSeedsTest {
    static final int SEEDS = Integer.getInteger("sim.ci.seeds", 42 * Scenario.ALL.size());
    static final int COMBINED_SEEDS = Integer.getInteger("sim.ci.combinedSeeds", 300);
    /** Combined seeds start here, away from the seeds every scenario runs. */
    static final long COMBINED_FIRST_SEED = 1_000_001;

    @Test
    void theSafeConfigurationPassesCisSeedSet() {
        List<SeedResult> results = run(SimRunner.plan(Scenario.ALL, 1, SEEDS, 0, SafetyRules.SAFE, SafetyRules.SAFE));
        assertEquals(SEEDS, results.size());
        assertEquals(Scenario.ALL.size(), SimRunner.summarize(results).size(), "every scenario ran");
        assertNoViolation(results);
    }

    @Test
    void theSafeConfigurationPassesMoreSeedsOfTheCombinedScenario() {
        List<SeedResult> results = run(SimRunner.plan(List.of(Scenario.named("combined")), COMBINED_FIRST_SEED,
                COMBINED_SEEDS, 0, SafetyRules.SAFE, SafetyRules.SAFE));
        assertEquals(COMBINED_SEEDS, results.size());
        assertNoViolation(results);
    }

    private static List<SeedResult> run(List<SimOptions> plan) {
        int threads = Integer.getInteger("sim.threads", Math.min(2, Runtime.getRuntime().availableProcessors()));
        long start = System.nanoTime();
        List<SeedResult> results = SimRunner.runAll(plan, threads, null);
        long millis = (System.nanoTime() - start) / 1_000_000;
        SimRunner.print(SimRunner.summarize(results), System.out);
        System.out.println(plan.size() + " seeds in " + millis + " ms on " + threads + " thread(s)");
        return results;
    }

    private static void assertNoViolation(List<SeedResult> results) {
        StringBuilder violations = new StringBuilder();
        for (SeedResult result : results) {
            if (!result.ok()) {
                violations.append('\n').append(result.violation()).append("\n  replay: ").append(result.replayCommand());
            }
        }
        assertTrue(violations.length() == 0, () -> "violations:" + violations);
    }
}
