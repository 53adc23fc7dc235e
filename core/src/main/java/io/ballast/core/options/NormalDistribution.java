package io.ballast.core.options;

/**
 * The standard normal distribution in double precision, with bit-identical results on every JVM:
 * only IEEE-754 arithmetic (strict since Java 17) and {@link StrictMath#exp}.
 *
 * <p>The CDF is Hart's 1968 double-precision rational approximation as published by G. West,
 * "Better approximations to cumulative normal functions" (Wilmott, 2005): exp(−x²/2) × P(|x|)/Q(|x|)
 * for |x| &lt; 7.07 and a continued fraction beyond. Its absolute error is below 1e-14 on the whole
 * line ({@code NormalDistributionTest} checks it against a 40-digit reference); the lower tail is
 * computed directly, so N(−x) keeps its relative precision far out.
 */
public final class NormalDistribution {
    /** 1 / √(2π). */
    public static final double INV_SQRT_2PI = 0.3989422804014327;
    private static final double SQRT_2PI = 2.506628274631;

    private NormalDistribution() {}

    /** N(x) = P(Z ≤ x). */
    public static double cdf(double x) {
        double tail = lowerTail(Math.abs(x));
        return x > 0 ? 1.0 - tail : tail;
    }

    /** φ(x) = e^(−x²/2) / √(2π). */
    public static double pdf(double x) {
        return INV_SQRT_2PI * StrictMath.exp(-0.5 * x * x);
    }

    /**
     * N(x) given {@code gaussian} = e^(−x²/2), computed elsewhere (Black–Scholes derives e^(−d2²/2)
     * from e^(−d1²/2) without a second exponential).
     */
    public static double cdf(double x, double gaussian) {
        double tail = lowerTail(Math.abs(x), gaussian);
        return x > 0 ? 1.0 - tail : tail;
    }

    /** N(−y) for y ≥ 0. */
    private static double lowerTail(double y) {
        return y > 37 ? 0.0 : lowerTail(y, StrictMath.exp(-0.5 * y * y));
    }

    /** N(−y) for y ≥ 0, given e^(−y²/2). */
    private static double lowerTail(double y, double exponential) {
        if (y > 37) {
            return 0.0;
        }
        if (y < 7.07106781186547) {
            double a = 3.52624965998911E-02 * y + 0.700383064443688;
            a = a * y + 6.37396220353165;
            a = a * y + 33.912866078383;
            a = a * y + 112.079291497871;
            a = a * y + 221.213596169931;
            a = a * y + 220.206867912376;
            double b = 8.83883476483184E-02 * y + 1.75566716318264;
            b = b * y + 16.064177579207;
            b = b * y + 86.7807322029461;
            b = b * y + 296.564248779674;
            b = b * y + 637.333633378831;
            b = b * y + 793.826512519948;
            b = b * y + 440.413735824752;
            return exponential * a / b;
        }
        double c = y + 0.65;
        c = y + 4 / c;
        c = y + 3 / c;
        c = y + 2 / c;
        c = y + 1 / c;
        return exponential / c / SQRT_2PI;
    }
}
