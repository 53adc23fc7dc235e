package io.ballast.core.options;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The precision {@link BlackScholes} documents, checked against {@link ReferenceMath} (40+ exact
 * digits) on 3,000 seeded inputs: spot 1 USD..1e9 USD (the largest price), strike within e^±1.5 of it, volatility
 * 5–300%, 1 hour to 3 years, rates −5..10%.
 */
class BlackScholesPrecisionTest {
    private static final long SEED = 20_270_326L;

    @Test
    void priceWithinOneMicroUsdPlusTenToTheMinus13OfSpotPlusStrike() {
        Random random = new Random(SEED);
        double worstExcess = Double.NEGATIVE_INFINITY;
        double worstAbsMicro = 0;
        double worstRelativeToSpotPlusStrike = 0;
        double worstGreekRelative = 0;
        int checked = 0;
        for (int i = 0; i < 3_000; i++) {
            long spot = (long) (1e6 * StrictMath.pow(10, random.nextDouble() * 9));
            long strike = Math.min(BlackScholes.MAX_PRICE_USD, Math.max(1, (long) (spot * StrictMath.exp((random.nextDouble() * 2 - 1) * 1.5))));
            long vol = 50_000 + (long) (random.nextDouble() * 2_950_000);
            long millis = 3_600_000L + (long) (random.nextDouble() * 3 * BlackScholes.MILLIS_PER_YEAR);
            long rate = -50_000 + (long) (random.nextDouble() * 150_000);
            OptionType type = random.nextBoolean() ? OptionType.CALL : OptionType.PUT;
            String at = "seed " + SEED + " case " + i + ": " + type + " S=" + spot + " K=" + strike + " vol=" + vol
                    + " rate=" + rate + " ms=" + millis;
            ReferenceMath.Exact exact = ReferenceMath.blackScholes(type == OptionType.CALL, spot, strike, vol, rate, millis);
            Greeks greeks = BlackScholes.greeks(type, spot, strike, vol, rate, millis);
            BigDecimal error = BigDecimal.valueOf(greeks.priceUsd()).subtract(exact.price()).abs();
            double bound = 1.0 + 1e-13 * (spot + strike);
            assertTrue(error.doubleValue() <= bound, () -> at + ": price " + greeks.priceUsd() + " vs exact "
                    + exact.price().toPlainString().substring(0, 30) + ", error " + error.doubleValue() + " > " + bound);
            worstExcess = Math.max(worstExcess, error.doubleValue() - bound);
            worstAbsMicro = Math.max(worstAbsMicro, error.doubleValue());
            worstRelativeToSpotPlusStrike = Math.max(worstRelativeToSpotPlusStrike, Math.max(0, error.doubleValue() - 0.5) / (spot + strike));
            // greeks: within 1e-9 relative + one unit of the last digit of their fixed-point scale
            worstGreekRelative = Math.max(worstGreekRelative, check(at, "delta", greeks.deltaE8(),
                    exact.delta().multiply(BigDecimal.valueOf(Greeks.DELTA_SCALE))));
            worstGreekRelative = Math.max(worstGreekRelative, check(at, "gamma", greeks.gammaE12(),
                    exact.gamma().multiply(BigDecimal.valueOf(1_000_000L * Greeks.GAMMA_SCALE))));
            worstGreekRelative = Math.max(worstGreekRelative, check(at, "vega", greeks.vegaUsd(),
                    exact.vega().divide(BigDecimal.valueOf(100))));
            worstGreekRelative = Math.max(worstGreekRelative, check(at, "theta", greeks.thetaUsd(),
                    exact.theta().divide(BigDecimal.valueOf(365), ReferenceMath.MC)));
            checked++;
        }
        System.out.printf("BlackScholes vs 120-digit reference, %d cases: worst price error %.4f micro-USD (beyond rounding: %.2e of spot + strike), "
                + "worst greek error/(1e-9·|greek| + 1) %.3f%n", checked, worstAbsMicro, worstRelativeToSpotPlusStrike, worstGreekRelative);
    }

    private static double check(String at, String name, long actual, BigDecimal exact) {
        double error = BigDecimal.valueOf(actual).subtract(exact).abs().doubleValue();
        double bound = 1e-9 * Math.abs(exact.doubleValue()) + 1.0;
        assertTrue(error <= bound, () -> at + ": " + name + " " + actual + " vs exact " + exact.doubleValue() + ", error "
                + error + " > " + bound);
        return error / bound;
    }
}
