package io.ballast.core.math;

import java.util.List;

/** Nearest-rank percentiles of an ascending sample (the smallest value with at least p % of the sample ≤ it). */
public final class Percentiles {
    private Percentiles() {}

    /** @param whenEmpty what an empty sample answers (0, or -1 where a table shows "no samples") */
    public static long nearestRank(long[] sorted, int percent, long whenEmpty) {
        return sorted.length == 0 ? whenEmpty : sorted[index(sorted.length, percent)];
    }

    /** @param whenEmpty what an empty sample answers (0, or -1 where a table shows "no samples") */
    public static long nearestRank(List<Long> sorted, int percent, long whenEmpty) {
        return sorted.isEmpty() ? whenEmpty : sorted.get(index(sorted.size(), percent));
    }

    private static int index(int size, int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percentile " + percent);
        }
        int rank = (int) Math.ceil(percent / 100.0 * size);
        return Math.max(0, Math.min(size - 1, rank - 1));
    }
}
