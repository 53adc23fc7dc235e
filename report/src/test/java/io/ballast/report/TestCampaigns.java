package io.ballast.report;

import java.util.List;

/**
 * Small campaigns shared by the tests of this module (one JVM runs them all, so each is simulated once): one seed of
 * the classes that feed every section of the page, at 4 and 7 validators.
 */
final class TestCampaigns {
    static final List<FaultClass> EVERY_SECTION = List.of(FaultClass.NONE, FaultClass.CENSORSHIP,
            FaultClass.LYING_ORACLES, FaultClass.STAKE_THRESHOLD, FaultClass.MARKET_CRASH, FaultClass.OPTIONS_FEEDBACK,
            FaultClass.CHURN);

    private static CampaignResult small;

    private TestCampaigns() {}

    static ReportOptions smallOptions(int threads) {
        return new ReportOptions(1, 1, List.of(4, 7), EVERY_SECTION, PlantedBug.NONE, threads);
    }

    static synchronized CampaignResult small() {
        if (small == null) {
            small = Campaign.run(smallOptions(2), null);
        }
        return small;
    }

    static ReportModel smallModel() {
        return Report.analyse(small(), ClusterReport.NOT_RUN);
    }
}
