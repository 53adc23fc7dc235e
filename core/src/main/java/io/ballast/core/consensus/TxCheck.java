package io.ballast.core.consensus;

/**
 * The application's admission verdict for one transaction.
 *
 * @param lane        0 = oracle reports, liquidations, margin top-ups; 1 = withdrawals; 2 = trades
 * @param priorityFee higher first within a lane; ties by arrival order
 * @param code        for a refusal, the application's own typed reason (the ledger's reject code); else null
 * @param reason      for a refusal, the details in words; else ""
 */
public record TxCheck(boolean valid, int lane, long priorityFee, Enum<?> code, String reason) {
    public TxCheck {
        if (valid && (lane < 0 || lane >= ConsensusConfig.LANES)) {
            throw new IllegalArgumentException("lane " + lane);
        }
    }

    public static TxCheck accept(int lane, long priorityFee) {
        return new TxCheck(true, lane, priorityFee, null, "");
    }

    public static TxCheck reject(Enum<?> code, String reason) {
        return new TxCheck(false, 0, 0, code, reason);
    }

    /** A refusal without an application code (test applications). */
    public static TxCheck reject(String reason) {
        return reject(null, reason);
    }
}
