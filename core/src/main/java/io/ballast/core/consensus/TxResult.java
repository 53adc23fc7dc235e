package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;

/**
 * The answer to one submitted transaction. ACCEPTED means it stays in this validator's mempool
 * (and was gossiped) until a block containing it commits; it is never dropped silently.
 *
 * @param retryAfterMillis for LANE_FULL: a hint when to try again (about one block); otherwise 0
 * @param code             for INVALID: the application's typed reason (the ledger's reject code), else null
 */
public record TxResult(Bytes32 txHash, Status status, RejectReason reason, long retryAfterMillis, Enum<?> code,
                       String detail) {
    public enum Status { ACCEPTED, DUPLICATE, REJECTED }

    public enum RejectReason {
        /** The application's check failed ({@code detail} says why). */
        INVALID,
        /** The transaction's lane is at capacity: retry after {@code retryAfterMillis}. */
        LANE_FULL,
        /** Larger than {@code maxTxBytes}. */
        TOO_LARGE,
        /** Already in a committed block. */
        ALREADY_COMMITTED
    }

    static TxResult accepted(Bytes32 hash) {
        return new TxResult(hash, Status.ACCEPTED, null, 0, null, "");
    }

    static TxResult duplicate(Bytes32 hash) {
        return new TxResult(hash, Status.DUPLICATE, null, 0, null, "already pending");
    }

    static TxResult rejected(Bytes32 hash, RejectReason reason, long retryAfterMillis, String detail) {
        return rejected(hash, reason, retryAfterMillis, null, detail);
    }

    static TxResult rejected(Bytes32 hash, RejectReason reason, long retryAfterMillis, Enum<?> code, String detail) {
        return new TxResult(hash, Status.REJECTED, reason, retryAfterMillis, code, detail);
    }
}
