package io.ballast.core.options;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A slow, independent, high-precision reference for the option math (tests only): exp, log, the
 * normal CDF and Black–Scholes in BigDecimal with 120 significant digits. It shares no code with
 * {@link BlackScholes}; the normal CDF is the Taylor series of erf (exact to the working precision
 * for |x| ≤ 10; beyond, 0 or 1, off by less than 1e-23).
 */
final class ReferenceMath {
    static final MathContext MC = new MathContext(120, RoundingMode.HALF_EVEN);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final BigDecimal LN2 = lnSeries(TWO);
    static final BigDecimal PI = pi();

    private ReferenceMath() {}

    static BigDecimal exp(BigDecimal x) {
        // e^x = (e^(x/2^k))^(2^k) with |x/2^k| < 1e-3
        int k = 0;
        BigDecimal y = x;
        while (y.abs().compareTo(new BigDecimal("0.001")) > 0) {
            y = y.divide(TWO, MC);
            k++;
        }
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        for (int n = 1; n < 200; n++) {
            term = term.multiply(y, MC).divide(BigDecimal.valueOf(n), MC);
            sum = sum.add(term, MC);
            if (term.abs().compareTo(new BigDecimal("1e-130")) < 0) {
                break;
            }
        }
        for (int i = 0; i < k; i++) {
            sum = sum.multiply(sum, MC);
        }
        return sum;
    }

    static BigDecimal ln(BigDecimal x) {
        if (x.signum() <= 0) {
            throw new ArithmeticException("ln of " + x);
        }
        int k = 0;
        BigDecimal y = x;
        while (y.compareTo(TWO) > 0) {
            y = y.divide(TWO, MC);
            k++;
        }
        while (y.compareTo(BigDecimal.ONE) < 0) {
            y = y.multiply(TWO, MC);
            k--;
        }
        return lnSeries(y).add(LN2.multiply(BigDecimal.valueOf(k), MC), MC);
    }

