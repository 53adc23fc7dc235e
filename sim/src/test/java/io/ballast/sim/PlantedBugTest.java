package io.ballast.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.consensus.SafetyRules;
import org.junit.jupiter.api.Test;

/**
 * The simulator must find planted bugs: with one safety rule switched off (on every validator)
 * it reports an agreement violation within 1,000 seeds of a suitable scenario, and the reported
 * seed replays alone to the same violation.
 */
class PlantedBugTest {
    static final int MAX_SEEDS = 1_000;

    @Test
    void withoutTheLockTheSimulatorFindsAnAgreementViolation() {
        SeedResult found = firstAgreementViolation("byzantine-equivocation", 4, SafetyRules.unsafeWithoutLock());
        assertReplays(found, SafetyRules.unsafeWithoutLock());
    }

    @Test
    void withoutPersistBeforeSignTheSimulatorFindsAnAgreementViolation() {
        SeedResult found = firstAgreementViolation(PERSIST_SCENARIO, 4, SafetyRules.unsafeWithoutPersistBeforeSign());
        assertReplays(found, SafetyRules.unsafeWithoutPersistBeforeSign());
    }

    static final String PERSIST_SCENARIO = "byzantine-equivocation";

    /** Scans seeds 1, 2, … in order (two at a time: seeds are independent) and returns the first agreement violation. */
    private static SeedResult firstAgreementViolation(String scenario, int validators, SafetyRules rules) {
        int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
        int chunk = 10;
        for (long first = 1; first <= MAX_SEEDS; first += chunk) {
            int count = (int) Math.min(chunk, MAX_SEEDS - first + 1);
            java.util.List<SimOptions> plan = new java.util.ArrayList<>();
            for (long seed = first; seed < first + count; seed++) {
                plan.add(new SimOptions(Scenario.named(scenario), seed, validators, rules, rules));
            }
            for (SeedResult result : SimRunner.runAll(plan, threads, null)) {
                if (result.violated() == Invariant.AGREEMENT) {
                    System.out.println(rules + " in " + scenario + ": " + result.violation() + "\n  replay: "
                            + result.replayCommand() + "  (seeds searched: " + result.seed() + ")");
                    return result;
                }
            }
        }
        throw new AssertionError("no agreement violation in " + MAX_SEEDS + " seeds of " + scenario + " with " + rules);
    }

    private static void assertReplays(SeedResult found, SafetyRules rules) {
        assertNotNull(found);
        assertTrue(found.replayCommand().contains("--seed " + found.seed()));
        String rulesFlag = rules.enforceLock() ? "persist" : "lock";
        assertTrue(found.replayCommand().endsWith(" --unsafe " + rulesFlag), found.replayCommand());
        // the printed command, run through the CLI, replays the violation (exit status 1, same message)
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        String[] words = found.replayCommand().substring("bin/ballast sim ".length()).split(" ");
        int code = SimMain.run(java.util.List.of(words), new java.io.PrintStream(out, true,
                java.nio.charset.StandardCharsets.UTF_8), new java.io.PrintStream(new java.io.ByteArrayOutputStream()));
        assertEquals(1, code);
        assertTrue(out.toString(java.nio.charset.StandardCharsets.UTF_8).contains(found.violation()));
        SeedResult again = SimRunner.runSeed(new SimOptions(Scenario.named(found.scenario()), found.seed(),
                found.validators(), rules, rules));
        assertEquals(found.violation(), again.violation(), "the seed alone replays the same violation");
        assertEquals(found.traceHash(), again.traceHash());
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        SimRunner.print(SimRunner.summarize(java.util.List.of(found)), new java.io.PrintStream(text, true,
                java.nio.charset.StandardCharsets.UTF_8));
        String report = text.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(report.contains("seed=" + found.seed()) && report.contains("replay: bin/ballast sim --scenario "
                + found.scenario() + " --seed " + found.seed() + " --validators " + found.validators() + " --unsafe "),
                report);
    }
}
