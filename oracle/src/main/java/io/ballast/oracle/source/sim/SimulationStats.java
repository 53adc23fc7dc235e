package io.ballast.oracle.source.sim;

import java.util.Map;

/**
 * What happened on a simulated path up to step {@code steps}: jump arrivals (crashes included),
 * crashes, regime switches, steps spent in each regime (by name) and the regime now in force.
 */
public record SimulationStats(
        long steps, long jumps, long crashes, long regimeSwitches, Map<String, Long> stepsByRegime, String currentRegime) {
    public SimulationStats {
        stepsByRegime = Map.copyOf(stepsByRegime);
    }
}