    /** ln(y) = 2 atanh((y−1)/(y+1)), for 1 ≤ y ≤ 2. */
    private static BigDecimal lnSeries(BigDecimal y) {
        BigDecimal z = y.subtract(BigDecimal.ONE).divide(y.add(BigDecimal.ONE), MC);
        BigDecimal z2 = z.multiply(z, MC);
        BigDecimal power = z;
        BigDecimal sum = BigDecimal.ZERO;
        for (int n = 0; n < 2_000; n++) {
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * n + 1), MC);
            sum = sum.add(term, MC);
            if (term.abs().compareTo(new BigDecimal("1e-130")) < 0) {
                break;
            }
            power = power.multiply(z2, MC);
        }
        return sum.multiply(TWO, MC);
    }

    private static BigDecimal pi() {
        // Machin: π = 16 atan(1/5) − 4 atan(1/239)
        return atanInverse(5).multiply(BigDecimal.valueOf(16), MC).subtract(atanInverse(239).multiply(BigDecimal.valueOf(4), MC), MC);
    }

    private static BigDecimal atanInverse(int n) {
        BigDecimal x = BigDecimal.ONE.divide(BigDecimal.valueOf(n), MC);
        BigDecimal x2 = x.multiply(x, MC);
        BigDecimal power = x;
        BigDecimal sum = BigDecimal.ZERO;
        for (int k = 0; k < 1_000; k++) {
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), MC);
            sum = k % 2 == 0 ? sum.add(term, MC) : sum.subtract(term, MC);
            if (term.compareTo(new BigDecimal("1e-130")) < 0) {
                break;
            }
            power = power.multiply(x2, MC);
        }
        return sum;
    }

    /** N(x) = (1 + erf(x/√2)) / 2, erf by its Taylor series. */
    static BigDecimal normalCdf(BigDecimal x) {
        if (x.abs().compareTo(BigDecimal.TEN) > 0) {
            return x.signum() > 0 ? BigDecimal.ONE : BigDecimal.ZERO; // N(−10) < 7.7e-24: far below every bound tested
        }
        BigDecimal z = x.divide(TWO.sqrt(MC), MC);
        BigDecimal z2 = z.multiply(z, MC);
        BigDecimal power = z;
        BigDecimal factorial = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ZERO;
        for (int n = 0; n < 5_000; n++) {
            if (n > 0) {
                factorial = factorial.multiply(BigDecimal.valueOf(n));
            }
            BigDecimal term = power.divide(factorial.multiply(BigDecimal.valueOf(2L * n + 1)), MC);
            sum = n % 2 == 0 ? sum.add(term, MC) : sum.subtract(term, MC);
            if (n > 10 && term.abs().compareTo(new BigDecimal("1e-125")) < 0) {
                break;
            }
            power = power.multiply(z2, MC);
        }
        BigDecimal erf = sum.multiply(TWO, MC).divide(PI.sqrt(MC), MC);
        return BigDecimal.ONE.add(erf, MC).divide(TWO, MC);
    }

    static BigDecimal normalPdf(BigDecimal x) {
        return exp(x.multiply(x, MC).negate().divide(TWO, MC)).divide(TWO.multiply(PI, MC).sqrt(MC), MC);
    }

    /** Exact Black–Scholes value and greeks (per unit; delta, gamma per micro-USD, vega per 1.00, theta per year). */
    record Exact(BigDecimal price, BigDecimal delta, BigDecimal gamma, BigDecimal vega, BigDecimal theta) {}

    static Exact blackScholes(boolean call, long spotUsd, long strikeUsd, long volPpm, long ratePpm, long millis) {
        BigDecimal s = BigDecimal.valueOf(spotUsd);
        BigDecimal k = BigDecimal.valueOf(strikeUsd);
        BigDecimal sigma = BigDecimal.valueOf(volPpm, 6);
        BigDecimal r = BigDecimal.valueOf(ratePpm, 6);
        BigDecimal t = BigDecimal.valueOf(millis).divide(BigDecimal.valueOf(BlackScholes.MILLIS_PER_YEAR), MC);
        BigDecimal discount = exp(r.multiply(t, MC).negate());
        BigDecimal kd = k.multiply(discount, MC);
        BigDecimal sqrtT = t.sqrt(MC);
        BigDecimal sst = sigma.multiply(sqrtT, MC);
        BigDecimal d1 = ln(s.divide(k, MC)).add(r.add(sigma.multiply(sigma, MC).divide(TWO, MC), MC).multiply(t, MC), MC)
                .divide(sst, MC);
        BigDecimal d2 = d1.subtract(sst, MC);
        BigDecimal nd1 = normalCdf(d1);
        BigDecimal nd2 = normalCdf(d2);
        BigDecimal price = call ? s.multiply(nd1, MC).subtract(kd.multiply(nd2, MC), MC)
                : kd.multiply(BigDecimal.ONE.subtract(nd2, MC), MC).subtract(s.multiply(BigDecimal.ONE.subtract(nd1, MC), MC), MC);
        BigDecimal pdf = normalPdf(d1);
        BigDecimal delta = call ? nd1 : nd1.subtract(BigDecimal.ONE, MC);
        BigDecimal gamma = pdf.divide(s.multiply(sst, MC), MC);
        BigDecimal vega = s.multiply(pdf, MC).multiply(sqrtT, MC);
        BigDecimal decay = s.multiply(pdf, MC).multiply(sigma, MC).divide(TWO.multiply(sqrtT, MC), MC).negate();
        BigDecimal carry = call ? r.multiply(kd, MC).multiply(nd2, MC).negate()
                : r.multiply(kd, MC).multiply(BigDecimal.ONE.subtract(nd2, MC), MC);
        return new Exact(price, delta, gamma, vega, decay.add(carry, MC));
    }

}
