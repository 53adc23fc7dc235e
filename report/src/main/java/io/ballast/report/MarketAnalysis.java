package io.ballast.report;

import io.ballast.core.ledger.Units;
import io.ballast.sim.SeedMetrics;
import io.ballast.sim.SeedResult;
import java.util.ArrayList;
import java.util.List;

/** Builds the liquidation and solvency sections from the ledger side of every seed. */
final class MarketAnalysis {
    /** Scatter points per chart: enough to see the shape, few enough for a light page. */
    static final int MAX_POINTS = 600;
    private static final FaultClass CRASH = FaultClass.MARKET_CRASH;

    private MarketAnalysis() {}

    private record Liquidation(SeedMetrics.LiquidationSample sample, long seed) {}

    static LiquidationReport liquidations(CampaignResult campaign, Provenance provenance) {
        List<LiquidationReport.AtValidators> byN = new ArrayList<>();
        for (int n : campaign.options().validators()) {
            List<Liquidation> all = new ArrayList<>();
            long safeMode = 0;
            for (FaultClass c : campaign.options().classes()) {
                for (SeedResult result : campaign.seeds(c, n)) {
                    for (SeedMetrics.LiquidationSample sample : result.metrics().liquidations()) {
                        all.add(new Liquidation(sample, result.seed()));
                    }
                    safeMode += result.metrics().safeModeBlocks();
                }
            }
            long improper = all.stream().filter(l -> !l.sample().proper()).count();
            List<Series.Point> byFill = new ArrayList<>();
            List<Series.Point> byDepth = new ArrayList<>();
            int step = Math.max(1, (all.size() + MAX_POINTS - 1) / MAX_POINTS);
            for (int i = 0; i < all.size(); i += step) {
                Liquidation l = all.get(i);
                byFill.add(new Series.Point(l.sample().blockFillPpm(), l.sample().slippagePpm(), l.seed()));
                byDepth.add(new Series.Point(l.sample().mempoolDepth(), l.sample().slippagePpm(), l.seed()));
            }
            byN.add(new LiquidationReport.AtValidators(n, provenance.campaign(all.size(), Unit.COUNT, n),
                    provenance.campaign(improper, Unit.COUNT, n), provenance.campaign(safeMode, Unit.COUNT, n),
                    provenance.campaignSeries("slippage by block fill, n = " + n, Unit.PPM, Unit.PPM, n, byFill),
                    provenance.campaignSeries("slippage by mempool depth, n = " + n, Unit.COUNT, Unit.PPM, n, byDepth),
                    buckets(all, n, provenance)));
        }
        return new LiquidationReport(byN);
    }

    private static List<LiquidationReport.FillBucket> buckets(List<Liquidation> all, int n, Provenance provenance) {
        List<LiquidationReport.FillBucket> buckets = new ArrayList<>();
        long quarter = Units.PPM / 4;
        for (int q = 0; q < 4; q++) {
            long from = q * quarter;
            long to = q == 3 ? Units.PPM + 1 : from + quarter;
            Samples slippage = new Samples();
            Samples depth = new Samples();
            for (Liquidation l : all) {
                if (l.sample().blockFillPpm() >= from && l.sample().blockFillPpm() < to) {
                    slippage.add(l.sample().slippagePpm(), l.seed());
                    depth.add(l.sample().mempoolDepth(), l.seed());
                }
            }
            buckets.add(new LiquidationReport.FillBucket(from, Math.min(to, Units.PPM),
                    provenance.campaign(slippage.size(), Unit.COUNT, n),
                    provenance.campaignRank(slippage, 50, Unit.PPM, n), provenance.campaignRank(slippage, 100, Unit.PPM, n),
                    provenance.campaignRank(depth, 50, Unit.COUNT, n)));
        }
        return buckets;
    }

    static SolvencyReport solvency(CampaignResult campaign, Provenance provenance) {
        if (!campaign.options().classes().contains(CRASH)) {
            return null;
        }
        List<SolvencyReport.AtValidators> byN = new ArrayList<>();
        for (int n : campaign.options().validators()) {
            List<SeedResult> seeds = campaign.seeds(CRASH, n);
            Samples badDebt = new Samples();
            Samples drawdown = new Samples();
            long drawn = 0;
            long draws = 0;
            long adl = 0;
            long haircut = 0;
            long absorbed = 0;
            long liquidations = 0;
            long safeMode = 0;
            for (SeedResult result : seeds) {
                SeedMetrics m = result.metrics();
                badDebt.add(m.solvency().badDebtUsd(), result.seed());
                drawdown.add(navDrawdown(m), result.seed());
                drawn = Math.addExact(drawn, m.solvency().insuranceDrawnUsd());
                draws += m.solvency().insuranceDraws();
                adl += m.solvency().adlEvents();
                haircut = Math.addExact(haircut, m.solvency().adlHaircutUsd());
                absorbed = Math.addExact(absorbed, m.solvency().poolAbsorbedUsd());
                liquidations += m.liquidations().size();
                safeMode += m.safeModeBlocks();
            }
            SeedResult first = seeds.get(0);
            List<Series.Point> nav = new ArrayList<>();
            List<Series.Point> insurance = new ArrayList<>();
            List<Series.Point> index = new ArrayList<>();
            for (SeedMetrics.PoolPoint point : first.metrics().pool()) {
                nav.add(new Series.Point(point.millis(), point.poolNavUsd()));
                insurance.add(new Series.Point(point.millis(), point.insuranceFundUsd()));
                index.add(new Series.Point(point.millis(), point.indexPriceUsd()));
            }
            byN.add(new SolvencyReport.AtValidators(n, provenance.total(seeds.size(), Unit.COUNT, CRASH, n),
                    provenance.rank(badDebt, 50, Unit.MICRO_USD, CRASH, n), provenance.max(badDebt, Unit.MICRO_USD, CRASH, n),
                    provenance.total(drawn, Unit.MICRO_USD, CRASH, n), provenance.total(draws, Unit.COUNT, CRASH, n),
                    provenance.total(adl, Unit.COUNT, CRASH, n), provenance.total(haircut, Unit.MICRO_USD, CRASH, n),
                    provenance.total(absorbed, Unit.MICRO_USD, CRASH, n), provenance.max(drawdown, Unit.MICRO_USD, CRASH, n),
                    provenance.total(liquidations, Unit.COUNT, CRASH, n), provenance.total(safeMode, Unit.COUNT, CRASH, n),
                    provenance.seedSeries("pool NAV", Unit.MILLISECONDS, Unit.MICRO_USD, CRASH, n, first.seed(), nav),
                    provenance.seedSeries("insurance fund", Unit.MILLISECONDS, Unit.MICRO_USD, CRASH, n, first.seed(),
                            insurance),
                    provenance.seedSeries("index price", Unit.MILLISECONDS, Unit.MICRO_USD, CRASH, n, first.seed(), index)));
        }
        return new SolvencyReport(byN);
    }

    /** The pool's NAV after the first executed height − its lowest value over the run (0 if it never fell). */
    private static long navDrawdown(SeedMetrics m) {
        if (m.pool().isEmpty()) {
            return 0;
        }
        long start = m.pool().get(0).poolNavUsd();
        long low = start;
        for (SeedMetrics.PoolPoint point : m.pool()) {
            low = Math.min(low, point.poolNavUsd());
        }
        return start - low;
    }
}
