package io.ballast.sim;

/** An invariant failed. The message says which and where; the runner adds the seed and the replay command. */
public final class SimViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Invariant invariant;

    public SimViolation(Invariant invariant, String message) {
        super(invariant.label() + ": " + message);
        this.invariant = invariant;
    }

    public Invariant invariant() {
        return invariant;
    }
}
