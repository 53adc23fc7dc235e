package io.ballast.core.ledger;

/** What an epoch's election did to the voting powers (see {@link StakingParams}). */
public enum ElectionOutcome {
    /** The powers did not change. */
    UNCHANGED,
    /** The set is now the bonds' target. */
    APPLIED,
    /** Part of the way to the target: a change beyond a third of the power goes on at the next elections. */
    PHASED,
    /** The target would leave too few validators: nothing changed. */
    DEFERRED
}
