package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;

/** What an accepted transaction did. Amounts micro-USD, sizes E8, prices micro-USD per base unit. */
public sealed interface TxEffect {
    record Deposited(Bytes32 account, long amountUsd, boolean accountCreated, long collateralAfterUsd) implements TxEffect {}

    record Withdrew(long amountUsd, long collateralAfterUsd) implements TxEffect {}

    /**
     * A fill against the pool. {@code spreadPpm} is base + volatility spread, {@code impactPpm} the
     * skew impact (both already in {@code fillPriceUsd}); realized PnL and funding are credited to
     * (negative: debited from) collateral.
     */
    record Traded(String marketId, long sizeDeltaE8, long fillPriceUsd, long indexPriceUsd, long spreadPpm,
                  long impactPpm, long realizedPnlUsd, long fundingPaidUsd, long positionAfterE8,
                  long collateralAfterUsd) implements TxEffect {}

    record LpDeposited(long amountUsd, long sharesMinted, long poolNavBeforeUsd) implements TxEffect {}

    record LpWithdrew(long sharesBurned, long amountUsd, long poolNavBeforeUsd) implements TxEffect {}

    /** A keeper's liquidation; the details are the receipt's events. */
    record Liquidated(Bytes32 target, boolean full, long liquidatorFeeUsd) implements TxEffect {}

    /** Collateral bonded as the signer's validator stake; it counts from the next election. */
    record Bonded(long amountUsd, long bondAfterUsd, long collateralAfterUsd) implements TxEffect {}

    /** Bond moved to an unbonding, slashable until {@code releaseHeight}, then withdrawable. */
    record Unbonded(long amountUsd, long bondAfterUsd, long releaseHeight) implements TxEffect {}

    /** Released unbondings returned to the collateral. */
    record WithdrewUnbonded(long amountUsd, long collateralAfterUsd) implements TxEffect {}

    /** The signer's validator may be elected again. */
    record Unjailed(long bondUsd) implements TxEffect {}

    /** Reported evidence slashed {@code offender}: {@code slashedUsd} moved to the insurance fund, ejected. */
    record EquivocationSlashed(Bytes32 offender, long offenceHeight, long slashedUsd) implements TxEffect {}

    /** A series listed; {@code seriesNumber} is its listing number. */
    record OptionListed(String seriesId, int seriesNumber) implements TxEffect {}

    /** A vol report stored; {@code safeMode} is whether the vol index is stale after re-aggregation. */
    record VolReported(String marketId, long volIndexPpm, boolean safeMode) implements TxEffect {}

    /**
     * An option fill against the pool at the model price ({@code markPriceUsd}, from the index and vol index) ±
     * {@code halfSpreadUsd} per unit. {@code premiumUsd} is the cash that moved (negative: paid by the trader);
     * {@code realizedPnlUsd} the part of it that closed positions, net of their premium basis.
     */
    record OptionTraded(String seriesId, long sizeDeltaE8, long fillPriceUsd, long markPriceUsd, long indexPriceUsd,
                        long volIndexPpm, long halfSpreadUsd, long premiumUsd, long realizedPnlUsd,
                        long positionAfterE8, long collateralAfterUsd) implements TxEffect {}

    /** An oracle report stored; {@code safeMode} is the market's state after re-aggregation. */
    record Reported(String marketId, long indexPriceUsd, boolean safeMode) implements TxEffect {}
}
