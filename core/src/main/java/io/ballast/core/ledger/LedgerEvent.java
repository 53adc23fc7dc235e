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

    /** Consensus evidence proved {@code validator} equivocated; it leaves the validator set at the next epoch. */
    record ValidatorSlashed(Bytes32 validator, long height) implements LedgerEvent {}

    /** The remaining deficit the pool (LP capital) absorbed. */
    record PoolAbsorbedDeficit(Bytes32 account, long amountUsd) implements LedgerEvent {}
}
