package io.ballast.sim;

import java.util.List;

/**
 * What one seed measured besides its invariants, for the resilience report. Times are simulated milliseconds since
 * genesis; amounts micro-USD; ppm parts per million. Everything is observed, never drawn: recording it takes nothing
 * from the seed's random stream, so a seed runs the same with or without it.
 *
 * @param healMillis          when the faults stopped
 * @param endMillis           when the run ended
 * @param totalStake          stake of the genesis validator set
 * @param transactions        client transactions that got a receipt, in receipt order
 * @param commits             the first commit of each height, in height order
 * @param stakeOnline         stake with a running validator instance, at genesis and at each change
 * @param liquidations        every perpetual position liquidated, at its first execution (option positions closed
 *                            by a liquidation are audited by the options feedback loop, {@link OptionsLoopResult})
 * @param safeModeBlocks      heights after which some market was in safe mode
 * @param solvency            the loss waterfall over the run
 * @param pool                pool and insurance fund after each executed height
 * @param checks              how often each invariant was checked
 */
public record SeedMetrics(long healMillis, long endMillis, long totalStake, List<TxSample> transactions,
                          List<CommitPoint> commits, List<StakePoint> stakeOnline,
                          List<LiquidationSample> liquidations, long safeModeBlocks, Solvency solvency,
                          List<PoolPoint> pool, Checks checks) {
    public SeedMetrics {
        transactions = List.copyOf(transactions);
        commits = List.copyOf(commits);
        stakeOnline = List.copyOf(stakeOnline);
        liquidations = List.copyOf(liquidations);
        pool = List.copyOf(pool);
    }

    /**
     * @param censored true when the signer is one the censoring Byzantine validator drops
     */
    public record TxSample(long submittedMillis, long finalityMillis, boolean censored) {
        public long committedMillis() {
            return submittedMillis + finalityMillis;
        }
    }

    /** @param blockFillPpm transactions in the block ÷ the block limit: the ledger's congestion */
    public record CommitPoint(long height, long millis, int round, long blockFillPpm) {}

    public record StakePoint(long millis, long onlineStake) {}

    /**
     * @param blockFillPpm   the congestion the ledger charged for (fill of the liquidating block)
     * @param mempoolDepth   transactions waiting in the fullest honest mempool right after the block
     * @param markPriceUsd   the index the liquidation used
     * @param proper         the mark lies within 1 % of the true price range over the oracle staleness window
     *                       before the block (and the run's invariants already exclude a market in safe mode)
     */
    public record LiquidationSample(long millis, long height, long slippagePpm, long blockFillPpm, int mempoolDepth,
                                    boolean partial, long markPriceUsd, boolean proper) {}

    /**
     * @param badDebtUsd            deficits of liquidated accounts: insurance drawn + ADL haircuts + pool absorbed
     * @param collateralAtRiskUsdMax the largest Σ collateral + pool cash + open interest notional seen
     */
    public record Solvency(long insuranceDraws, long insuranceDrawnUsd, long adlEvents, long adlHaircutUsd,
                           long poolAbsorbedUsd, long badDebtUsd, long collateralAtRiskUsdMax) {}

    public record PoolPoint(long height, long millis, long poolNavUsd, long poolCashUsd, long insuranceFundUsd,
                            long indexPriceUsd) {}

    /**
     * @param commits       honest commits checked for agreement and state root
     * @param executions    honest block executions checked for validity, conservation and stale liquidations
     * @param receipts      accepted receipts checked for validity
     * @param steps         validator steps checked not to throw
     * @param liveness      true when the run reached the end of the liveness check
     * @param halt          true when the halt check was armed (stake online fell to 2/3 or less)
     */
    public record Checks(long commits, long executions, long receipts, long steps, boolean liveness, boolean halt) {}
}
