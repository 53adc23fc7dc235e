package io.ballast.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.sim.Invariant;
import io.ballast.sim.SimMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A planted bug (the lock rule off on every validator: seed 5 of byzantine-equivocation with 4 validators commits
 * two blocks at one height, sim/README.md) turns the safety section red, naming the seed and a replay that works.
 */
class PlantedBugReportTest {
    private static ReportModel lockedOut;

    static synchronized ReportModel lockedOut() {
        if (lockedOut == null) {
            lockedOut = Report.analyse(Campaign.run(new ReportOptions(5, 1, List.of(4),
                    List.of(FaultClass.EQUIVOCATION), PlantedBug.LOCK, 2), null), ClusterReport.NOT_RUN);
        }
        return lockedOut;
    }

    @Test
    void withoutTheLockTheSafetySectionIsRedWithTheSeedThatShowsIt() {
        ReportModel model = lockedOut();
        assertEquals(SafetyReport.Status.VIOLATED, model.safety().status());
        SafetyReport.Violation violation = model.safety().violations().get(0);
        assertEquals(5, violation.seed());
        assertEquals(Invariant.AGREEMENT, violation.invariant());
        assertEquals("bin/ballast sim --scenario byzantine-equivocation --seed 5 --validators 4 --observe-ms 2500"
                + " --unsafe lock", violation.replay());
        assertEquals(ClassReport.Verdict.VIOLATED, model.classReport(FaultClass.EQUIVOCATION).verdict());
        String html = HtmlReport.render(model);
        assertTrue(html.contains("<p class=\"status red\">1 of 2 seeds broke an invariant"), "red banner");
        assertTrue(html.contains(Html.escape(violation.replay())) && html.contains(Html.escape(violation.message())));
        assertTrue(html.contains("Planted-bug run: the safety rule <b>lock</b>"), "the page says the run is rigged");
        assertTrue(JsonReport.write(model).contains("\"status\": \"VIOLATED\""));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] words = violation.replay().substring("bin/ballast sim ".length()).split(" ");
        int code = SimMain.run(List.of(words), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(violation.message()), "the replay shows the same");
    }

    @Test
    void theSameSeedWithTheLockHolds() {
        ReportModel model = Report.analyse(Campaign.run(new ReportOptions(5, 1, List.of(4),
                List.of(FaultClass.EQUIVOCATION), PlantedBug.NONE, 2), null), ClusterReport.NOT_RUN);
        assertEquals(SafetyReport.Status.HELD, model.safety().status());
        assertFalse(HtmlReport.render(model).contains("status red"));
        assertTrue(HtmlReport.render(model).contains("<p class=\"status green\">Every invariant held in all 2 seeds."));
    }
}
