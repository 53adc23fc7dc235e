package io.ballast.cli;

/** The allowed range of a numeric option (picocli parses the number; the range is the command's rule). */
final class Bounds {
    private Bounds() {}

    static long within(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UsageException(option + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    static int within(String option, int value, int min, int max) {
        return (int) within(option, (long) value, min, max);
    }
}
