package io.ballast.core.consensus;

/**
 * Switches for the two rules that make votes safe. Production code uses {@link #SAFE}. The
 * others exist only so that tests and the simulator can prove they detect a planted bug: each
 * switches off exactly one rule.
 *
 * @param enforceLock       prevote only for the locked block unless a newer polka unlocks
 *                          (Tendermint's lock); off ⇒ any valid proposal gets a prevote
 * @param persistBeforeSign emit the safety state as a Persist action before any vote/proposal
 *                          that depends on it; off ⇒ signatures are sent while the persisted
 *                          state lags behind, so a restart may double-sign
 */
public record SafetyRules(boolean enforceLock, boolean persistBeforeSign) {
    public static final SafetyRules SAFE = new SafetyRules(true, true);

    /** UNSAFE, test only: ignores the lock. */
    public static SafetyRules unsafeWithoutLock() {
        return new SafetyRules(false, true);
    }

    /** UNSAFE, test only: signs without persisting the safety state first. */
    public static SafetyRules unsafeWithoutPersistBeforeSign() {
        return new SafetyRules(true, false);
    }

    public boolean isSafe() {
        return enforceLock && persistBeforeSign;
    }
}
