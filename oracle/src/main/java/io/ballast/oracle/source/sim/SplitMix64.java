package io.ballast.oracle.source.sim;

/**
 * SplitMix64 with uniform, Gaussian (Box–Muller over {@link StrictMath}) and Poisson draws.
 * Fully specified here so a seed gives bit-identical paths on every JVM, unlike
 * {@code java.util.Random.nextGaussian}, whose algorithm changed in JDK 17.
 */
final class SplitMix64 {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final int MAX_POISSON = 64;

    private long state;
    private double spareGaussian;
    private boolean hasSpare;

    SplitMix64(long seed) {
        this.state = seed;
    }

    /** A seed for an independent stream, derived from a base seed and a label. */
    static long derive(long seed, String label) {
        long h = mix(seed ^ 0x5DEECE66DL);
        for (int i = 0; i < label.length(); i++) {
            h = mix(h ^ label.charAt(i));
        }
        return h;
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in [0, 1), 53 random bits. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal. */
    double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u1 = 1.0 - nextDouble(); // (0, 1]: log is finite
        double u2 = nextDouble();
        double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        double angle = 2.0 * StrictMath.PI * u2;
        spareGaussian = radius * StrictMath.sin(angle);
        hasSpare = true;
        return radius * StrictMath.cos(angle);
    }

    /**
     * Poisson with mean {@code -log(expMinusMean)}, by Knuth's product of uniforms; capped at 64.
     * The caller precomputes {@code exp(-mean)}: 1 means "never".
     */
    int nextPoisson(double expMinusMean) {
        if (expMinusMean >= 1.0) {
            return 0;
        }
        double limit = expMinusMean;
        double product = nextDouble();
        int count = 0;
        while (product > limit && count < MAX_POISSON) {
            count++;
            product *= nextDouble();
        }
        return count;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
