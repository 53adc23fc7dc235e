package io.ballast.report;

import io.ballast.core.ledger.Units;
import io.ballast.sim.OptionsLoopResult;
import io.ballast.sim.SeedMetrics;
import io.ballast.sim.SeedResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Builds the {@link OptionsReport} from the seeds of class options-feedback (null when the class did not run). */
final class OptionsAnalysis {
    /** Per-seed rows per validator count: the page stays readable in a long campaign; report.json holds the same. */
    static final int MAX_SEED_ROWS = 40;
    private static final FaultClass LOOP = FaultClass.OPTIONS_FEEDBACK;

    private OptionsAnalysis() {}

    private record Fill(long blockFillPpm, long slippagePpm, long seed) {}

    static OptionsReport build(CampaignResult campaign, Provenance provenance) {
        if (!campaign.options().classes().contains(LOOP)) {
            return null;
        }
        List<OptionsReport.AtValidators> byN = new ArrayList<>();
        for (int n : campaign.options().validators()) {
            byN.add(at(campaign, provenance, n));
        }
        return new OptionsReport(Verdicts.options(byN), byN);
    }

    /** The loop's numbers of one seed; a seed of this class without them is a broken campaign, not a zero. */
    static OptionsLoopResult loop(SeedResult result) {
        if (result.optionsLoop() == null) {
            throw new IllegalArgumentException("seed " + result.seed() + " of " + result.scenario()
                    + " carries no options feedback loop result");
        }
        return result.optionsLoop();
    }

    private static OptionsReport.AtValidators at(CampaignResult campaign, Provenance p, int n) {
        List<SeedResult> seeds = campaign.seeds(LOOP, n);
        long violations = 0;
        long blocks = 0;
        long liquidations = 0;
        long improper = 0;
        long perp = 0;
        long option = 0;
        long safeMode = 0;
        long expired = 0;
        long delayed = 0;
        long optionTrades = 0;
        long hedges = 0;
        long full = 0;
        Samples jump = new Samples();
        List<Fill> fills = new ArrayList<>();
        for (SeedResult result : seeds) {
            OptionsLoopResult o = loop(result);
            violations += result.ok() ? 0 : 1;
            blocks = Math.addExact(blocks, o.blocks());
            liquidations = Math.addExact(liquidations, o.liquidations());
            improper = Math.addExact(improper, o.improperLiquidations());
            perp = Math.addExact(perp, o.perpFills());
            option = Math.addExact(option, o.optionFills());
            safeMode = Math.addExact(safeMode, o.safeModeBlocks());
            expired = Math.addExact(expired, Math.addExact(o.seriesSettled(), o.settlementsDelayed()));
            delayed = Math.addExact(delayed, o.settlementsDelayed());
            optionTrades = Math.addExact(optionTrades, o.optionTrades());
            hedges = Math.addExact(hedges, o.hedgeTrades());
            full = Math.addExact(full, o.congestedBlocks());
            if (jumped(o)) {
                jump.add(jumpPpm(o), result.seed());
            }
            for (long[] fill : o.slippageByCongestion()) {
                fills.add(new Fill(fill[0], fill[1], result.seed()));
            }
        }
        List<Series.Point> byFill = new ArrayList<>();
        int step = Math.max(1, (fills.size() + MarketAnalysis.MAX_POINTS - 1) / MarketAnalysis.MAX_POINTS);
        for (int i = 0; i < fills.size(); i += step) {
            byFill.add(new Series.Point(fills.get(i).blockFillPpm(), fills.get(i).slippagePpm(), fills.get(i).seed()));
        }
        return new OptionsReport.AtValidators(n, p.total(seeds.size(), Unit.COUNT, LOOP, n),
                p.total(violations, Unit.COUNT, LOOP, n), p.total(blocks, Unit.COUNT, LOOP, n),
                p.total(liquidations, Unit.COUNT, LOOP, n), p.total(improper, Unit.COUNT, LOOP, n),
                p.total(perp, Unit.COUNT, LOOP, n), p.total(option, Unit.COUNT, LOOP, n),
                p.total(safeMode, Unit.COUNT, LOOP, n), p.total(expired, Unit.COUNT, LOOP, n),
                p.total(delayed, Unit.COUNT, LOOP, n), p.total(optionTrades, Unit.COUNT, LOOP, n),
                p.total(hedges, Unit.COUNT, LOOP, n), p.total(full, Unit.COUNT, LOOP, n),
                p.rank(jump, 50, Unit.RATIO_PPM, LOOP, n), p.max(jump, Unit.RATIO_PPM, LOOP, n),
                load(campaign, p, n, seeds),
                p.series("liquidation fills by block fill, n = " + n, Unit.PPM, Unit.PPM, LOOP, n, byFill),
                buckets(fills, p, n), rows(seeds, p, n));
    }

    private static boolean jumped(OptionsLoopResult o) {
        return o.volJumpAtMillis() >= 0;
    }

    private static long jumpPpm(OptionsLoopResult o) {
        return Math.round(o.volJumpFactor() * Units.PPM);
    }

    /** When the volatility jumped, or never (the whole run counts as before the jump). */
    private static long jumpAt(OptionsLoopResult o) {
        return jumped(o) ? o.volJumpAtMillis() : Long.MAX_VALUE;
    }

