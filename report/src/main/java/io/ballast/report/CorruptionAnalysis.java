package io.ballast.report;

import io.ballast.sim.ChurnResult;
import io.ballast.sim.SeedResult;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@link CorruptionReport} from the churn class's seeds (null when the class did not run or measured nothing). */
final class CorruptionAnalysis {
    private static final FaultClass CLASS = FaultClass.CHURN;

    private CorruptionAnalysis() {}

    /** One block of one seed. */
    private record At(long seed, ChurnResult.SecurityPoint point) {}

    static CorruptionReport build(CampaignResult campaign, Provenance provenance) {
        if (!campaign.options().classes().contains(CLASS)) {
            return null;
        }
        List<CorruptionReport.AtValidators> byN = new ArrayList<>();
        CorruptionReport.AtValidators lowest = null;
        for (int n : campaign.options().validators()) {
            CorruptionReport.AtValidators at = at(campaign.seeds(CLASS, n), n, provenance);
            byN.add(at);
            if (at != null && (lowest == null || at.lowestRatio().value() < lowest.lowestRatio().value())) {
                lowest = at;
            }
        }
        if (lowest == null) {
            return null; // no block measured (every seed stopped on a violation at once: the safety section says so)
        }
        CorruptionReport.Verdict verdict = lowest.lowestRatio().value() >= CorruptionReport.RATIO_ONE_PPM
                ? CorruptionReport.Verdict.COVERED : CorruptionReport.Verdict.BELOW_ONE;
        return new CorruptionReport(verdict, lowest.lowestRatio(), byN.stream().filter(a -> a != null).toList());
    }

    private static CorruptionReport.AtValidators at(List<SeedResult> seeds, int n, Provenance provenance) {
        At low = null;
        At high = null;
        long blocks = 0;
        List<Series.Point> ratio = new ArrayList<>();
        for (SeedResult result : seeds) {
            if (result.churn() == null) {
                continue; // a seed that stopped on a violation before the genesis (the safety section shows it)
            }
            for (ChurnResult.SecurityPoint point : result.churn().security()) {
                if (point.corruptionCostRatioPpm() == Long.MAX_VALUE) {
                    continue; // nothing at risk: no ratio
                }
                blocks++;
                ratio.add(new Series.Point(point.millis(), point.corruptionCostRatioPpm(), result.seed()));
                if (low == null || point.corruptionCostRatioPpm() < low.point().corruptionCostRatioPpm()) {
                    low = new At(result.seed(), point);
                }
                if (high == null || point.corruptionCostRatioPpm() > high.point().corruptionCostRatioPpm()) {
                    high = new At(result.seed(), point);
                }
            }
        }
        if (low == null) {
            return null;
        }
        List<Series.Point> slashable = new ArrayList<>();
        List<Series.Point> atRisk = new ArrayList<>();
        for (SeedResult result : seeds) {
            if (result.seed() == low.seed() && result.churn() != null) {
                for (ChurnResult.SecurityPoint point : result.churn().security()) {
                    slashable.add(new Series.Point(point.millis(), point.slashableOnForkUsd()));
                    atRisk.add(new Series.Point(point.millis(), point.collateralAtRiskUsd()));
                }
            }
        }
        List<CorruptionReport.SeedRow> rows = new ArrayList<>();
        for (SeedResult result : seeds) {
            if (result.churn() != null) {
                rows.add(row(result, n, provenance));
            }
        }
        long seed = low.seed();
        ChurnResult.SecurityPoint p = low.point();
        return new CorruptionReport.AtValidators(n, provenance.total(seeds.size(), Unit.COUNT, CLASS, n),
                provenance.total(blocks, Unit.COUNT, CLASS, n),
                provenance.ofSeed(p.corruptionCostRatioPpm(), Unit.RATIO_PPM, CLASS, n, seed),
                provenance.ofSeed(high.point().corruptionCostRatioPpm(), Unit.RATIO_PPM, CLASS, n, high.seed()),
                provenance.ofSeed(p.validators(), Unit.COUNT, CLASS, n, seed),
                provenance.ofSeed(p.totalPowerUsd(), Unit.MICRO_USD, CLASS, n, seed),
                provenance.ofSeed(p.stakeToHaltUsd(), Unit.MICRO_USD, CLASS, n, seed),
                provenance.ofSeed(p.stakeToForkUsd(), Unit.MICRO_USD, CLASS, n, seed),
                provenance.ofSeed(p.slashableOnForkUsd(), Unit.MICRO_USD, CLASS, n, seed),
                provenance.ofSeed(p.collateralAtRiskUsd(), Unit.MICRO_USD, CLASS, n, seed),
                provenance.series("corruption cost ratio", Unit.MILLISECONDS, Unit.RATIO_PPM, CLASS, n, ratio),
                provenance.seedSeries("slashable on fork", Unit.MILLISECONDS, Unit.MICRO_USD, CLASS, n, seed, slashable),
                provenance.seedSeries("collateral at risk", Unit.MILLISECONDS, Unit.MICRO_USD, CLASS, n, seed, atRisk),
                rows);
    }

    private static CorruptionReport.SeedRow row(SeedResult result, int n, Provenance provenance) {
        ChurnResult c = result.churn();
        long seed = result.seed();
        long lowest = c.security().stream().mapToLong(ChurnResult.SecurityPoint::corruptionCostRatioPpm)
                .filter(r -> r != Long.MAX_VALUE).min().orElse(-1);
        return new CorruptionReport.SeedRow(seed, result.replayCommand(), result.ok(),
                provenance.ofSeed(c.security().size(), Unit.COUNT, CLASS, n, seed),
                lowest < 0 ? null : provenance.ofSeed(lowest, Unit.RATIO_PPM, CLASS, n, seed),
                provenance.ofSeed(c.joined(), Unit.COUNT, CLASS, n, seed),
                provenance.ofSeed(c.left(), Unit.COUNT, CLASS, n, seed),
                provenance.ofSeed(c.jailed(), Unit.COUNT, CLASS, n, seed),
                provenance.ofSeed(c.unjailed(), Unit.COUNT, CLASS, n, seed),
                provenance.ofSeed(c.equivocationSlashes(), Unit.COUNT, CLASS, n, seed),
                provenance.ofSeed(c.reportSlashes(), Unit.COUNT, CLASS, n, seed),
                provenance.ofSeed(c.crossEpochSlashes(), Unit.COUNT, CLASS, n, seed));
    }
}
