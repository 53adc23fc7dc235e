package io.ballast.oracle.source.sim;

import java.util.List;

/**
 * A Markov chain of 1 to 3 {@link Regime}s, ordered from calmest to most violent, shared by all
 * markets. The chain starts in the first regime. On leaving a regime it moves to a neighbour:
 * the first goes up, the last goes down, a middle one goes up with {@code escalationProbability}
 * and down otherwise. With one regime it never switches.
 */
public record RegimeChain(List<Regime> regimes, double escalationProbability) {
    public static final int MAX_REGIMES = 3;

    public RegimeChain {
        regimes = List.copyOf(regimes);
        if (regimes.isEmpty() || regimes.size() > MAX_REGIMES) {
            throw new IllegalArgumentException("a regime chain has 1.." + MAX_REGIMES + " regimes, got " + regimes.size());
        }
        SimulationParams.requireProbability("escalationProbability", escalationProbability);
    }

    /** Calm (×1, 6 h), volatile (×2 vol, ×3 jumps, 2 h), crisis (×4 vol, ×10 jumps, 20 min); 20% escalation. */
    public static RegimeChain defaults() {
        return new RegimeChain(List.of(
                new Regime("calm", 1.0, 1.0, 6 * 3_600_000L),
                new Regime("volatile", 2.0, 3.0, 2 * 3_600_000L),
                new Regime("crisis", 4.0, 10.0, 20 * 60_000L)), 0.2);
    }

    /** One regime with multipliers 1: plain jump-diffusion. */
    public static RegimeChain constant() {
        return new RegimeChain(List.of(new Regime("constant", 1.0, 1.0, Long.MAX_VALUE)), 0.0);
    }

    /** The regime entered when leaving {@code from}, given a uniform draw in [0, 1). */
    int next(int from, double uniform) {
        int last = regimes.size() - 1;
        if (last == 0) {
            return 0;
        }
        if (from == 0) {
            return 1;
        }
        if (from == last) {
            return last - 1;
        }
        return uniform < escalationProbability ? from + 1 : from - 1;
    }
}
