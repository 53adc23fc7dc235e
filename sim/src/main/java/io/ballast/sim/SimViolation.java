package io.ballast.sim;

/** An invariant failed. The message says which and where; the runner adds the seed and the replay command. */
public final class SimViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Short class of the violation: agreement, validity, state-root, conservation, stale-liquidation, liveness, crash. */
    private final String kind;

    public SimViolation(String kind, String message) {
        super(kind + ": " + message);
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }
}
