package io.ballast.core.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class NormalDistributionTest {
    @Test
    void cdfWithinOneEMinus14OfTheReferenceFromMinusNineToNine() {
        double worst = 0;
        for (int i = -900; i <= 900; i += 3) {
            double x = i / 100.0;
            double exact = ReferenceMath.normalCdf(new BigDecimal(x)).doubleValue();
            double error = Math.abs(NormalDistribution.cdf(x) - exact);
            worst = Math.max(worst, error);
            assertTrue(error < 1e-14, "N(" + x + ") off by " + error);
        }
        System.out.println("NormalDistribution.cdf worst absolute error on [-9, 9]: " + worst);
    }

    @Test
    void lowerTailKeepsRelativePrecision() {
        for (double x : new double[] {-5, -8, -12, -20}) {
            double exact = x < -10 ? tailAsymptotic(-x) : ReferenceMath.normalCdf(new BigDecimal(x)).doubleValue();
            double relative = Math.abs(NormalDistribution.cdf(x) / exact - 1);
            assertTrue(relative < 1e-6, "N(" + x + ") relative error " + relative);
        }
    }

    /** φ(y)/y · (1 − 1/y² + 3/y⁴ − 15/y⁶): the tail's asymptotic series, exact to ~1e-7 at y ≥ 12. */
    private static double tailAsymptotic(double y) {
        double y2 = y * y;
        return NormalDistribution.pdf(y) / y * (1 - 1 / y2 + 3 / (y2 * y2) - 15 / (y2 * y2 * y2));
    }

    @Test
    void symmetricAndBounded() {
        for (int i = 0; i <= 4_000; i++) {
            double x = i / 100.0;
            assertEquals(1.0, NormalDistribution.cdf(x) + NormalDistribution.cdf(-x), 2e-16, "N(x) + N(-x) at " + x);
            assertTrue(NormalDistribution.cdf(x) <= 1.0 && NormalDistribution.cdf(-x) >= 0.0);
        }
        assertEquals(0.5, NormalDistribution.cdf(0.0), 0.0);
        assertEquals(0.0, NormalDistribution.cdf(-40.0), 0.0);
        assertEquals(1.0, NormalDistribution.cdf(40.0), 0.0);
    }

    @Test
    void cdfGivenItsExponentialIsTheSameBitsAsCdf() {
        for (int i = -4_000; i <= 4_000; i++) {
            double x = i / 100.0 + i * 1e-7;
            double gaussian = StrictMath.exp(-0.5 * x * x);
            assertEquals(Double.doubleToRawLongBits(NormalDistribution.cdf(x)),
                    Double.doubleToRawLongBits(NormalDistribution.cdf(x, gaussian)), "N(" + x + ")");
        }
    }
}
