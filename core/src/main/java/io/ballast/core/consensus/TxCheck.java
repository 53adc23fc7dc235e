package io.ballast.core.consensus;

/**
 * The application's admission verdict for one transaction.
 *
 * @param lane        0 = oracle reports, liquidations, margin top-ups; 1 = withdrawals; 2 = trades
 * @param priorityFee higher first within a lane; ties by arrival order
 */
public record TxCheck(boolean valid, int lane, long priorityFee, String reason) {
    public TxCheck {
        if (valid && (lane < 0 || lane >= ConsensusConfig.LANES)) {
            throw new IllegalArgumentException("lane " + lane);
        }
    }

    public static TxCheck accept(int lane, long priorityFee) {
        return new TxCheck(true, lane, priorityFee, "");
    }

    public static TxCheck reject(String reason) {
        return new TxCheck(false, 0, 0, reason);
    }
}
