package io.ballast.core.ledger;

/**
 * Bounds on every loop and list the ledger runs, plus chain-wide knobs.
 *
 * @param maxTransactionsPerBlock  a larger block is refused by {@code Ledger.apply} (IllegalArgumentException)
 * @param maxLiquidationsPerBlock  block-end liquidations per block (keeper Liquidate txs are bounded by the tx count)
 * @param maxAccounts              deposits that would create more accounts are rejected (OUT_OF_RANGE)
 * @param maxAdlPerLiquidation     positions auto-deleveraged for one bankruptcy; the pool absorbs what remains
 * @param maxReportFutureMillis    an oracle report timestamped later than block time + this is FUTURE_REPORT
 * @param poolReserveRatioPpm      LP withdrawals must leave pool NAV ≥ this × Σ max(long OI, short OI) notional
 */
public record LedgerLimits(int maxTransactionsPerBlock, int maxLiquidationsPerBlock, int maxAccounts,
                           int maxAdlPerLiquidation, long maxReportFutureMillis, long poolReserveRatioPpm) {
    public static final LedgerLimits DEFAULT = new LedgerLimits(20_000, 20, 1_000_000, 50, 5_000, 200_000);

    public LedgerLimits {
        if (maxTransactionsPerBlock < 1 || maxLiquidationsPerBlock < 0 || maxAccounts < 1 || maxAdlPerLiquidation < 0
                || maxReportFutureMillis < 0 || poolReserveRatioPpm < 0) {
            throw new IllegalArgumentException("invalid ledger limits " + this);
        }
    }

    public LedgerLimits withMaxTransactionsPerBlock(int transactions) {
        return new LedgerLimits(transactions, maxLiquidationsPerBlock, maxAccounts, maxAdlPerLiquidation,
                maxReportFutureMillis, poolReserveRatioPpm);
    }
}
