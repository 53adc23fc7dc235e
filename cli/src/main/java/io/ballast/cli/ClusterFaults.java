package io.ballast.cli;

import io.ballast.chaos.ChaosRun;
import io.ballast.chaos.ChaosSoak;
import io.ballast.report.ClusterReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code report --cluster}: the chaos suite's faults once each on real JVMs, as rows of the report. */
final class ClusterFaults {
    private ClusterFaults() {}

    static ClusterReport run(Path runDir, PrintStream out) throws Exception {
        List<ChaosRun.Row> rows = ChaosSoak.runOnce(runDir, ClusterCommand.ownJar(), out);
        if (rows.isEmpty()) {
            throw new IllegalStateException("the local cluster did not form; see " + runDir);
        }
        return toReport(rows);
    }

    static ClusterReport toReport(List<ChaosRun.Row> rows) {
        List<ClusterReport.Fault> faults = new ArrayList<>();
        for (ChaosRun.Row row : rows) {
            faults.add(new ClusterReport.Fault(row.fault(), row.detectMillis(), row.commitsMillis(), row.healedMillis(),
                    row.p50Millis(), row.p99Millis(), row.progressDuring(), row.ackedDuring(), row.ackedTotal(), row.lost(),
                    row.problems()));
        }
        return ClusterReport.of(faults);
    }
}
