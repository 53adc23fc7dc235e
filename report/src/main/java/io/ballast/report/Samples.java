package io.ballast.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Values measured in many seeds, each remembering its seed, so that a percentile can name the seed of the sample at
 * its rank. Nearest-rank, like {@link io.ballast.core.math.Percentiles}; ties ordered by seed so the answer is stable.
 */
final class Samples {
    record Sample(long value, long seed) {}

    private final List<Sample> values = new ArrayList<>();
    private boolean sorted = true;

    void add(long value, long seed) {
        values.add(new Sample(value, seed));
        sorted = false;
    }

    int size() {
        return values.size();
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    private List<Sample> sorted() {
        if (!sorted) {
            values.sort(Comparator.comparingLong(Sample::value).thenComparingLong(Sample::seed));
            sorted = true;
        }
        return values;
    }

    /** Null when empty. */
    Sample percentile(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percentile " + percent);
        }
        List<Sample> list = sorted();
        if (list.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(percent / 100.0 * list.size());
        return list.get(Math.max(0, Math.min(list.size() - 1, rank - 1)));
    }

    Sample max() {
        return percentile(100);
    }

    /** The value at each whole percent 1..100 (x) against the percent in permille (y): a CDF of at most 100 points. */
    List<Series.Point> cdf() {
        List<Series.Point> points = new ArrayList<>();
        if (isEmpty()) {
            return points;
        }
        for (int percent = 1; percent <= 100; percent++) {
            Sample at = percentile(percent);
            Series.Point point = new Series.Point(at.value(), percent * 10L);
            if (!points.isEmpty() && points.get(points.size() - 1).x() == point.x()) {
                points.set(points.size() - 1, point);
            } else {
                points.add(point);
            }
        }
        return points;
    }
}
