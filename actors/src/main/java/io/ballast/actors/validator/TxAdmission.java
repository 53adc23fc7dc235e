package io.ballast.actors.validator;

import io.ballast.core.consensus.TxResult;
import io.ballast.core.ledger.RejectCode;
import io.ballast.persistence.CborSerializable;

/**
 * The answer to a submitted transaction, before it is final: admitted to a mempool, or refused and why.
 *
 * @param refusal          null unless {@code outcome} is REJECTED
 * @param code             for {@link Refusal#INVALID}: the ledger's reason (bad signature, stale nonce, ...); else null
 * @param retryAfterMillis for LANE_FULL and UNAVAILABLE: when to try again; else 0
 */
public record TxAdmission(String txHash, Outcome outcome, Refusal refusal, RejectCode code, long retryAfterMillis,
                          String detail) implements CborSerializable {
    public enum Outcome { ACCEPTED, DUPLICATE, REJECTED }

    public enum Refusal {
        /** The ledger refused it ({@code code} says why). */
        INVALID,
        /** A mempool lane, or the waiters of a node, are at capacity. */
        LANE_FULL,
        /** Larger than a transaction may be. */
        TOO_LARGE,
        /** Already in a committed block. */
        ALREADY_COMMITTED,
        /** No validator answered. */
        UNAVAILABLE
    }

    public boolean admitted() {
        return outcome != Outcome.REJECTED;
    }

    public static TxAdmission of(TxResult result) {
        return new TxAdmission(result.txHash().toHex(), Outcome.valueOf(result.status().name()),
                result.reason() == null ? null : Refusal.valueOf(result.reason().name()),
                result.code() instanceof RejectCode code ? code : null, result.retryAfterMillis(), result.detail());
    }

    public static TxAdmission refused(String txHash, Refusal refusal, RejectCode code, long retryAfterMillis,
                                      String detail) {
        return new TxAdmission(txHash, Outcome.REJECTED, refusal, code, retryAfterMillis, detail);
    }
}
