package io.ballast.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimMainTest {
    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SimMain.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void runsSeedsOfOneScenarioWithAProgressBarAndASummary() {
        Run run = run("--seeds", "3", "--scenario", "happy", "--validators", "4");
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("[") && run.err().contains("3/3"), run.err());
        assertTrue(run.out().contains("happy") && run.out().contains("finality p50/p99"), run.out());
        assertTrue(run.out().contains("3 seeds, 0 violations"), run.out());
    }

    @Test
    void allScenariosSplitTheSeeds() {
        Run run = run("--seeds", String.valueOf(Scenario.ALL.size()), "--validators", "4");
        assertEquals(0, run.code(), run.out());
        for (String name : Scenario.names()) {
            assertTrue(run.out().contains(name), name);
        }
    }

    @Test
    void badArgumentsExitWithTwo() {
        assertEquals(2, run("--scenario", "nope").code());
        assertEquals(2, run("--validators", "3").code());
        assertEquals(2, run("--seeds").code());
        assertEquals(2, run("--frobnicate").code());
    }

    @Test
    void helpListsTheOptionsAndBadOnesSayWhich() {
        Run help = run("--help");
        assertEquals(0, help.code(), help.err());
        for (String option : List.of("--seeds N", "--scenario NAME", "--validators N", "--seed S", "--threads T",
                "--observe-ms M", "--unsafe lock|persist")) {
            assertTrue(help.out().contains(option), option + " in\n" + help.out());
        }
        assertTrue(run("--frobnicate").err().contains("Unknown option: '--frobnicate'"));
        assertTrue(run("--validators", "3").err().contains("--validators must be within 4..10"));
        assertTrue(run("--scenario", "nope").err().contains("unknown scenario 'nope'"));
    }

    @Test
    void oneSeedReplaysAlone() {
        Run run = run("--scenario", "twins", "--seed", "5", "--validators", "4");
        assertEquals(0, run.code(), run.out());
        assertTrue(run.out().contains("1 seeds, 0 violations"), run.out());
    }
}
