package io.ballast.core.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Prices and greeks worked by hand, limits, parity, finite differences and golden bits. */
class BlackScholesTest {
    private static final long DAY = BlackScholes.MILLIS_PER_DAY;
    private static final long HALF_YEAR = BlackScholes.MILLIS_PER_YEAR / 2;

    private static long usd(double usd) {
        return Math.round(usd * 1_000_000);
    }

    /**
     * Hull, Options, Futures and Other Derivatives, example 15.6: S = 42, K = 40, r = 10%, σ = 20%,
     * T = 0.5. By hand: d1 = (ln(42/40) + (0.1 + 0.02)·0.5) / (0.2·√0.5) = (0.04879 + 0.06) / 0.14142
     * = 0.7693, d2 = 0.6278; N(d1) = 0.7791, N(d2) = 0.7349; K·e^(−0.05) = 38.049;
     * c = 42·0.7791 − 38.049·0.7349 = 4.76, p = 38.049·(1 − 0.7349) − 42·(1 − 0.7791) = 0.81.
     */
    @Test
    void hullExample() {
        Greeks call = BlackScholes.greeks(OptionType.CALL, usd(42), usd(40), 200_000, 100_000, HALF_YEAR);
        Greeks put = BlackScholes.greeks(OptionType.PUT, usd(42), usd(40), 200_000, 100_000, HALF_YEAR);
        assertEquals(4.76, call.priceUsd() / 1e6, 0.005);
        assertEquals(0.81, put.priceUsd() / 1e6, 0.005);
        assertEquals(0.7791, call.deltaE8() / 1e8, 0.0001);
        assertEquals(0.7791 - 1, put.deltaE8() / 1e8, 0.0001);
        assertEquals(call.gammaE12(), put.gammaE12());
        assertEquals(call.vegaUsd(), put.vegaUsd());
        // the exact values, to the micro-USD
        assertEquals(4_759_422, call.priceUsd());
        assertEquals(808_599, put.priceUsd());
    }

