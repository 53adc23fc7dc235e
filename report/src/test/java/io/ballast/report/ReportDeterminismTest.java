package io.ballast.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The same seeds give a byte-identical report, whatever the number of threads that ran them. */
class ReportDeterminismTest {
    @Test
    void theSameSeedsGiveAByteIdenticalReport() {
        ReportModel first = TestCampaigns.smallModel();
        ReportModel again = Report.analyse(Campaign.run(TestCampaigns.smallOptions(1), null), ClusterReport.NOT_RUN);
        String json = JsonReport.write(first);
        assertEquals(json, JsonReport.write(again), "report.json");
        assertEquals(HtmlReport.render(first), HtmlReport.render(again), "report.html");
        assertTrue(json.contains("\"faultClass\": \"market-crash\""), "every section's class ran");
    }

    @Test
    void otherSeedsGiveOtherNumbers() {
        ReportOptions other = new ReportOptions(2, 1, List.of(4), List.of(FaultClass.NONE), PlantedBug.NONE, 2);
        ReportOptions same = new ReportOptions(1, 1, List.of(4), List.of(FaultClass.NONE), PlantedBug.NONE, 2);
        assertNotEquals(JsonReport.write(Report.analyse(Campaign.run(same, null), ClusterReport.NOT_RUN)),
                JsonReport.write(Report.analyse(Campaign.run(other, null), ClusterReport.NOT_RUN)));
    }
}
