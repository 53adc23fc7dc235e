package io.ballast.core.ledger.tx;

/**
 * The mempool lane of a transaction: consensus fills blocks lane by lane so that price updates,
 * liquidations and margin top-ups are never starved by trade flow.
 */
public enum Lane {
    /** Oracle reports, liquidations, deposits (margin top-ups): highest priority. */
    ORACLE_LIQUIDATION_TOPUP,
    /** Collateral and LP withdrawals. */
    WITHDRAWAL,
    /** Trades, position closes, LP deposits. */
    TRADE
}