    /** C − P = S − K·e^(−rT), each side rounded once: within 1 micro-USD. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void putCallParity(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 500; i++) {
            long spot = 1 + (long) (random.nextDouble() * usd(200_000));
            long strike = 1 + (long) (random.nextDouble() * usd(200_000));
            long vol = (long) (random.nextDouble() * 3_000_000);
            long rate = -50_000 + (long) (random.nextDouble() * 150_000);
            long millis = (long) (random.nextDouble() * 2 * BlackScholes.MILLIS_PER_YEAR);
            long call = BlackScholes.priceUsd(OptionType.CALL, spot, strike, vol, rate, millis);
            long put = BlackScholes.priceUsd(OptionType.PUT, spot, strike, vol, rate, millis);
            double forward = spot - strike * StrictMath.exp(-rate / 1e6 * millis / BlackScholes.MILLIS_PER_YEAR);
            assertEquals(forward, call - put, 1.0 + 1e-13 * (spot + strike), "seed " + seed + " case " + i);
        }
    }

    @Test
    void atExpiryThePriceIsTheIntrinsicValue() {
        assertEquals(usd(5_000), BlackScholes.priceUsd(OptionType.CALL, usd(65_000), usd(60_000), 600_000, 0, 0));
        assertEquals(0, BlackScholes.priceUsd(OptionType.PUT, usd(65_000), usd(60_000), 600_000, 0, 0));
        assertEquals(usd(5_000), BlackScholes.priceUsd(OptionType.PUT, usd(55_000), usd(60_000), 600_000, 0, 0));
        assertEquals(0, BlackScholes.priceUsd(OptionType.CALL, usd(55_000), usd(60_000), 600_000, 0, 0));
        Greeks itm = BlackScholes.greeks(OptionType.CALL, usd(65_000), usd(60_000), 600_000, 0, 0);
        assertEquals(Greeks.DELTA_SCALE, itm.deltaE8());
        assertEquals(0, itm.gammaE12());
        assertEquals(0, itm.vegaUsd());
        // one millisecond before expiry: within cents of intrinsic
        assertEquals(usd(5_000), BlackScholes.priceUsd(OptionType.CALL, usd(65_000), usd(60_000), 600_000, 0, 1), usd(0.01));
        // zero volatility: the discounted forward's intrinsic value
        long zeroVol = BlackScholes.priceUsd(OptionType.CALL, usd(100), usd(90), 0, 100_000, BlackScholes.MILLIS_PER_YEAR);
        assertEquals(100 - 90 * StrictMath.exp(-0.1), zeroVol / 1e6, 1e-6);
    }

    @Test
    void deepInAndOutOfTheMoney() {
        // deep ITM call: S − K·e^(−rT) (no time value left), delta 1
        Greeks deepCall = BlackScholes.greeks(OptionType.CALL, usd(60_000), usd(10_000), 600_000, 0, 30 * DAY);
        assertEquals(usd(50_000), deepCall.priceUsd());
        assertEquals(Greeks.DELTA_SCALE, deepCall.deltaE8());
        // deep OTM call: worth nothing to the micro-USD, delta 0
        Greeks farCall = BlackScholes.greeks(OptionType.CALL, usd(60_000), usd(600_000), 600_000, 0, 30 * DAY);
        assertEquals(0, farCall.priceUsd());
        assertEquals(0, farCall.deltaE8());
        // deep ITM put with a positive rate: K·e^(−rT) − S
        Greeks deepPut = BlackScholes.greeks(OptionType.PUT, usd(10_000), usd(60_000), 600_000, 50_000, 30 * DAY);
        assertEquals(60_000 * StrictMath.exp(-0.05 * 30 / 365) - 10_000, deepPut.priceUsd() / 1e6, 1e-6);
        assertEquals(-Greeks.DELTA_SCALE, deepPut.deltaE8());
        // ATM, r = 0: C = P ≈ 0.4·S·σ·√T (by hand: 0.4 × 60,000 × 0.6 × √(30/365) = 4,128; exact 4,113.6)
        long atm = BlackScholes.priceUsd(OptionType.CALL, usd(60_000), usd(60_000), 600_000, 0, 30 * DAY);
        assertEquals(atm, BlackScholes.priceUsd(OptionType.PUT, usd(60_000), usd(60_000), 600_000, 0, 30 * DAY));
        assertEquals(4_128, atm / 1e6, 20);
    }

    @Test
    void monotoneInSpotStrikeVolatilityAndTime() {
        long base = BlackScholes.priceUsd(OptionType.CALL, usd(60_000), usd(65_000), 600_000, 0, 30 * DAY);
        assertTrue(BlackScholes.priceUsd(OptionType.CALL, usd(61_000), usd(65_000), 600_000, 0, 30 * DAY) > base);
        assertTrue(BlackScholes.priceUsd(OptionType.CALL, usd(60_000), usd(66_000), 600_000, 0, 30 * DAY) < base);
        assertTrue(BlackScholes.priceUsd(OptionType.CALL, usd(60_000), usd(65_000), 700_000, 0, 30 * DAY) > base);
        assertTrue(BlackScholes.priceUsd(OptionType.CALL, usd(60_000), usd(65_000), 600_000, 0, 31 * DAY) > base);
    }

    /** Greeks against central finite differences of the price itself (bumps of 0.1% spot, 0.1 vol point, 1 day). */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void greeksMatchFiniteDifferencesOfThePrice(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 200; i++) {
            OptionType type = random.nextBoolean() ? OptionType.CALL : OptionType.PUT;
            long spot = usd(1_000 + random.nextDouble() * 99_000);
            long strike = (long) (spot * (0.7 + random.nextDouble() * 0.6));
            long vol = 200_000 + (long) (random.nextDouble() * 1_000_000);
            long rate = (long) (random.nextDouble() * 50_000);
            long millis = 5 * DAY + (long) (random.nextDouble() * 360 * DAY);
            String at = "seed " + seed + " case " + i;
            Greeks g = BlackScholes.greeks(type, spot, strike, vol, rate, millis);
            long h = spot / 1_000;
            double up = BlackScholes.priceUsd(type, spot + h, strike, vol, rate, millis);
            double down = BlackScholes.priceUsd(type, spot - h, strike, vol, rate, millis);
            double mid = g.priceUsd();
            double delta = (up - down) / (2.0 * h);
            assertEquals(delta, g.deltaE8() / 1e8, 2e-4, at + " delta");
            double gammaPerUsd = (up - 2 * mid + down) / ((double) h * h) * 1e6;
            assertEquals(gammaPerUsd, g.gammaE12() / 1e12, 2e-3 * Math.abs(gammaPerUsd) + 1e-9, at + " gamma");
            double vegaPerPoint = (BlackScholes.priceUsd(type, spot, strike, vol + 1_000, rate, millis)
                    - BlackScholes.priceUsd(type, spot, strike, vol - 1_000, rate, millis)) / 2.0 * 10;
            assertEquals(vegaPerPoint, g.vegaUsd(), 1e-3 * Math.abs(vegaPerPoint) + 10, at + " vega");
            double thetaPerDay = (BlackScholes.priceUsd(type, spot, strike, vol, rate, millis - DAY)
                    - BlackScholes.priceUsd(type, spot, strike, vol, rate, millis + DAY)) / 2.0;
            assertEquals(thetaPerDay, g.thetaUsd(), 2e-2 * Math.abs(thetaPerDay) + 10, at + " theta");
        }
    }

    /**
     * The same inputs must give the same bits on every JVM (StrictMath + strict IEEE doubles): these
     * values were computed once and are checked everywhere the build runs.
     */
    @Test
    void goldenBits() {
        assertEquals(new Greeks(1_124_963_284, 20_892_951, 27_840_266, 49_426_007, -49_426_007),
                BlackScholes.greeks(OptionType.CALL, usd(60_000), usd(70_000), 600_000, 0, 30 * DAY));
        assertEquals(new Greeks(11_124_963_284L, -79_107_049, 27_840_266, 49_426_007, -49_426_007),
                BlackScholes.greeks(OptionType.PUT, usd(60_000), usd(70_000), 600_000, 0, 30 * DAY));
        assertEquals(new Greeks(510_667_151, 94_693_963, 306_184_086, 449_210, -3_046_544),
                BlackScholes.greeks(OptionType.CALL, usd(3_000), usd(2_500), 850_000, 50_000, 7 * DAY));
        assertEquals(new Greeks(9_048_760, -70_989_513, 176_602_227_109L, 4_425, -1_373),
                BlackScholes.greeks(OptionType.PUT, 1_234_567, 9_876_543, 1_500_000, -20_000, 400 * DAY));
    }

    /**
     * The corners of the accepted range (where e^(−d2²/2) cannot come from e^(−d1²/2) without
     * under- or overflow): prices stay finite and within their no-arbitrage bounds, and put–call
     * parity holds to the precision the class documents.
     */
    @Test
    void extremeInputsStayWithinBoundsAndParity() {
        long[] prices = {1, usd(1), usd(60_000), BlackScholes.MAX_PRICE_USD};
        long[] vols = {0, 10_000, 600_000, BlackScholes.MAX_VOL_PPM};
        long[] rates = {-BlackScholes.MAX_RATE_PPM, 0, BlackScholes.MAX_RATE_PPM};
        long[] times = {0, 1, DAY, BlackScholes.MAX_MILLIS_TO_EXPIRY};
        for (long spot : prices) {
            for (long strike : prices) {
                for (long vol : vols) {
                    for (long rate : rates) {
                        for (long millis : times) {
                            String at = "S=" + spot + " K=" + strike + " vol=" + vol + " rate=" + rate + " ms=" + millis;
                            double discounted = strike * StrictMath.exp(-rate / 1e6 * millis / BlackScholes.MILLIS_PER_YEAR);
                            if (discounted >= BlackScholes.MAX_DISCOUNTED_STRIKE_USD) {
                                long k = strike, r = rate, t = millis;
                                assertThrows(IllegalArgumentException.class,
                                        () -> BlackScholes.priceUsd(OptionType.PUT, spot, k, vol, r, t), at);
                                continue;
                            }
                            long call = BlackScholes.priceUsd(OptionType.CALL, spot, strike, vol, rate, millis);
                            long put = BlackScholes.priceUsd(OptionType.PUT, spot, strike, vol, rate, millis);
                            assertTrue(call >= 0 && call <= spot, at + ": call " + call);
                            assertTrue(put >= 0 && put <= Math.round(discounted) + 1, at + ": put " + put);
                            double parity = (call - put) - (spot - discounted);
                            double bound = 3.0 + 2e-13 * ((double) spot + strike);
                            assertTrue(Math.abs(parity) <= bound, at + ": C − P − (S − K·e^(−rT)) = " + parity);
                        }
                    }
                }
            }
        }
    }

    @Test
    void rejectsInputsOutsideTheDocumentedRange() {
        assertThrows(IllegalArgumentException.class, () -> BlackScholes.priceUsd(OptionType.CALL, 0, 1, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> BlackScholes.priceUsd(OptionType.CALL, 1, 1, -1, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> BlackScholes.priceUsd(OptionType.CALL, 1, 1, BlackScholes.MAX_VOL_PPM + 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> BlackScholes.priceUsd(OptionType.CALL, 1, 1, 1, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> BlackScholes.priceUsd(OptionType.CALL, 1, 1, 1, 2_000_000, 1));
    }
}
