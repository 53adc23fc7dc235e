package io.ballast.oracle.source.sim;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything that determines a {@link SimulatedMarket} path. The path starts at
 * {@code originMillis} and advances in steps of {@code stepMillis}; the price at time t is the
 * price after step {@code floor((t - originMillis) / stepMillis)}. {@code maxStepsPerQuery}
 * bounds the work of one quote (a time far in the future fails instead of spinning).
 */
public record SimulationParams(
        long seed,
        long originMillis,
        long stepMillis,
        double factorVolPerYear,
        RegimeChain regimes,
        JumpParams jumps,
        List<MarketSpec> markets,
        long maxStepsPerQuery) {

    public static final double MILLIS_PER_YEAR = 365.25 * 24 * 3_600_000;

    public SimulationParams {
        Objects.requireNonNull(regimes, "regimes");
        Objects.requireNonNull(jumps, "jumps");
        markets = List.copyOf(markets);
        if (stepMillis < 1) {
            throw new IllegalArgumentException("stepMillis must be positive: " + stepMillis);
        }
        requireNonNegative("factorVolPerYear", factorVolPerYear);
        if (markets.isEmpty()) {
            throw new IllegalArgumentException("at least one market is required");
        }
        Set<String> ids = new HashSet<>();
        for (MarketSpec market : markets) {
            if (!ids.add(market.marketId())) {
                throw new IllegalArgumentException("duplicate market " + market.marketId());
            }
        }
        if (maxStepsPerQuery < 1) {
            throw new IllegalArgumentException("maxStepsPerQuery must be positive: " + maxStepsPerQuery);
        }
        double maxJumpRate = regimes.regimes().stream().mapToDouble(Regime::jumpRateMultiplier).max().orElse(0);
        double jumpsPerStep = jumps.ratePerYear() * maxJumpRate * stepMillis / MILLIS_PER_YEAR;
        if (jumpsPerStep > 1.0) {
            throw new IllegalArgumentException("up to " + jumpsPerStep + " jumps per step expected: use shorter steps");
        }
    }

    /**
     * BTC-PERP and ETH-PERP ({@link MarketSpec#btc()}, {@link MarketSpec#eth()}), one-second steps,
     * 60%/year factor volatility, the default regimes and jumps, and at most about 3 years of steps
     * per quote.
     */
    public static SimulationParams defaults(long seed, long originMillis) {
        return new SimulationParams(seed, originMillis, 1_000, 0.6, RegimeChain.defaults(), JumpParams.defaults(),
                List.of(MarketSpec.btc(), MarketSpec.eth()), 100_000_000L);
    }

    public SimulationParams withSeed(long newSeed) {
        return new SimulationParams(newSeed, originMillis, stepMillis, factorVolPerYear, regimes, jumps, markets, maxStepsPerQuery);
    }

    public SimulationParams withStepMillis(long newStepMillis) {
        return new SimulationParams(seed, originMillis, newStepMillis, factorVolPerYear, regimes, jumps, markets, maxStepsPerQuery);
    }

    public SimulationParams withFactorVolPerYear(double newVolPerYear) {
        return new SimulationParams(seed, originMillis, stepMillis, newVolPerYear, regimes, jumps, markets, maxStepsPerQuery);
    }

    public SimulationParams withRegimes(RegimeChain newRegimes) {
        return new SimulationParams(seed, originMillis, stepMillis, factorVolPerYear, newRegimes, jumps, markets, maxStepsPerQuery);
    }

    public SimulationParams withJumps(JumpParams newJumps) {
        return new SimulationParams(seed, originMillis, stepMillis, factorVolPerYear, regimes, newJumps, markets, maxStepsPerQuery);
    }

    public SimulationParams withMarkets(List<MarketSpec> newMarkets) {
        return new SimulationParams(seed, originMillis, stepMillis, factorVolPerYear, regimes, jumps, newMarkets, maxStepsPerQuery);
    }

    public SimulationParams withMaxStepsPerQuery(long newMax) {
        return new SimulationParams(seed, originMillis, stepMillis, factorVolPerYear, regimes, jumps, markets, newMax);
    }

    /** Step length in years. */
    public double stepYears() {
        return stepMillis / MILLIS_PER_YEAR;
    }

    static void requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite: " + value);
        }
    }

    static void requireNonNegative(String name, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(name + " must be finite and >= 0: " + value);
        }
    }

    static void requireProbability(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be within 0..1: " + value);
        }
    }
}
