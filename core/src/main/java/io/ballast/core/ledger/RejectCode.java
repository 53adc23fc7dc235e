package io.ballast.core.ledger;

/** Why a transaction was rejected. A rejected transaction changes nothing in the state. */
public enum RejectCode {
    /** The Ed25519 signature does not verify for the signer over the canonical message. */
    BAD_SIGNATURE,
    /** The nonce is not the signer's last nonce + 1 (replayed or out of order). */
    BAD_NONCE,
    /** The signer (or a liquidation target) has no account: accounts are created by deposits. */
    UNKNOWN_ACCOUNT,
    UNKNOWN_MARKET,
    /** The signer may not send this transaction (not the collateral authority, not an oracle operator, self-liquidation). */
    NOT_AUTHORIZED,
    /** The account would end below initial margin. */
    INSUFFICIENT_MARGIN,
    /** Not enough collateral (or LP shares) for the amount and the priority fee. */
    INSUFFICIENT_COLLATERAL,
    /** The market's index is stale (safe mode) and the transaction would increase risk or needs a fresh price. */
    STALE_INDEX,
    /** A field is outside its allowed range (zero or negative amount, fee on a non-account signer, too many accounts...). */
    OUT_OF_RANGE,
    /** The trade would push the market's open interest on one side beyond its cap. */
    OPEN_INTEREST_CAP,
    /** The quoted fill price is worse than the transaction's limit price. */
    PRICE_LIMIT,
    /** The liquidation target is at or above maintenance margin, or has no position. */
    NOT_LIQUIDATABLE,
    /** The ClosePosition market has no open position. */
    NO_POSITION,
    /** An intermediate or result does not fit 64 bits. */
    OVERFLOW,
    /** The LP withdrawal would leave the pool below its reserve for open interest. */
    POOL_RESERVE,
    /** An oracle report with the same timestamp as the operator's latest for that market. */
    DUPLICATE_REPORT,
    /** An oracle report older than the operator's latest for that market, or older than the freshness window. */
    STALE_REPORT,
    /** An oracle report timestamped too far after the block time. */
    FUTURE_REPORT,
    /** On admission: the nonce is already used (at most the signer's last committed nonce). */
    STALE_NONCE,
    /** On admission: the bytes are not a canonical signed transaction. */
    MALFORMED,
    /** The market has no options in genesis (listing, vol report). */
    OPTIONS_DISABLED,
    /** A listing of a series that is already live. */
    DUPLICATE_SERIES,
    /** A listing beyond the genesis limit of live series. */
    TOO_MANY_SERIES,
    /** The trade would give the account more option positions than the genesis limit. */
    TOO_MANY_POSITIONS,
    /** The option trade's size is not a multiple of the series' contract size. */
    LOT_SIZE,
    /** The series has expired (it no longer trades; it settles at its settlement price). */
    OPTION_EXPIRED,
    /** The market's vol index is stale (safe mode for options) and the transaction would increase option risk. */
    STALE_VOLATILITY,
    /** A staking transaction on a chain whose genesis has no staking (a fixed validator set). */
    STAKING_DISABLED,
    /** The bond would end above zero but below the genesis minimum. */
    BOND_BELOW_MINIMUM,
    /** An unbond of more than the signer has bonded. */
    UNBOND_EXCEEDS_BOND,
    /** A withdrawal of unbonded stake before any unbonding period has ended (or with nothing unbonding). */
    UNBONDING_NOT_DONE,
    /** The released stake still backs voting power in the current set; it is free after the next election lowers it. */
    STAKE_LOCKED,
    /** A bond (or unjail) by a validator ejected for equivocation: that key cannot return. */
    VALIDATOR_EJECTED,
    /** Evidence whose votes do not conflict or are not both signed by the offender over this chain. */
    INVALID_EVIDENCE,
    /** Evidence against a validator already slashed for equivocation (one slash per offender). */
    DUPLICATE_EVIDENCE,
    /** Evidence of an offence more than the unbonding period ago (or at a height not reached yet). */
    EVIDENCE_TOO_OLD,
    /** Evidence against a key that holds no slashable stake. */
    NOT_SLASHABLE,
    /** An unjail by a validator that is not jailed. */
    NOT_JAILED,
    /** An unjail before the jail time is over. */
    JAIL_COOLDOWN,
    /** A bridge deposit signed (envelope or attestation) by a key that is not one of the genesis attestors. */
    NOT_ATTESTOR,
    /** A bridge deposit with fewer valid signatures of distinct attestors than the genesis threshold. */
    ATTESTATION_BELOW_THRESHOLD,
    /**
     * On admission: the nonce is more than {@link Admission#MAX_NONCE_AHEAD} past the stream's last committed nonce
     * (the most of one signer a mempool keeps waiting for the transactions before them).
     */
    NONCE_TOO_FAR_AHEAD;

    /** Codes only option transactions (listings, vol reports, option trades, liquidations of option books) produce. */
    public boolean optionsOnly() {
        return switch (this) {
            case OPTIONS_DISABLED, DUPLICATE_SERIES, TOO_MANY_SERIES, TOO_MANY_POSITIONS, LOT_SIZE, OPTION_EXPIRED,
                    STALE_VOLATILITY -> true;
            default -> false;
        };
    }

    /** Codes only staking transactions (bond, unbond, withdraw, unjail, evidence reports) produce. */
    public boolean stakingOnly() {
        return switch (this) {
            case STAKING_DISABLED, BOND_BELOW_MINIMUM, UNBOND_EXCEEDS_BOND, UNBONDING_NOT_DONE, STAKE_LOCKED,
                    VALIDATOR_EJECTED, INVALID_EVIDENCE, DUPLICATE_EVIDENCE, EVIDENCE_TOO_OLD, NOT_SLASHABLE, NOT_JAILED,
                    JAIL_COOLDOWN -> true;
            default -> false;
        };
    }

    /** Codes only bridge deposits produce. */
    public boolean bridgeOnly() {
        return this == NOT_ATTESTOR || this == ATTESTATION_BELOW_THRESHOLD;
    }

    /** False for refusals only admission gives ({@link Admission}); execution reports every other code. */
    public boolean atExecution() {
        return this != STALE_NONCE && this != MALFORMED && this != NONCE_TOO_FAR_AHEAD;
    }
}
