package io.ballast.report;

import io.ballast.sim.SeedMetrics;
import io.ballast.sim.SeedResult;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@link CensorshipReport} (null when the class did not run). */
final class CensorshipAnalysis {
    private static final FaultClass CLASS = FaultClass.CENSORSHIP;

    private CensorshipAnalysis() {}

    static CensorshipReport build(CampaignResult campaign, Provenance provenance) {
        if (!campaign.options().classes().contains(CLASS)) {
            return null;
        }
        List<CensorshipReport.AtValidators> byN = new ArrayList<>();
        for (int n : campaign.options().validators()) {
            Samples censored = new Samples();
            Samples others = new Samples();
            for (SeedResult result : campaign.seeds(CLASS, n)) {
                for (SeedMetrics.TxSample tx : result.metrics().transactions()) {
                    (tx.censored() ? censored : others).add(tx.finalityMillis(), result.seed());
                }
            }
            byN.add(new CensorshipReport.AtValidators(n, group("censored traders, n = " + n, censored, n, provenance),
                    group("other transactions, n = " + n, others, n, provenance)));
        }
        return new CensorshipReport(byN);
    }

    private static CensorshipReport.Group group(String label, Samples samples, int n, Provenance provenance) {
        return new CensorshipReport.Group(provenance.total(samples.size(), Unit.COUNT, CLASS, n),
                provenance.rank(samples, 50, Unit.MILLISECONDS, CLASS, n),
                provenance.rank(samples, 99, Unit.MILLISECONDS, CLASS, n),
                provenance.max(samples, Unit.MILLISECONDS, CLASS, n),
                provenance.series(label, Unit.MILLISECONDS, Unit.PERMILLE, CLASS, n, samples.cdf()));
    }
}
