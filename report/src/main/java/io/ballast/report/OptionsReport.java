package io.ballast.report;

import java.util.List;

/**
 * The delta/gamma feedback loop (class options-feedback): what the volatility jump and the hedgers' flow did to the
 * market and to consensus, per validator count. Every liquidation of the loop was audited at the true price and
 * volatility the simulator knows; one that would not have happened there is improper (must be 0).
 *
 * @param verdict the worst that happened (see {@link Verdicts#options})
 */
public record OptionsReport(ClassReport.Verdict verdict, List<AtValidators> byValidators) {
    public OptionsReport {
        byValidators = List.copyOf(byValidators);
    }

    /**
     * Sums over the seeds at one validator count.
     *
     * @param liquidations        accounts liquidated (at block end or by keepers)
     * @param improper            of those, accounts at or above maintenance at the true price and volatility
     * @param perpFills           liquidation fills on the perpetual (positions closed and delta hedges)
     * @param optionFills         liquidation fills on option series (option positions closed)
     * @param seriesExpired       option series that reached expiry during the runs (settled or waiting)
     * @param settlementsDelayed  of those, series whose settlement waited for a fresh index
     * @param fullBlocks          blocks filled to the transaction limit
     * @param volJumpP50          per seed, the true volatility's jump
     * @param byFill              block fill (x, ppm) against slippage (y, ppm) of every liquidation fill, each point
     *                            with its seed (sampled evenly past {@link MarketAnalysis#MAX_POINTS})
     * @param buckets             the same fills by quarter of block fill (no mempool depth: the loop does not record it)
     * @param seeds               one row per seed (at most {@link OptionsAnalysis#MAX_SEED_ROWS}; seeds with a
     *                            violation or an improper liquidation first)
     */
    public record AtValidators(int validators, Metric seedCount, Metric violations, Metric blocks, Metric liquidations,
                               Metric improper, Metric perpFills, Metric optionFills, Metric safeModeBlocks,
                               Metric seriesExpired, Metric settlementsDelayed, Metric optionTrades,
                               Metric hedgeTrades, Metric fullBlocks, Metric volJumpP50, Metric volJumpMax,
                               Load load, Series byFill, List<LiquidationReport.FillBucket> buckets,
                               List<SeedRow> seeds) {
        public AtValidators {
            buckets = List.copyOf(buckets);
            seeds = List.copyOf(seeds);
        }
    }

    /**
     * The hedgers' load on consensus: time to finality of the clients' transactions (first submission to first
     * commit) submitted before the volatility jump, from the jump on, and without faults or loop (class none at the
     * same validator count). Null percentiles when no transaction got a receipt.
     */
    public record Load(Metric beforeJumpP50, Metric beforeJumpP99, Metric afterJumpP50, Metric afterJumpP99,
                       Metric afterJumpMax, Metric baselineP50, Metric baselineP99, Series beforeJump, Series afterJump,
                       Series baseline) {}

    /**
     * One seed's numbers.
     *
     * @param replay the simulator command that replays this seed (its per-seed table shows the same numbers)
     */
    public record SeedRow(long seed, String replay, boolean ok, Metric volJump, Metric volJumpAtMillis,
                          Metric liquidations, Metric improper, Metric perpFills, Metric optionFills,
                          Metric safeModeBlocks, Metric blocks, Metric fullBlocks, Metric hedgeTrades,
                          Metric afterJumpP99) {}
}
