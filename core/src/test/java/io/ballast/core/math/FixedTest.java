package io.ballast.core.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

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

    @Property
    void mulDivAgreesWithBigInteger(@ForAll long a, @ForAll int b, @ForAll long divisor) {
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

    @Property
    void sqrtIsTheFloorRoot(@ForAll long value) {
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
