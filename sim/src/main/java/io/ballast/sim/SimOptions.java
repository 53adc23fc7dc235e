package io.ballast.sim;

import io.ballast.core.consensus.SafetyRules;

/**
 * What one seed runs.
 *
 * @param validators   4..10, or 0 to draw 4..7 from the seed
 * @param honestRules  safety rules of honest validators ({@link SafetyRules#SAFE} except in planted-bug tests)
 * @param byzantineRules safety rules of Byzantine validator instances (they deviate anyway through the adversary)
 * @param observeMillis  0: the seed ends as soon as the liveness check passes; otherwise the run goes on for this
 *                       long after that (the workload keeps submitting), so latency after the heal can be measured
 */
public record SimOptions(Scenario scenario, long seed, int validators, SafetyRules honestRules,
                         SafetyRules byzantineRules, long observeMillis) {
    public static final long MAX_OBSERVE_MILLIS = 60_000;

    public SimOptions {
        if (validators != 0 && (validators < 4 || validators > 10)) {
            throw new IllegalArgumentException("--validators must be within 4..10, got " + validators);
        }
        if (observeMillis < 0 || observeMillis > MAX_OBSERVE_MILLIS) {
            throw new IllegalArgumentException("--observe-ms must be within 0.." + MAX_OBSERVE_MILLIS + ", got "
                    + observeMillis);
        }
    }

    public SimOptions(Scenario scenario, long seed, int validators, SafetyRules honestRules, SafetyRules byzantineRules) {
        this(scenario, seed, validators, honestRules, byzantineRules, 0);
    }

    public static SimOptions of(Scenario scenario, long seed, int validators) {
        return new SimOptions(scenario, seed, validators, SafetyRules.SAFE, SafetyRules.SAFE);
    }

    /** The CLI name of a planted bug: {@code lock} or {@code persist} (applied to every validator); null when safe. */
    public String unsafeName() {
        if (honestRules.isSafe() && byzantineRules.isSafe()) {
            return null;
        }
        if (!honestRules.equals(byzantineRules)) {
            return "custom";
        }
        return !honestRules.enforceLock() ? "lock" : "persist";
    }

    /** Rules for a CLI name: null or "none" = production rules. */
    public static SafetyRules rulesNamed(String name) {
        if (name == null || name.equals("none")) {
            return SafetyRules.SAFE;
        }
        return switch (name) {
            case "lock" -> SafetyRules.unsafeWithoutLock();
            case "persist" -> SafetyRules.unsafeWithoutPersistBeforeSign();
            default -> throw new IllegalArgumentException("--unsafe must be lock or persist, got " + name);
        };
    }

    public SimOptions withRules(SafetyRules honest, SafetyRules byzantine) {
        return new SimOptions(scenario, seed, validators, honest, byzantine, observeMillis);
    }

    public SimOptions withObserveMillis(long millis) {
        return new SimOptions(scenario, seed, validators, honestRules, byzantineRules, millis);
    }
}
