package io.ballast.api;

/** Nearest-rank percentiles of a sorted sample. */
final class Percentiles {
    private Percentiles() {}

    static long of(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