    private static OptionsReport.Load load(CampaignResult campaign, Provenance p, int n, List<SeedResult> seeds) {
        Samples before = new Samples();
        Samples after = new Samples();
        for (SeedResult result : seeds) {
            long jumpAt = jumpAt(loop(result));
            for (SeedMetrics.TxSample tx : result.metrics().transactions()) {
                (tx.submittedMillis() < jumpAt ? before : after).add(tx.finalityMillis(), result.seed());
            }
        }
        Samples baseline = new Samples();
        for (SeedResult result : campaign.seeds(FaultClass.NONE, n)) {
            for (SeedMetrics.TxSample tx : result.metrics().transactions()) {
                baseline.add(tx.finalityMillis(), result.seed());
            }
        }
        return new OptionsReport.Load(p.rank(before, 50, Unit.MILLISECONDS, LOOP, n),
                p.rank(before, 99, Unit.MILLISECONDS, LOOP, n), p.rank(after, 50, Unit.MILLISECONDS, LOOP, n),
                p.rank(after, 99, Unit.MILLISECONDS, LOOP, n), p.max(after, Unit.MILLISECONDS, LOOP, n),
                p.rank(baseline, 50, Unit.MILLISECONDS, FaultClass.NONE, n),
                p.rank(baseline, 99, Unit.MILLISECONDS, FaultClass.NONE, n),
                p.series("before the jump", Unit.MILLISECONDS, Unit.PERMILLE, LOOP, n, before.cdf()),
                p.series("from the jump on", Unit.MILLISECONDS, Unit.PERMILLE, LOOP, n, after.cdf()),
                p.series("no faults", Unit.MILLISECONDS, Unit.PERMILLE, FaultClass.NONE, n, baseline.cdf()));
    }

    private static List<LiquidationReport.FillBucket> buckets(List<Fill> fills, Provenance p, int n) {
        List<LiquidationReport.FillBucket> buckets = new ArrayList<>();
        long quarter = Units.PPM / 4;
        for (int q = 0; q < 4; q++) {
            long from = q * quarter;
            long to = q == 3 ? Units.PPM + 1 : from + quarter;
            Samples slippage = new Samples();
            for (Fill fill : fills) {
                if (fill.blockFillPpm() >= from && fill.blockFillPpm() < to) {
                    slippage.add(fill.slippagePpm(), fill.seed());
                }
            }
            buckets.add(new LiquidationReport.FillBucket(from, Math.min(to, Units.PPM),
                    p.total(slippage.size(), Unit.COUNT, LOOP, n), p.rank(slippage, 50, Unit.PPM, LOOP, n),
                    p.rank(slippage, 100, Unit.PPM, LOOP, n), null));
        }
        return buckets;
    }

    private static boolean flagged(SeedResult result) {
        return !result.ok() || loop(result).improperLiquidations() > 0;
    }

    private static List<OptionsReport.SeedRow> rows(List<SeedResult> seeds, Provenance p, int n) {
        List<SeedResult> shown = new ArrayList<>(seeds.stream().filter(OptionsAnalysis::flagged).limit(MAX_SEED_ROWS)
                .toList());
        for (SeedResult result : seeds) {
            if (shown.size() >= MAX_SEED_ROWS) {
                break;
            }
            if (!flagged(result)) {
                shown.add(result);
            }
        }
        shown.sort(Comparator.comparingLong(SeedResult::seed));
        List<OptionsReport.SeedRow> rows = new ArrayList<>();
        for (SeedResult result : shown) {
            OptionsLoopResult o = loop(result);
            long seed = result.seed();
            Samples after = new Samples();
            for (SeedMetrics.TxSample tx : result.metrics().transactions()) {
                if (tx.submittedMillis() >= jumpAt(o)) {
                    after.add(tx.finalityMillis(), seed);
                }
            }
            Samples.Sample p99 = after.percentile(99);
            rows.add(new OptionsReport.SeedRow(seed, result.replayCommand(), result.ok(),
                    jumped(o) ? p.ofSeed(jumpPpm(o), Unit.RATIO_PPM, LOOP, n, seed) : null,
                    jumped(o) ? p.ofSeed(o.volJumpAtMillis(), Unit.MILLISECONDS, LOOP, n, seed) : null,
                    p.ofSeed(o.liquidations(), Unit.COUNT, LOOP, n, seed),
                    p.ofSeed(o.improperLiquidations(), Unit.COUNT, LOOP, n, seed),
                    p.ofSeed(o.perpFills(), Unit.COUNT, LOOP, n, seed), p.ofSeed(o.optionFills(), Unit.COUNT, LOOP, n, seed),
                    p.ofSeed(o.safeModeBlocks(), Unit.COUNT, LOOP, n, seed), p.ofSeed(o.blocks(), Unit.COUNT, LOOP, n, seed),
                    p.ofSeed(o.congestedBlocks(), Unit.COUNT, LOOP, n, seed),
                    p.ofSeed(o.hedgeTrades(), Unit.COUNT, LOOP, n, seed),
                    p99 == null ? null : p.ofSeed(p99.value(), Unit.MILLISECONDS, LOOP, n, seed)));
        }
        return rows;
    }
}
