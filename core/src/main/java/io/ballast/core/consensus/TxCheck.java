package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;

/**
 * The application's admission verdict for one transaction.
 *
 * @param lane        0 = oracle reports, liquidations, margin top-ups; 1 = withdrawals; 2 = trades
 * @param priorityFee higher first within a lane; ties by arrival order
 * @param sequence    the transaction's place in its signer's nonce stream, or null when it has none (it may
 *                    then go into any block in any order)
 * @param code        for a refusal, the application's own typed reason (the ledger's reject code); else null
 * @param reason      for a refusal, the details in words; else ""
 */
public record TxCheck(boolean valid, int lane, long priorityFee, Sequence sequence, Enum<?> code, String reason) {
    /**
     * A position in a nonce stream. A proposer takes a stream's transactions in order and without gaps from the
     * number {@link Application#nextSequence} gives: one that arrived before the transaction it follows waits in
     * the mempool for it instead of going into a block where it could only fail.
     *
     * @param stream whose nonces these are (a signer, or a stream several signers share)
     * @param number the transaction's nonce in it
     */
    public record Sequence(Bytes32 stream, long number) {
        public Sequence {
            if (stream == null) {
                throw new IllegalArgumentException("a sequence needs its stream");
            }
        }
    }

    public TxCheck {
        if (valid && (lane < 0 || lane >= ConsensusConfig.LANES)) {
            throw new IllegalArgumentException("lane " + lane);
        }
    }

    /** Admitted, without a place in any nonce stream. */
    public static TxCheck accept(int lane, long priorityFee) {
        return accept(lane, priorityFee, null);
    }

    /** Admitted, at {@code sequence} of its nonce stream (null: none). */
    public static TxCheck accept(int lane, long priorityFee, Sequence sequence) {
        return new TxCheck(true, lane, priorityFee, sequence, null, "");
    }

    public static TxCheck reject(Enum<?> code, String reason) {
        return new TxCheck(false, 0, 0, null, code, reason);
    }

    /** A refusal without an application code (test applications). */
    public static TxCheck reject(String reason) {
        return reject(null, reason);
    }
}
