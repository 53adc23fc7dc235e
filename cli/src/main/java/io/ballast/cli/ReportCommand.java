package io.ballast.cli;

import io.ballast.report.Campaign;
import io.ballast.report.CampaignResult;
import io.ballast.report.ClassReport;
import io.ballast.report.ClusterReport;
import io.ballast.report.Report;
import io.ballast.report.ReportModel;
import io.ballast.report.SafetyReport;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code bin/ballast report}: the seeded campaign, optionally the chaos suite on real JVMs, then report.html and
 * report.json in the output directory. Progress goes to {@code err}; the verdicts and file names to {@code out}.
 * Exit code 0 when every class held, 1 when one was violated (or a cluster fault was not survived).
 */
@Command(name = "report", description = {"The resilience report: a seeded simulator campaign (every fault class, n = 4"
        + " and 7; --quick in a few minutes) written as DIR/report.html (one page, inline SVG) and DIR/report.json, every"
        + " number with its seed and the command that reproduces it; --cluster adds the chaos suite on real JVMs."
        + " Progress on stderr."})
final class ReportCommand implements Callable<Integer> {
    @Mixin
    private ReportArguments arguments;
    private final PrintStream out;
    private final PrintStream err;

    ReportCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        ReportArguments.Request request = arguments.request();
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
