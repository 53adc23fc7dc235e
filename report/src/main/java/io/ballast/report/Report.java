package io.ballast.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code bin/ballast report}: run a campaign, analyse it, write report.json and report.html. */
public final class Report {
    public static final String JSON_FILE = "report.json";
    public static final String HTML_FILE = "report.html";

    private Report() {}

    public static ReportModel run(ReportOptions options, ClusterReport cluster, PrintStream progress) {
        return analyse(Campaign.run(options, progress), cluster);
    }

    public static ReportModel analyse(CampaignResult campaign, ClusterReport cluster) {
        ReportOptions options = campaign.options();
        Provenance provenance = new Provenance(options);
        ReportModel.Header header = new ReportModel.Header(options.command(), options.firstSeed(), options.seeds(),
                options.validators(), options.classes(), options.bug(), ReportOptions.OBSERVE_MILLIS);
        return new ReportModel(header, new ClassAnalysis(campaign, provenance).all(),
                ThresholdAnalysis.build(campaign, provenance), MarketAnalysis.liquidations(campaign, provenance),
                MarketAnalysis.solvency(campaign, provenance), CorruptionAnalysis.build(campaign, provenance),
                CensorshipAnalysis.build(campaign, provenance), OptionsAnalysis.build(campaign, provenance),
                SafetyAnalysis.build(campaign, provenance), cluster);
    }

    /** Writes report.json and report.html into {@code dir} (created if needed). */
    public static void write(ReportModel model, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(JSON_FILE), JsonReport.write(model), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(HTML_FILE), HtmlReport.render(model), StandardCharsets.UTF_8);
    }
}
