package io.ballast.core.ledger;

/**
 * Whole-state sums for conservation checks (computed by scanning every account).
 *
 * <p>Cash conservation: {@code collateralUsd + poolCashUsd + insuranceFundUsd + stakedUsd + rewardPoolUsd == netDepositsUsd}.
 * PnL is zero-sum by construction: the pool is every trader's counterparty, so
 * {@code poolUnrealizedPnlUsd == -traderUnrealizedPnlUsd} (both include pending funding).
 *
 * @param netDepositsUsd          deposits − withdrawals + genesis insurance + genesis pool liquidity + genesis bonds
 *                                (LP flows are transfers between collateral and pool: not external)
 * @param traderUnrealizedPnlUsd  Σ over positions of size × index − basis − pending funding
 * @param poolNavUsd              the pool NAV formula used for LP shares (aggregate form, pending funding excluded)
 * @param accountLpShares         Σ LP shares held by accounts (the rest of poolTotalShares is the protocol's genesis stake)
 * @param stakedUsd               Σ validator bonds and unbondings (0 without staking)
 * @param rewardPoolUsd           fees set aside for the validators that will certify the last block
 */
public record Totals(long collateralUsd, long poolCashUsd, long insuranceFundUsd, long netDepositsUsd,
                     long traderUnrealizedPnlUsd, long poolUnrealizedPnlUsd, long poolNavUsd, long poolTotalShares,
                     long accountLpShares, long openPositions, long stakedUsd, long rewardPoolUsd) {
    public boolean cashConserved() {
        return collateralUsd + poolCashUsd + insuranceFundUsd + stakedUsd + rewardPoolUsd == netDepositsUsd;
    }
}
