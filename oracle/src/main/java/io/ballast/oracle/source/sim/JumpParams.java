package io.ballast.oracle.source.sim;

/**
 * Jumps of the common factor: Poisson arrivals at {@code ratePerYear} (times the regime's
 * multiplier); each jump's log size is normal — with {@code crashProbability} drawn from the
 * crash distribution instead of the ordinary one. Each market moves by its beta × the jump.
 */
public record JumpParams(
        double ratePerYear,
        double meanLogSize,
        double logSizeStdDev,
        double crashProbability,
        double crashMeanLogSize,
        double crashLogSizeStdDev) {

    public JumpParams {
        SimulationParams.requireNonNegative("ratePerYear", ratePerYear);
        SimulationParams.requireFinite("meanLogSize", meanLogSize);
        SimulationParams.requireNonNegative("logSizeStdDev", logSizeStdDev);
        SimulationParams.requireProbability("crashProbability", crashProbability);
        SimulationParams.requireFinite("crashMeanLogSize", crashMeanLogSize);
        SimulationParams.requireNonNegative("crashLogSizeStdDev", crashLogSizeStdDev);
    }

    /** 24 jumps a year of ±3% (log), 5% of them crashes of about −20% (log −0.22 ± 0.05). */
    public static JumpParams defaults() {
        return new JumpParams(24.0, 0.0, 0.03, 0.05, -0.22, 0.05);
    }

    public static JumpParams none() {
        return new JumpParams(0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    }
}
