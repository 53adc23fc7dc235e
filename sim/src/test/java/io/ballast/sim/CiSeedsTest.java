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
 * On a staking genesis, a few seeds of each churn scenario ({@code -Dsim.ci.churnSeeds=N} each), whose plan must
 * complete: joins, a leave, downtime jailing and unjailing, and in {@code churn} an equivocation slashed once, at
 * least once in a later epoch than the offence by the finder's report.
 */
class CiSeedsTest {
    static final int SEEDS = Integer.getInteger("sim.ci.seeds", 42 * Scenario.ALL.size());
    static final int COMBINED_SEEDS = Integer.getInteger("sim.ci.combinedSeeds", 300);
    /** Combined seeds start here, away from the seeds every scenario runs. */
    static final long COMBINED_FIRST_SEED = 1_000_001;
    static final int CHURN_SEEDS = Integer.getInteger("sim.ci.churnSeeds", 3);

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

    @Test
    void validatorChurnOnAStakingGenesisKeepsEveryInvariantAndCompletesItsPlan() {
        List<SeedResult> churn = run(SimRunner.plan(List.of(Scenario.named("churn")), 1, CHURN_SEEDS, 0,
                SafetyRules.SAFE, SafetyRules.SAFE));
        List<SeedResult> byzantine = run(SimRunner.plan(List.of(Scenario.named("churn-byzantine")), 1, CHURN_SEEDS, 0,
                SafetyRules.SAFE, SafetyRules.SAFE));
        assertNoViolation(churn);
        assertNoViolation(byzantine);
        int crossEpoch = 0;
        for (SeedResult result : churn) {
            assertChurnCompleted(result);
            assertTrue(result.churn().equivocationSlashes() >= 1, "the equivocator was slashed: " + result.replayCommand());
            crossEpoch += result.churn().crossEpochSlashes();
        }
        for (SeedResult result : byzantine) {
            assertChurnCompleted(result);
        }
        assertTrue(crossEpoch >= 1, "evidence found at an epoch's last height reached the ledger in a later epoch");
    }

    private static void assertChurnCompleted(SeedResult result) {
        ChurnResult churn = result.churn();
        String replay = result.replayCommand();
        assertEquals(Churn.JOINERS, churn.joined(), "both joiners were elected and certified blocks: " + replay);
        assertEquals(1, churn.left(), "the leaver withdrew its stake: " + replay);
        assertTrue(churn.jailed() >= 1 && churn.unjailed() >= 1, "downtime jailed, then Unjail: " + replay);
        assertTrue(churn.minValidators() >= 4, "at least four validators certified every block: " + replay);
        assertTrue(churn.maxPowerMovedPpm() <= 333_334, "no election moved more than a third: " + replay);
        assertEquals(result.height(), churn.security().size(), "a cost of corruption for every committed height: " + replay);
        assertTrue(churn.security().stream().allMatch(p -> p.stakeToHaltUsd() > 0 && p.collateralAtRiskUsd() > 0),
                "bonded stake and collateral at risk after every block: " + replay);
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
