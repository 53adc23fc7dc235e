package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;

/**
 * Something the ledger did on its own: at block start (funding, safe mode changes) or block end
 * (liquidations), or as part of a liquidation transaction. Amounts micro-USD.
 */
public sealed interface LedgerEvent {
    /** {@code Bytes32.ZERO} as liquidator: the protocol itself (block-end liquidation). */
    Bytes32 PROTOCOL = Bytes32.ZERO;

    record SafeModeEntered(String marketId, String reason, long lastFreshPriceUsd) implements LedgerEvent {}

    record SafeModeExited(String marketId, long indexPriceUsd) implements LedgerEvent {}

    /** {@code intervals} funding periods charged at {@code ratePpb} each; the index moved by {@code indexDeltaE12}. */
    record FundingApplied(String marketId, long intervals, long ratePpb, long indexDeltaE12, long cumulativeIndexE12)
            implements LedgerEvent {}

    /** One position (part) closed by a liquidation, at {@code executionPriceUsd} = mark worsened by {@code slippagePpm}. */
    record PositionLiquidated(Bytes32 account, String marketId, long closedSizeE8, long markPriceUsd,
                              long executionPriceUsd, long slippagePpm, long realizedPnlUsd, boolean partial)
            implements LedgerEvent {}

    /** The liquidation fee actually collected and its split. */
    record LiquidationFee(Bytes32 account, Bytes32 liquidator, long feeUsd, long liquidatorFeeUsd, long insuranceFeeUsd)
            implements LedgerEvent {}

    record InsuranceDraw(Bytes32 account, long amountUsd, long insuranceAfterUsd) implements LedgerEvent {}

    /** A profitable opposite position closed at mark; {@code haircutUsd} of its profit went to cover {@code bankrupt}. */
    record AutoDeleveraged(Bytes32 bankrupt, Bytes32 account, String marketId, long closedSizeE8, long markPriceUsd,
                           long realizedProfitUsd, long haircutUsd) implements LedgerEvent {}

    /** Evidence proved {@code validator} equivocated; it is ejected (for good) and leaves the set at the next election. */
    record ValidatorSlashed(Bytes32 validator, long height) implements LedgerEvent {}

    /** Part of a validator's bond and unbondings moved to the insurance fund. */
    record StakeSlashed(Bytes32 validator, SlashReason reason, long slashedUsd, long insuranceAfterUsd) implements LedgerEvent {}

    /**
     * {@code validator} missed {@code missedCommits} of a downtime window's certificates: jailed (out at the next
     * election) until {@code untilHeight}, when {@code Unjail} may bring it back.
     */
    record ValidatorJailed(Bytes32 validator, long untilHeight, long missedCommits) implements LedgerEvent {}

    /** Block end: {@code rewardUsd} of the block's {@code feesUsd} moved from the insurance fund to the reward pool. */
    record RewardsSetAside(long feesUsd, long rewardUsd, long poolAfterUsd) implements LedgerEvent {}

    /**
     * Block start: the reward pool paid to the {@code signers} whose precommits certify block {@code certifiedHeight},
     * pro rata to power; {@code returnedUsd} (signers without an account) went back to the insurance fund.
     */
    record RewardsPaid(long certifiedHeight, long paidUsd, int signers, long returnedUsd) implements LedgerEvent {}

    /**
     * Block start, one per paid signer (before {@link RewardsPaid}): {@code rewardUsd} of the pool credited to the
     * collateral of {@code account}, the validator's own account, for its precommit in the certificate of
     * {@code certifiedHeight}.
     */
    record ValidatorRewarded(Bytes32 account, long certifiedHeight, long rewardUsd) implements LedgerEvent {}

    /**
     * The election at the end of an epoch's second-to-last block: the set consensus takes at the next epoch
     * boundary has {@code members} validators with {@code totalPowerUsd} voting power.
     */
    record ValidatorsElected(ElectionOutcome outcome, int members, long totalPowerUsd) implements LedgerEvent {}

    /** A market's vol index became stale: options on it are in safe mode (no risk-increasing trades, no liquidations). */
    record VolSafeModeEntered(String marketId, String reason, long lastFreshVolPpm) implements LedgerEvent {}

    record VolSafeModeExited(String marketId, long volIndexPpm) implements LedgerEvent {}

    /** A series reached expiry without a fresh index (or with too little fresh time in its window): settlement waits. */
    record SettlementDelayed(String seriesId, String reason) implements LedgerEvent {}

    /**
     * A series settled at {@code settlementPriceUsd} (the time-weighted index over its window; {@code coveragePpm}
     * of the window was fresh), paying {@code payoffUsd} per unit to holders; it then leaves the state.
     */
    record OptionSettled(String seriesId, long settlementPriceUsd, long payoffUsd, long coveragePpm,
                         long longOpenInterestE8, long shortOpenInterestE8) implements LedgerEvent {}

    /** One account's position settled: {@code cashUsd} credited (negative: debited), realized PnL against its premium basis. */
    record OptionPositionSettled(Bytes32 account, String seriesId, long sizeE8, long cashUsd, long realizedPnlUsd)
            implements LedgerEvent {}

    /**
     * A liquidation's first step on an account with options: a perpetual trade of {@code sizeE8} that brings its
     * net delta on the market toward zero, at the mark worsened by {@code slippagePpm}.
     */
    record LiquidationHedge(Bytes32 account, String marketId, long sizeE8, long netDeltaBeforeE8, long markPriceUsd,
                            long executionPriceUsd, long slippagePpm) implements LedgerEvent {}

    /** The remaining deficit the pool (LP capital) absorbed. */
    record PoolAbsorbedDeficit(Bytes32 account, long amountUsd) implements LedgerEvent {}
}
