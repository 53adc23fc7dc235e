package io.ballast.core.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ballast.core.property.Gen;
import io.ballast.core.property.PropertyCheck;
import io.ballast.core.property.Seed;
import io.ballast.core.property.Seeds;
import io.ballast.core.property.Shrinker.Candidate;
import io.ballast.core.property.Shrinker;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

class FixedTest {
    @Test
    void mulDivFloorsTowardNegativeInfinity() {
        assertEquals(3, Fixed.mulDiv(7, 1, 2));
        assertEquals(-4, Fixed.mulDiv(-7, 1, 2));
        assertEquals(-4, Fixed.mulDiv(7, 1, -2));
        assertEquals(4, Fixed.mulDivCeil(7, 1, 2));
    }

    @Test
    void mulDivUsesA128BitIntermediate() {
        // 200 BTC (8 decimals) at 100,000 USD (6 decimals): the raw product overflows a long
        assertEquals(20_000_000_000_000L, Fixed.mulDiv(200_00000000L, 100_000_000000L, 100_000_000L));
        assertThrows(ArithmeticException.class, () -> Fixed.mulDiv(Long.MAX_VALUE, Long.MAX_VALUE, 1));
    }

    /** Operands over every magnitude, edge values included; shrunk towards zero one operand at a time. */
    record MulDiv(long a, int b, long divisor) {
        static MulDiv generate(Gen gen) {
            return new MulDiv(gen.anyLong(), gen.anyInt(), gen.anyLong());
        }

        static final Shrinker<MulDiv> SHRINKER = in -> {
            List<Candidate<MulDiv>> out = new ArrayList<>();
            for (long a : Shrinker.towardZero(in.a())) {
                out.add(new Candidate<>(new MulDiv(a, in.b(), in.divisor()), "a = " + a));
            }
            for (long b : Shrinker.towardZero(in.b())) {
                out.add(new Candidate<>(new MulDiv(in.a(), (int) b, in.divisor()), "b = " + b));
            }
            for (long d : Shrinker.towardZero(in.divisor())) {
                out.add(new Candidate<>(new MulDiv(in.a(), in.b(), d), "divisor = " + d));
            }
            return out;
        };
    }

    @ParameterizedTest(name = Seeds.NAME)
    @Seeds(tries = 1_000)
    void mulDivAgreesWithBigInteger(Seed seed) {
        PropertyCheck.check(seed, MulDiv::generate, MulDiv.SHRINKER, in -> mulDivAgrees(in.a(), in.b(), in.divisor()));
    }

    private static void mulDivAgrees(long a, int b, long divisor) {
        if (divisor == 0) {
            return;
        }
        BigInteger exact = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
        BigInteger[] qr = exact.divideAndRemainder(BigInteger.valueOf(divisor));
        BigInteger floor = qr[1].signum() != 0 && qr[1].signum() != Long.signum(divisor) ? qr[0].subtract(BigInteger.ONE) : qr[0];
        if (floor.bitLength() > 63) {
            assertThrows(ArithmeticException.class, () -> Fixed.mulDiv(a, b, divisor));
        } else {
            assertEquals(floor.longValueExact(), Fixed.mulDiv(a, b, divisor));
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @Seeds(tries = 1_000)
    void sqrtIsTheFloorRoot(Seed seed) {
        PropertyCheck.check(seed, Gen::anyLong,
                value -> Shrinker.towardZero(value).stream().map(v -> new Candidate<>(v, "value = " + v)).toList(),
                FixedTest::isTheFloorRoot);
    }

    private static void isTheFloorRoot(long value) {
        long v = Math.abs(value == Long.MIN_VALUE ? 0 : value);
        long root = Fixed.sqrt(v);
        BigInteger r = BigInteger.valueOf(root);
        BigInteger big = BigInteger.valueOf(v);
        assertEquals(true, r.multiply(r).compareTo(big) <= 0 && r.add(BigInteger.ONE).pow(2).compareTo(big) > 0);
    }

    @Test
    void parsesAndFormatsDecimalsExactly() {
        assertEquals(12_500_000, Fixed.parseDecimal("12.5", 6));
        assertEquals(-1, Fixed.parseDecimal("-0.000001", 6));
        assertEquals("12.5", Fixed.formatDecimal(12_500_000, 6));
        assertEquals("-0.000001", Fixed.formatDecimal(-1, 6));
        assertEquals("100", Fixed.formatDecimal(100_000_000, 6));
        assertThrows(NumberFormatException.class, () -> Fixed.parseDecimal("1.0000001", 6));
        assertThrows(NumberFormatException.class, () -> Fixed.parseDecimal("1e5", 6));
        assertThrows(NumberFormatException.class, () -> Fixed.parseDecimal("01", 6));
        assertThrows(ArithmeticException.class, () -> Fixed.parseDecimal("99999999999999999999", 6));
    }
}
