package io.ballast.core.math;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Exact fixed-point arithmetic on longs. Every result that does not fit a long throws
 * {@link ArithmeticException}; every division rounds toward negative infinity (floor), so the
 * same inputs give the same bits on every JVM.
 */
public final class Fixed {
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private Fixed() {}

    /** floor(a * b / divisor) with a 128-bit intermediate product. */
    public static long mulDiv(long a, long b, long divisor) {
        if (divisor == 0) {
            throw new ArithmeticException("division by zero");
        }
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
            return Math.floorDiv(low, divisor);
        }
        BigInteger[] quotientAndRemainder = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b))
                .divideAndRemainder(BigInteger.valueOf(divisor));
        BigInteger quotient = quotientAndRemainder[0];
        if (quotientAndRemainder[1].signum() != 0 && (quotientAndRemainder[1].signum() != Long.signum(divisor))) {
            quotient = quotient.subtract(BigInteger.ONE);
        }
        return toLongExact(quotient);
    }

    /** ceil(a * b / divisor): for amounts a user owes, so rounding never favours the debtor. */
    public static long mulDivCeil(long a, long b, long divisor) {
        return Math.negateExact(mulDiv(Math.negateExact(a), b, divisor));
    }

    /** Integer square root: the largest r with {@code r * r <= value}. */
    public static long sqrt(long value) {
        if (value < 0) {
            throw new ArithmeticException("square root of negative " + value);
        }
        long root = (long) StrictMath.sqrt((double) value);
        while (root > 0 && (root > 3_037_000_499L || root * root > value)) {
            root--;
        }
        while (root < 3_037_000_499L && (root + 1) * (root + 1) <= value) {
            root++;
        }
        return root;
    }

    /** Parses a decimal string such as {@code "-12.5"} into units of 10^-decimals, exactly. */
    public static long parseDecimal(String text, int decimals) {
        if (text == null || text.isEmpty() || text.length() > 40 || !text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?")) {
            throw new NumberFormatException("not a plain decimal number: " + text);
        }
        BigDecimal value = new BigDecimal(text);
        if (value.scale() > decimals) {
            throw new NumberFormatException(text + " has more than " + decimals + " decimal places");
        }
        return toLongExact(value.movePointRight(decimals).toBigIntegerExact());
    }

    /** Formats units of 10^-decimals as a plain decimal string, e.g. 1_500_000 with 6 decimals as "1.5". */
    public static String formatDecimal(long units, int decimals) {
        BigDecimal value = BigDecimal.valueOf(units, decimals).stripTrailingZeros();
        if (value.scale() < 0) {
            value = value.setScale(0, RoundingMode.UNNECESSARY);
        }
        return value.toPlainString();
    }

    private static long toLongExact(BigInteger value) {
        if (value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0) {
            throw new ArithmeticException("result " + value + " does not fit 64 bits");
        }
        return value.longValue();
    }
}
