package io.ballast.core.property;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The random source of one try: every value a property's generator draws comes from here, so a
 * seed determines the whole input. {@link SplittableRandom}'s algorithm is specified, so the same
 * seed gives the same input on every JVM.
 */
public final class Gen {
    private static final long[] LONG_EDGES = {0, 1, -1, 2, -2, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1,
        Long.MIN_VALUE + 1, Integer.MAX_VALUE, Integer.MIN_VALUE};
    private static final int[] INT_EDGES = {0, 1, -1, 2, -2, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1,
        Integer.MIN_VALUE + 1};

    private final SplittableRandom random;

    public Gen(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Uniform in {@code [min, max]}. */
    public long longs(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException(min + " > " + max);
        }
        if (max < Long.MAX_VALUE) {
            return random.nextLong(min, max + 1);
        }
        if (min > Long.MIN_VALUE) {
            return random.nextLong(min - 1, max) + 1;
        }
        return random.nextLong();
    }

    /** Uniform in {@code [min, max]}. */
    public int ints(int min, int max) {
        return (int) longs(min, max);
    }

    /** Uniform in {@code [min, max]}, except that each bound is drawn with probability {@code 1/20} (boundary cases). */
    public long longsWithBounds(long min, long max) {
        int roll = random.nextInt(20);
        return roll == 0 ? min : roll == 1 ? max : longs(min, max);
    }

    /** {@link #longsWithBounds} for ints. */
    public int intsWithBounds(int min, int max) {
        return (int) longsWithBounds(min, max);
    }

    /**
     * Any long, spread over magnitudes: edge values (0, ±1, ±2, the extremes, the int extremes) a tenth of the
     * time, small values (|x| &lt; 1000) a fifth, a random bit length (so every order of magnitude is common)
     * two fifths, and uniform over the whole range the rest.
     */
    public long anyLong() {
        int roll = random.nextInt(10);
        if (roll == 0) {
            return LONG_EDGES[random.nextInt(LONG_EDGES.length)];
        }
        if (roll <= 2) {
            return random.nextLong(-999, 1_000);
        }
        if (roll <= 6) {
            int bits = random.nextInt(1, 64);
            long magnitude = random.nextLong() >>> (64 - bits);
            return random.nextBoolean() ? magnitude : -magnitude;
        }
        return random.nextLong();
    }

    /** Any int, spread over magnitudes like {@link #anyLong()}. */
    public int anyInt() {
        int roll = random.nextInt(10);
        if (roll == 0) {
            return INT_EDGES[random.nextInt(INT_EDGES.length)];
        }
        if (roll <= 2) {
            return random.nextInt(-999, 1_000);
        }
        if (roll <= 6) {
            int bits = random.nextInt(1, 32);
            int magnitude = random.nextInt() >>> (32 - bits);
            return random.nextBoolean() ? magnitude : -magnitude;
        }
        return random.nextInt();
    }

    public boolean bool() {
        return random.nextBoolean();
    }

    /** A fresh long for a secondary random source (e.g. a {@code java.util.Random} the property needs). */
    public long nextSeed() {
        return random.nextLong();
    }

    /** One of the values, uniformly. */
    @SafeVarargs
    public final <T> T oneOf(T... values) {
        return values[random.nextInt(values.length)];
    }

    /** One of the values, uniformly. */
    public long oneOfLongs(long... values) {
        return values[random.nextInt(values.length)];
    }

    /** One of the values, uniformly. */
    public int oneOfInts(int... values) {
        return values[random.nextInt(values.length)];
    }

    /** An index into {@code weights}, drawn with probability proportional to its weight. */
    public int weighted(int... weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int roll = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** A list of {@code [min, max]} elements (size uniform), each drawn by {@code element}. */
    public <T> List<T> list(int min, int max, Function<Gen, T> element) {
        int size = ints(min, max);
        List<T> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(element.apply(this));
        }
        return List.copyOf(out);
    }
}
