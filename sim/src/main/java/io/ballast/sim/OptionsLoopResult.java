package io.ballast.sim;

import java.util.List;

/**
 * What the options feedback loop measured in one seed ({@link FeedbackLoop}).
 *
 * @param blocks                committed blocks the audit replica executed
 * @param safeModeBlocks        blocks that ended with the index or the vol index stale
 * @param liquidations          accounts the ledger liquidated (block end and keepers)
 * @param improperLiquidations  of those, accounts at or above maintenance at the true price and volatility (must be 0)
 * @param perpFills             liquidation fills on the perpetual: positions closed and delta hedges
 * @param optionFills           liquidation fills on option series: option positions closed
 * @param seriesSettled         option series that expired and settled
 * @param settlementsDelayed    option series whose settlement waited at expiry (stale index or too little fresh time)
 * @param optionTrades          accepted option trades
 * @param hedgeTrades           accepted perpetual trades of the option traders (their delta hedges)
 * @param congestedBlocks       blocks filled to the transaction limit
 * @param maxCongestionPpm      the fullest block's fill
 * @param volJumpFactor         the true volatility's jump (×)
 * @param volJumpAtMillis       when it jumped, after genesis
 * @param slippageByCongestion  per liquidation fill: {block congestion ppm, slippage ppm}
 * @param improperDetails       the first few improper liquidations, described
 */
public record OptionsLoopResult(long blocks, long safeModeBlocks, long liquidations, long improperLiquidations,
                                long perpFills, long optionFills, long seriesSettled, long settlementsDelayed,
                                long optionTrades, long hedgeTrades, long congestedBlocks, long maxCongestionPpm,
                                double volJumpFactor, long volJumpAtMillis, List<long[]> slippageByCongestion,
                                List<String> improperDetails) {
    public OptionsLoopResult {
        slippageByCongestion = List.copyOf(slippageByCongestion);
        improperDetails = List.copyOf(improperDetails);
    }

    /** The same result without the per-fill arrays (records compare arrays by identity). */
    public OptionsLoopResult withoutSlippage() {
        return new OptionsLoopResult(blocks, safeModeBlocks, liquidations, improperLiquidations, perpFills, optionFills,
                seriesSettled, settlementsDelayed, optionTrades, hedgeTrades,
                congestedBlocks, maxCongestionPpm, volJumpFactor, volJumpAtMillis, List.of(), improperDetails);
    }
}
