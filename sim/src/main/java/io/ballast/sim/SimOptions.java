package io.ballast.sim;

import io.ballast.core.consensus.SafetyRules;

/**
 * What one seed runs.
 *
 * @param validators   4..10, or 0 to draw 4..7 from the seed
 * @param honestRules  safety rules of honest validators ({@link SafetyRules#SAFE} except in planted-bug tests)
 * @param byzantineRules safety rules of Byzantine validator instances (they deviate anyway through the adversary)
 */
public record SimOptions(Scenario scenario, long seed, int validators, SafetyRules honestRules,
                         SafetyRules byzantineRules) {
    public SimOptions {
        if (validators != 0 && (validators < 4 || validators > 10)) {
            throw new IllegalArgumentException("--validators must be within 4..10, got " + validators);
        }
    }

    public static SimOptions of(Scenario scenario, long seed, int validators) {
        return new SimOptions(scenario, seed, validators, SafetyRules.SAFE, SafetyRules.SAFE);
    }

    public SimOptions withRules(SafetyRules honest, SafetyRules byzantine) {
        return new SimOptions(scenario, seed, validators, honest, byzantine);
    }
}
