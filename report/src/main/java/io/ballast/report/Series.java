package io.ballast.report;

import java.util.List;

/**
 * Points of one chart line or scatter, with where they come from.
 *
 * @param seed    the seed every point comes from, or null when points carry their own seed (or come from every seed
 *                of the command)
 */
public record Series(String label, Unit xUnit, Unit yUnit, Long seed, String command, List<Point> points) {
    public Series {
        points = List.copyOf(points);
    }

    /** @param seed null unless the series mixes seeds and this point names its own */
    public record Point(long x, long y, Long seed) {
        public Point(long x, long y) {
            this(x, y, null);
        }
    }
}
