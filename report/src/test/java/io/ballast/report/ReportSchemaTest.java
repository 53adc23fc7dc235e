package io.ballast.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** report.json follows report.schema.json (draft 2020-12), and the schema rejects what it should. */
class ReportSchemaTest {
    private static Schema schema() throws IOException {
        try (InputStream in = ReportSchemaTest.class.getResourceAsStream("/io/ballast/report/report.schema.json")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text, InputFormat.JSON);
        }
    }

    private static List<Error> errors(String json) throws IOException {
        return schema().validate(json, InputFormat.JSON);
    }

    @Test
    void theReportFollowsTheSchema() throws IOException {
        List<Error> errors = errors(JsonReport.write(TestCampaigns.smallModel()));
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void aReportWithAClusterSectionAndViolationsFollowsTheSchemaToo() throws IOException {
        ReportModel model = PlantedBugReportTest.broken();
        ReportModel withCluster = new ReportModel(model.header(), model.classes(), model.threshold(), model.liquidations(),
                model.solvency(), model.corruption(), model.censorship(), model.options(), model.safety(), ClusterReport.of(List.of(
                        new ClusterReport.Fault("kill -9 node-3", 5554, 2543, 71308, 263, 2481, 48, 71, 717, 0, List.of()))));
        List<Error> errors = errors(JsonReport.write(withCluster));
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void anImproperLiquidationOfTheOptionsLoopPassesOnlyAsViolated() throws IOException {
        String json = JsonReport.write(OptionsSectionTest.model(OptionsSectionTest.loop(4, 1)));
        List<Error> errors = errors(json);
        assertTrue(errors.isEmpty(), errors.toString());
        String reportedFine = json.replaceFirst("(\"options\": \\{\\s*\"verdict\": )\"VIOLATED\"", "$1\"HELD\"");
        assertFalse(reportedFine.equals(json), "the options verdict was rewritten");
        assertFalse(errors(reportedFine).isEmpty(), "an improper liquidation under a HELD verdict");
        assertTrue(errors(JsonReport.write(OptionsSectionTest.model(OptionsSectionTest.loop(4, 0)))).isEmpty());
    }

    @Test
    void theCostOfCorruptionPassesOnlyWithTheVerdictItsLowestRatioGives() throws IOException {
        String json = JsonReport.write(TestCampaigns.smallModel());
        assertTrue(json.contains("\"corruption\": {"), "the small campaign runs churn");
        String verdict = TestCampaigns.smallModel().corruption().verdict().name();
        String other = verdict.equals("COVERED") ? "BELOW_ONE" : "COVERED";
        String flipped = json.replaceFirst("(\"corruption\": \\{\\s*\"verdict\": )\"" + verdict + "\"", "$1\"" + other + "\"");
        assertFalse(flipped.equals(json), "the corruption verdict was rewritten");
        assertFalse(errors(flipped).isEmpty(), "a verdict its lowest ratio contradicts");
        assertFalse(errors(json.replaceFirst("\"slashableOnForkUsd\": \\{", "\"slashableOnForkUzd\": {")).isEmpty());
        assertFalse(errors(json.replaceFirst("\"faultClass\": \"churn\"", "\"faultClass\": \"churning\"")).isEmpty());
    }

    @Test
    void theSchemaRejectsAReportWithoutTheOptionsSection() throws IOException {
        String json = JsonReport.write(TestCampaigns.smallModel());
        assertTrue(json.contains("\"options\": {"), "the small campaign runs options-feedback");
        assertFalse(errors(json.replaceFirst("\"options\": \\{", "\"optionz\": {")).isEmpty());
        assertFalse(errors(json.replaceFirst("\"perpFills\": \\{", "\"perpFillz\": {")).isEmpty());
        assertFalse(errors(json.replaceFirst("\"faultClass\": \"options-feedback\"", "\"faultClass\": \"options\""))
                .isEmpty());
    }

    @Test
    void theSchemaRejectsANumberWithoutItsCommandAndAnUnknownClass() throws IOException {
        String json = JsonReport.write(TestCampaigns.smallModel());
        String noCommand = json.replaceFirst("\"command\": \"bin/ballast report --class none --validators 4",
                "\"kommand\": \"bin/ballast report --class none --validators 4");
        assertFalse(errors(noCommand).isEmpty(), "a metric without its command");
        assertFalse(errors(json.replaceFirst("\"faultClass\": \"none\"", "\"faultClass\": \"meteor\"")).isEmpty());
        assertFalse(errors(json.replaceFirst("\"seed\": 1,", "\"seed\": \"one\",")).isEmpty(), "a seed that is text");
    }
}
