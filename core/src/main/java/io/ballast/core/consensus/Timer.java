package io.ballast.core.consensus;

/**
 * A timer the host must fire (through {@link Event.TimerFired}) once its clock reaches the
 * scheduled time. Timers are never cancelled: a validator ignores timers that no longer apply,
 * so the host may fire them late, twice, or in any order.
 */
public record Timer(Kind kind, long height, int round) {
    public enum Kind {
        /** Waiting for the round's proposal. */
        PROPOSE,
        /** Waiting for more prevotes after 2/3 of any kind. */
        PREVOTE,
        /** Waiting for more precommits after 2/3 of any kind. */
        PRECOMMIT,
        /** A leader with an empty mempool waited; propose (an empty block if still nothing). */
        PROPOSE_DELAY,
        /** Allows repeating an unanswered sync request. */
        SYNC_RETRY,
        /** Still in the same round long after it began: re-send this round's own messages (lossy links). */
        RETRANSMIT
    }
}
