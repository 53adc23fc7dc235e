package io.ballast.report;

import java.util.List;

/** Liquidation slippage against congestion, over every class of the campaign, per validator count. */
public record LiquidationReport(List<AtValidators> byValidators) {
    public LiquidationReport {
        byValidators = List.copyOf(byValidators);
    }

    /**
     * @param byFill         block fill (x, ppm) against slippage (y, ppm), each point with its seed (sampled evenly
     *                       when there are more than {@link MarketAnalysis#MAX_POINTS})
     * @param byDepth        mempool depth (x, transactions) against slippage (y, ppm), the same liquidations
     * @param buckets        the same numbers by quarter of block fill
     * @param improper       liquidations at a mark outside the true price range (must be 0)
     */
    public record AtValidators(int validators, Metric liquidations, Metric improper, Metric safeModeBlocks,
                               Series byFill, Series byDepth, List<FillBucket> buckets) {
        public AtValidators {
            buckets = List.copyOf(buckets);
        }
    }

    /** Liquidations in blocks filled [fromPpm, toPpm) (the last bucket includes full blocks). */
    public record FillBucket(long fromPpm, long toPpm, Metric liquidations, Metric slippageP50, Metric slippageMax,
                             Metric mempoolDepthP50) {}
}
