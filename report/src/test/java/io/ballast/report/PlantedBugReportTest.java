package io.ballast.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.sim.Invariant;
import io.ballast.sim.SeedResult;
import io.ballast.sim.SimMain;
import io.ballast.sim.SimOptions;
import io.ballast.sim.SimRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A planted bug (persist-before-sign off on every validator) turns the safety section red, naming the seed and a
 * replay that works. The seed is searched, not written down: which seed of byzantine-equivocation breaks first moves
 * whenever the protocol's trajectory changes (for the lock it was seed 5 before main's liveness fixes and 43
 * after; sim's PlantedBugTest searches the same way).
 */
class PlantedBugReportTest {
    /** Seeds searched for a violation (with main's liveness fixes the first is seed 4; sim's PlantedBugTest finds it too). */
    static final int MAX_SEEDS = 60;
    private static final PlantedBug BUG = PlantedBug.PERSIST;
    private static long seed;
    private static ReportModel broken;

    /** The first seed (1, 2, …) of byzantine-equivocation at n = 4 that the planted bug breaks, as the campaign runs it. */
    static synchronized long firstBrokenSeed() {
        if (seed == 0) {
            for (long s = 1; s <= MAX_SEEDS && seed == 0; s++) {
                SeedResult result = SimRunner.runSeed(new SimOptions(FaultClass.EQUIVOCATION.scenario(), s, 4,
                        BUG.rules(), BUG.rules(), ReportOptions.OBSERVE_MILLIS));
                if (result.violated() == Invariant.AGREEMENT) {
                    seed = s;
                }
            }
            assertTrue(seed > 0, "no agreement violation in " + MAX_SEEDS + " seeds with --unsafe " + BUG.id());
        }
        return seed;
    }

    static synchronized ReportModel broken() {
        if (broken == null) {
            broken = Report.analyse(Campaign.run(new ReportOptions(firstBrokenSeed(), 1, List.of(4),
                    List.of(FaultClass.EQUIVOCATION), BUG, 2), null), ClusterReport.NOT_RUN);
        }
        return broken;
    }

    @Test
    void withAPlantedBugTheSafetySectionIsRedWithTheSeedThatShowsIt() {
        ReportModel model = broken();
        long s = firstBrokenSeed();
        assertEquals(SafetyReport.Status.VIOLATED, model.safety().status());
        SafetyReport.Violation violation = model.safety().violations().stream()
                .filter(v -> v.faultClass() == FaultClass.EQUIVOCATION).findFirst().orElseThrow();
        assertEquals(s, violation.seed());
        assertEquals(Invariant.AGREEMENT, violation.invariant());
        assertEquals("bin/ballast sim --scenario byzantine-equivocation --seed " + s + " --validators 4 --observe-ms 2500"
                + " --unsafe persist", violation.replay());
        assertEquals("bin/ballast report --class byzantine-equivocation --validators 4 --seed " + s + " --seeds 1"
                + " --unsafe persist", violation.command());
        assertEquals(ClassReport.Verdict.VIOLATED, model.classReport(FaultClass.EQUIVOCATION).verdict());
        String html = HtmlReport.render(model);
        assertTrue(java.util.regex.Pattern.compile("<p class=\"status red\">[12] of 2 seeds broke an invariant").matcher(html)
                .find(), "red banner");
        assertTrue(html.contains(Html.escape(violation.replay())) && html.contains(Html.escape(violation.message())));
        assertTrue(html.contains("Planted-bug run: the safety rule <b>persist</b>"), "the page says the run is rigged");
        assertTrue(JsonReport.write(model).contains("\"status\": \"VIOLATED\""));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] words = violation.replay().substring("bin/ballast sim ".length()).split(" ");
        int code = SimMain.run(List.of(words), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(violation.message()), "the replay shows the same");
    }

    @Test
    void theSameSeedWithTheSafetyRulesHolds() {
        ReportModel model = Report.analyse(Campaign.run(new ReportOptions(firstBrokenSeed(), 1, List.of(4),
                List.of(FaultClass.EQUIVOCATION), PlantedBug.NONE, 2), null), ClusterReport.NOT_RUN);
        assertEquals(SafetyReport.Status.HELD, model.safety().status());
        assertFalse(HtmlReport.render(model).contains("status red"));
        assertTrue(HtmlReport.render(model).contains("<p class=\"status green\">Every invariant held in all 2 seeds."));
    }
}
