package io.ballast.oracle.source.sim;

/**
 * A volatility regime: diffusion volatility and jump arrival rate are multiplied by the given
 * factors while it lasts; it lasts {@code meanDurationMillis} on average (exponentially).
 */
public record Regime(String name, double volMultiplier, double jumpRateMultiplier, long meanDurationMillis) {
    public Regime {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("regime name is required");
        }
        SimulationParams.requireNonNegative(name + ".volMultiplier", volMultiplier);
        SimulationParams.requireNonNegative(name + ".jumpRateMultiplier", jumpRateMultiplier);
        if (meanDurationMillis < 1) {
            throw new IllegalArgumentException(name + ": mean duration must be positive: " + meanDurationMillis);
        }
    }
}
