package io.ballast.report;

import io.ballast.sim.SeedResult;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@link CorruptionReport}: what is measurable now, and what the cost of corruption still lacks. */
final class CorruptionAnalysis {
    private CorruptionAnalysis() {}

    static CorruptionReport build(CampaignResult campaign, Provenance provenance) {
        FaultClass worstClass = null;
        int worstN = 0;
        long worstSeed = 0;
        long worst = -1;
        for (FaultClass c : campaign.options().classes()) {
            for (int n : campaign.options().validators()) {
                for (SeedResult result : campaign.seeds(c, n)) {
                    long value = result.metrics().solvency().collateralAtRiskUsdMax();
                    if (value > worst) {
                        worst = value;
                        worstClass = c;
                        worstN = n;
                        worstSeed = result.seed();
                    }
                }
            }
        }
        Metric collateral = new Metric(worst, Unit.MICRO_USD, worstSeed,
                provenance.options().seedCommand(worstClass, worstN, worstSeed));
        List<CorruptionReport.AtValidators> byN = new ArrayList<>();
        for (int n : campaign.options().validators()) {
            long total = campaign.seeds(FaultClass.NONE, n).get(0).metrics().totalStake();
            long quorum = ThresholdAnalysis.quorumStake(total);
            byN.add(new CorruptionReport.AtValidators(n, provenance.configured(total, Unit.STAKE),
                    provenance.configured(total - quorum + 1, Unit.STAKE),
                    provenance.configured(2 * quorum - total, Unit.STAKE)));
        }
        return new CorruptionReport(CorruptionReport.Status.MISSING_INPUTS, List.of(CorruptionReport.Missing.values()),
                collateral, byN);
    }
}
