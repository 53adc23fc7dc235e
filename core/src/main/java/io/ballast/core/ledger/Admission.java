package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;

/**
 * The stateful checks a transaction must pass, against the latest committed state, before it may wait
 * in a mempool: who may sign it, that its signer exists and that its nonce is not used yet (nor too far
 * ahead). The one admission rule: a validator's mempool and the HTTP API both apply it (the signature is
 * checked before, by whoever holds the node's verified-signature cache). Execution still checks everything
 * again: admission only keeps transactions that cannot succeed out of blocks.
 */
public final class Admission {
    /** Why a transaction is not admitted. */
    public record Refusal(RejectCode code, String detail) {}

    /**
     * How far past its stream's last committed nonce a transaction may be signed: a mempool keeps a signer's later
     * transactions until the ones before them arrive, at most this many per signer.
     */
    public static final long MAX_NONCE_AHEAD = 1_024;

    private Admission() {}

    /** Null when {@code tx} may wait for a block, else the refusal. */
    public static Refusal check(LedgerState state, SignedTransaction tx) {
        Bytes32 signer = tx.signer();
        TxBody body = tx.body();
        if (body instanceof TxBody.Deposit || body instanceof TxBody.ListOption) {
            if (!signer.equals(state.genesis().collateralAuthority())) {
                return new Refusal(RejectCode.NOT_AUTHORIZED,
                        "deposits and option listings must be signed by the collateral authority");
            }
            return nonce(state, tx);
        }
        if (body instanceof TxBody.AttestedDeposit) {
            if (!state.genesis().bridge().attestors().contains(signer)) {
                return new Refusal(RejectCode.NOT_ATTESTOR, "bridge deposits are signed by a bridge attestor");
            }
            return nonce(state, tx);
        }
        if (body instanceof TxBody.OracleReport || body instanceof TxBody.VolReport) {
            if (!state.genesis().oracleOperators().contains(signer)) {
                return new Refusal(RejectCode.NOT_AUTHORIZED, "oracle price and vol reports must be signed by an oracle operator");
            }
            return tx.nonce() == 0 ? null : new Refusal(RejectCode.BAD_NONCE, "oracle price and vol reports use nonce 0");
        }
        boolean stakingBody = body instanceof TxBody.BondStake || body instanceof TxBody.Unbond
                || body instanceof TxBody.WithdrawUnbonded || body instanceof TxBody.Unjail
                || body instanceof TxBody.ReportEquivocation;
        if (stakingBody && !state.genesis().staking().enabled()) {
            return new Refusal(RejectCode.STAKING_DISABLED, "this chain has a fixed validator set (no staking in genesis)");
        }
        if (state.account(signer) == null) {
            return new Refusal(RejectCode.UNKNOWN_ACCOUNT,
                    "signer " + signer.toHex() + " has no account (accounts are created by a deposit)");
        }
        return nonce(state, tx);
    }

    private static Refusal nonce(LedgerState state, SignedTransaction tx) {
        long last = state.lastUsedNonce(tx);
        if (tx.nonce() <= last) {
            return new Refusal(RejectCode.STALE_NONCE, "nonce " + tx.nonce() + " is already used: the signer's last "
                    + "committed nonce is " + last + ", sign with " + Math.addExact(last, 1));
        }
        if (tx.nonce() - last > MAX_NONCE_AHEAD) { // no overflow: nonce > last >= 0 here
            return new Refusal(RejectCode.NONCE_TOO_FAR_AHEAD, "nonce " + tx.nonce() + " is more than " + MAX_NONCE_AHEAD
                    + " past the signer's last committed nonce " + last + ": wait until earlier transactions commit");
        }
        return null;
    }
}
