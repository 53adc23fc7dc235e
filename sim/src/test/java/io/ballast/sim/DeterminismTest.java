package io.ballast.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** A seed is a complete description of a run: the same seed twice gives the same trace. */
class DeterminismTest {
    @Test
    void theSameSeedTwiceGivesAnIdenticalTraceHash() {
        for (String name : new String[] {"combined", "twins", "garbage", "crash-restart", "lying-oracles", "churn"}) {
            SimOptions options = SimOptions.of(Scenario.named(name), 7, 0);
            SeedResult first = SimRunner.runSeed(options);
            SeedResult second = SimRunner.runSeed(options);
            assertEquals(first.traceHash(), second.traceHash(), name);
            assertEquals(first, second, name + ": every measured number too");
        }
    }

    @Test
    void differentSeedsGiveDifferentRuns() {
        Scenario scenario = Scenario.named("lossy");
        assertNotEquals(SimRunner.runSeed(SimOptions.of(scenario, 1, 4)).traceHash(),
                SimRunner.runSeed(SimOptions.of(scenario, 2, 4)).traceHash());
    }

    @Test
    void aPinnedValidatorCountKeepsTheRestOfTheSeedsChoices() {
        SeedResult drawn = SimRunner.runSeed(SimOptions.of(Scenario.named("happy"), 3, 0));
        SeedResult pinned = SimRunner.runSeed(SimOptions.of(Scenario.named("happy"), 3, drawn.validators()));
        assertEquals(drawn.traceHash(), pinned.traceHash(), "the replay command pins --validators");
    }
}
