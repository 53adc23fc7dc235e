package io.ballast.cli;

import io.ballast.report.Campaign;
import io.ballast.report.CampaignResult;
import io.ballast.report.ClassReport;
import io.ballast.report.ClusterReport;
import io.ballast.report.Report;
import io.ballast.report.ReportModel;
import io.ballast.report.SafetyReport;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code bin/ballast report}: the seeded campaign, optionally the chaos suite on real JVMs, then report.html and
 * report.json in the output directory. Progress goes to {@code err}; the verdicts and file names to {@code out}.
 * Exit code 0 when every class held, 1 when one was violated (or a cluster fault was not survived).
 */
final class ReportCommand {
    private ReportCommand() {}

    static int run(List<String> arguments, PrintStream out, PrintStream err) throws Exception {
        ReportArguments.Request request = ReportArguments.parse(arguments);
        long start = System.nanoTime();
        out.printf("report: %d seeds per class, %d classes, validators %s, %d threads: %s%n", request.options().seeds(),
                request.options().classes().size(), request.options().validators(), request.options().threads(),
                request.options().command());
        CampaignResult campaign = Campaign.run(request.options(), err);
        ReportModel model = Report.analyse(campaign, ClusterReport.NOT_RUN);
        // written before the cluster runs: a cluster that does not form (or a fault that hangs) keeps the simulator's page
        Report.write(model, request.outDir());
        ClusterReport cluster = ClusterReport.NOT_RUN;
        boolean ok = true;
        if (request.cluster()) {
            out.println("report: simulator pages written; now the chaos suite's faults on real JVMs");
            try {
                cluster = ClusterFaults.run(request.outDir().resolve("cluster-run"), out);
                model = Report.analyse(campaign, cluster);
                Report.write(model, request.outDir());
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                out.println("report: the cluster part failed (" + e.getMessage() + "); the page holds the simulator only");
                ok = false;
            }
        }
        ok &= model.safety().status() == SafetyReport.Status.HELD;
        for (ClassReport report : model.classes()) {
            out.printf("  %-24s %s%n", report.faultClass().id(), report.verdict());
            ok &= report.verdict() != ClassReport.Verdict.VIOLATED;
        }
        for (ClusterReport.Fault fault : cluster.faults()) {
            ok &= fault.survived();
        }
        for (SafetyReport.Violation v : model.safety().violations()) {
            out.println("VIOLATION " + v.faultClass().id() + " n=" + v.validators() + " seed=" + v.seed() + ": "
                    + v.message() + "\n  replay: " + v.replay());
        }
        out.printf("report: %s and %s in %d s; safety %s%n", request.outDir().resolve(Report.HTML_FILE),
                request.outDir().resolve(Report.JSON_FILE), (System.nanoTime() - start) / 1_000_000_000,
                model.safety().status());
        return ok ? 0 : 1;
    }
}
