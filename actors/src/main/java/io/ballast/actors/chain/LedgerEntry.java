package io.ballast.actors.chain;

import io.ballast.persistence.CborSerializable;

/**
 * One finalized thing that happened to an account, itemized from a committed block.
 *
 * @param height       the block
 * @param index        the transaction's position in the block; block-end entries continue after the last
 *                     transaction ({@code receipts + i} for the i-th block-end ledger event); -1 for
 *                     block-start entries (option settlements at expiry)
 * @param kind         what happened
 * @param marketId     the market, or "" for collateral-only entries
 * @param sizeE8       the size filled or closed (signed for fills; closed size for liquidations and ADL), else 0
 * @param priceUsd     the fill or execution price, else 0
 * @param amountUsd    the money of the entry (deposit, withdrawal, realized PnL, fee, draw ...), micro-USD
 * @param counterparty the other account involved (liquidated target, keeper, bankrupt account), hex, or ""
 * @param txHash       the transaction, hex, or "" for block-end entries
 */
public record LedgerEntry(long height, int index, Kind kind, String marketId, long sizeE8, long priceUsd,
                          long amountUsd, String counterparty, String txHash) implements CborSerializable {
    public enum Kind {
        /** Collateral deposited by the authority ({@code amountUsd}). */
        DEPOSIT,
        /** Collateral withdrawn ({@code amountUsd}). */
        WITHDRAWAL,
        /**
         * A trade filled against the pool; {@code amountUsd} = realized PnL. For an option, {@code marketId}
         * is the series id and {@code priceUsd} the premium per unit.
         */
        FILL,
        /** Funding settled on a fill; {@code amountUsd} = the ledger's {@code fundingPaidUsd}. */
        FUNDING,
        /** Priority fee paid to the insurance fund. */
        PRIORITY_FEE,
        /** A position (part) closed by liquidation; {@code amountUsd} = realized PnL. */
        LIQUIDATED,
        /** The liquidation fee this account paid. */
        LIQUIDATION_FEE,
        /** This account's keeper transaction liquidated {@code counterparty}; {@code amountUsd} = keeper fee. */
        KEEPER_LIQUIDATION,
        /** The insurance fund covered {@code amountUsd} of this account's deficit. */
        INSURANCE_DRAW,
        /** Auto-deleveraged to cover {@code counterparty}; {@code amountUsd} = realized profit after the haircut. */
        ADL,
        /** The pool absorbed {@code amountUsd} of this account's deficit. */
        POOL_ABSORBED,
        /** LP deposit ({@code amountUsd} in, {@code sizeE8} = shares minted). */
        LP_DEPOSIT,
        /** LP withdrawal ({@code amountUsd} out, {@code sizeE8} = shares burned). */
        LP_WITHDRAWAL,
        /** Any other accepted transaction of the account (e.g. an oracle report); nonce only. */
        OTHER,
        /**
         * A liquidation's delta hedge: a perpetual trade of {@code sizeE8} at {@code priceUsd} that the ledger made
         * for this account before closing its options.
         */
        LIQUIDATION_HEDGE,
        /** An option position ({@code marketId} = series id) settled at expiry; {@code amountUsd} = realized PnL. */
        OPTION_SETTLED,
        /** Collateral bonded as validator stake ({@code amountUsd} out). */
        BOND,
        /** Unbonded stake returned to the collateral ({@code amountUsd} in). */
        UNBONDED_WITHDRAWAL,
        /** Bond moved to an unbonding ({@code amountUsd}; still slashable, withdrawable after the unbonding period). */
        UNBOND,
        /** A block reward for this validator's precommit, credited to the collateral ({@code amountUsd} in). */
        VALIDATOR_REWARD,
        /** Stake slashed from this validator's bond and unbondings into the insurance fund ({@code amountUsd}). */
        STAKE_SLASHED
    }
}
