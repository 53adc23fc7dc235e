package io.ballast.core.options;

/**
 * A European option's model price and sensitivities for one unit of the underlying (one base
 * unit, e.g. 1 BTC), in fixed point.
 *
 * @param priceUsd  value, micro-USD, rounded to the nearest micro-USD
 * @param deltaE8   ∂price/∂spot, in 1e-8 (100_000_000 = a delta of 1.0: one unit of the underlying)
 * @param gammaE12  ∂delta/∂spot per 1 USD move of the spot, in 1e-12 of a unit
 * @param vegaUsd   ∂price/∂vol per 1 vol point (0.01 of annualized volatility), micro-USD
 * @param thetaUsd  ∂price/∂time per calendar day (365-day year; usually negative), micro-USD
 */
public record Greeks(long priceUsd, long deltaE8, long gammaE12, long vegaUsd, long thetaUsd) {
    public static final Greeks ZERO = new Greeks(0, 0, 0, 0, 0);
    public static final long DELTA_SCALE = 100_000_000L;
    public static final long GAMMA_SCALE = 1_000_000_000_000L;
}
