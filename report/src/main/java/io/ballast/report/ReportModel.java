package io.ballast.report;

import java.util.List;

/**
 * Everything the page shows; report.json is this, written out. Sections of classes that did not run are null.
 */
public record ReportModel(Header header, List<ClassReport> classes, ThresholdReport threshold,
                          LiquidationReport liquidations, SolvencyReport solvency, CorruptionReport corruption,
                          CensorshipReport censorship, OptionsReport options, SafetyReport safety,
                          ClusterReport cluster) {
    public ReportModel {
        classes = List.copyOf(classes);
    }

    /**
     * @param command        what runs this campaign again
     * @param observeMillis  how long each seed ran on after its liveness check (the hangover's window)
     */
    public record Header(String command, long firstSeed, int seeds, List<Integer> validators,
                         List<FaultClass> classes, PlantedBug bug, long observeMillis) {
        public Header {
            validators = List.copyOf(validators);
            classes = List.copyOf(classes);
        }
    }

    public ClassReport classReport(FaultClass faultClass) {
        for (ClassReport report : classes) {
            if (report.faultClass() == faultClass) {
                return report;
            }
        }
        return null;
    }
}
