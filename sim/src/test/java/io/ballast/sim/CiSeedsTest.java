package io.ballast.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.consensus.SafetyRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CI's seed set: 504 seeds (42 per scenario) with the production safety rules must hold every
 * invariant. {@code -Dsim.ci.seeds=N} runs more; {@code -Dsim.threads=T} sets the parallelism.
 */
class CiSeedsTest {
    static final int SEEDS = Integer.getInteger("sim.ci.seeds", 504);

    @Test
    void theSafeConfigurationPassesCisSeedSet() {
        int threads = Integer.getInteger("sim.threads", Math.min(2, Runtime.getRuntime().availableProcessors()));
        long start = System.nanoTime();
        List<SeedResult> results = SimRunner.runAll(
                SimRunner.plan(Scenario.ALL, 1, SEEDS, 0, SafetyRules.SAFE, SafetyRules.SAFE), threads, null);
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<SimRunner.Summary> summaries = SimRunner.summarize(results);
        SimRunner.print(summaries, System.out);
        System.out.println(SEEDS + " seeds in " + millis + " ms on " + threads + " thread(s)");
        assertEquals(SEEDS, results.size());
        assertEquals(Scenario.ALL.size(), summaries.size(), "every scenario ran");
        StringBuilder violations = new StringBuilder();
        for (SeedResult result : results) {
            if (!result.ok()) {
                violations.append('\n').append(result.violation()).append("\n  replay: ").append(result.replayCommand());
            }
        }
        assertTrue(violations.length() == 0, () -> "violations:" + violations);
    }
}
