package io.ballast.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * An inline SVG chart: lines (optionally stepped), scatter points or horizontal bars on linear or logarithmic axes,
 * with grid, ticks, axis titles, a legend and reference lines. No script, no external font: it prints as drawn.
 * Drawn data carry classes the page test counts: {@code polyline.series}, {@code circle.pt}, {@code rect.bar}.
 */
final class Chart {
    enum Scale { LINEAR, LOG }

    enum Style { LINE, STEP, DOTS }

    /** @param format tick labels */
    record Axis(String title, Scale scale, long min, long max, LongFunction<String> format) {
        Axis {
            if (max <= min) {
                max = min + 1;
            }
            if (scale == Scale.LOG && min < 1) {
                min = 1;
                max = Math.max(max, 2);
            }
        }
    }

    record Layer(String label, String color, Style style, List<Series.Point> points) {}

    /** A dashed reference line at y (horizontal) with its label. */
    record Guide(long y, String label) {}

    static final int WIDTH = 560;
    static final int HEIGHT = 300;
    private static final int LEFT = 74;
    private static final int RIGHT = 16;
    private static final int TOP = 34;
    private static final int BOTTOM = 46;

    private final String id;
    private final String title;
    private final Axis x;
    private final Axis y;
    private final List<Layer> layers = new ArrayList<>();
    private final List<Guide> guides = new ArrayList<>();

    Chart(String id, String title, Axis x, Axis y) {
        this.id = id;
        this.title = title;
        this.x = x;
        this.y = y;
    }

    Chart layer(String label, String color, Style style, List<Series.Point> points) {
        layers.add(new Layer(label, color, style, points));
        return this;
    }

    Chart guide(long yValue, String label) {
        guides.add(new Guide(yValue, label));
        return this;
    }

    boolean hasData() {
        return layers.stream().anyMatch(layer -> !layer.points().isEmpty());
    }

    /** The smallest and largest x and y over some series, for axis ranges. */
    static long[] extent(List<List<Series.Point>> series) {
        long minX = Long.MAX_VALUE;
        long maxX = Long.MIN_VALUE;
        long minY = Long.MAX_VALUE;
        long maxY = Long.MIN_VALUE;
        for (List<Series.Point> points : series) {
            for (Series.Point p : points) {
                minX = Math.min(minX, p.x());
                maxX = Math.max(maxX, p.x());
                minY = Math.min(minY, p.y());
                maxY = Math.max(maxY, p.y());
            }
        }
        return minX > maxX ? new long[] {0, 1, 0, 1} : new long[] {minX, maxX, minY, maxY};
    }

    String render() {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" id=\"").append(Html.escape(id)).append("\" viewBox=\"0 0 ").append(WIDTH)
                .append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(Html.escape(title))
                .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.append("<title>").append(Html.escape(title)).append("</title>");
        svg.append(text(LEFT, 18, "start", "chart-title", title));
        axes(svg);
        for (Guide guide : guides) {
            double py = py(guide.y());
            svg.append("<line class=\"guide\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y1=\"").append(fmt(py)).append("\" y2=\"").append(fmt(py)).append("\"/>");
            svg.append(text(WIDTH - RIGHT - 4, py - 4, "end", "guide-label", guide.label()));
        }
        for (Layer layer : layers) {
            draw(svg, layer);
        }
        legend(svg);
        svg.append("</svg>");
        return svg.toString();
    }

    private void axes(StringBuilder svg) {
        int plotBottom = HEIGHT - BOTTOM;
        for (long tick : ticks(y)) {
            double py = py(tick);
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y1=\"").append(fmt(py)).append("\" y2=\"").append(fmt(py)).append("\"/>");
            svg.append(text(LEFT - 6, py + 4, "end", "tick", y.format().apply(tick)));
        }
        for (long tick : ticks(x)) {
            double px = px(tick);
            svg.append("<line class=\"grid\" x1=\"").append(fmt(px)).append("\" x2=\"").append(fmt(px))
                    .append("\" y1=\"").append(TOP).append("\" y2=\"").append(plotBottom).append("\"/>");
            svg.append(text(px, plotBottom + 16, "middle", "tick", x.format().apply(tick)));
        }
        svg.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                .append("\" y1=\"").append(plotBottom).append("\" y2=\"").append(plotBottom).append("\"/>");
        svg.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"")
                .append(TOP).append("\" y2=\"").append(plotBottom).append("\"/>");
        svg.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 8, "middle", "axis-title", x.title()));
        svg.append("<text class=\"axis-title\" text-anchor=\"middle\" transform=\"translate(14 ")
                .append(fmt((TOP + plotBottom) / 2.0)).append(") rotate(-90)\">").append(Html.escape(y.title()))
                .append("</text>");
    }

    private void draw(StringBuilder svg, Layer layer) {
        if (layer.points().isEmpty()) {
            return;
        }
        if (layer.style() == Style.DOTS) {
            for (Series.Point p : layer.points()) {
                svg.append("<circle class=\"pt\" cx=\"").append(fmt(px(p.x()))).append("\" cy=\"").append(fmt(py(p.y())))
                        .append("\" r=\"2.2\" fill=\"").append(layer.color()).append("\"/>");
            }
            return;
        }
        StringBuilder points = new StringBuilder();
        Series.Point previous = null;
        for (Series.Point p : layer.points()) {
            if (layer.style() == Style.STEP && previous != null) {
                points.append(fmt(px(p.x()))).append(',').append(fmt(py(previous.y()))).append(' ');
            }
            points.append(fmt(px(p.x()))).append(',').append(fmt(py(p.y()))).append(' ');
            previous = p;
        }
        svg.append("<polyline class=\"series\" fill=\"none\" stroke=\"").append(layer.color())
                .append("\" stroke-width=\"2\" points=\"").append(points.toString().strip()).append("\"/>");
    }

    private void legend(StringBuilder svg) {
        double at = WIDTH - RIGHT;
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer layer = layers.get(i);
            double width = 18 + 6.2 * layer.label().length();
            at -= width;
            svg.append("<rect x=\"").append(fmt(at)).append("\" y=\"9\" width=\"10\" height=\"10\" fill=\"")
                    .append(layer.color()).append("\"/>");
            svg.append(text(at + 14, 18, "start", "legend", layer.label()));
            at -= 8;
        }
    }

    private double px(long value) {
        return LEFT + fraction(x, value) * (WIDTH - LEFT - RIGHT);
    }

    private double py(long value) {
        return HEIGHT - BOTTOM - fraction(y, value) * (HEIGHT - BOTTOM - TOP);
    }

    private static double fraction(Axis axis, long value) {
        double f;
        if (axis.scale() == Scale.LOG) {
            double v = Math.max(axis.min(), value);
            f = (StrictMath.log10(v) - StrictMath.log10(axis.min())) / (StrictMath.log10(axis.max())
                    - StrictMath.log10(axis.min()));
        } else {
            f = (double) (value - axis.min()) / (axis.max() - axis.min());
        }
        return Math.max(0, Math.min(1, f));
    }

    /** Round ticks: powers of ten on a log axis, 1-2-5 steps (about five) on a linear one. */
    static List<Long> ticks(Axis axis) {
        List<Long> ticks = new ArrayList<>();
        if (axis.scale() == Scale.LOG) {
            for (long t = 1; t <= axis.max(); t *= 10) {
                if (t >= axis.min()) {
                    ticks.add(t);
                }
                if (t > Long.MAX_VALUE / 10) {
                    break;
                }
            }
            return ticks;
        }
        long step = niceStep(axis.max() - axis.min(), 5);
        long first = Math.floorDiv(axis.min() + step - 1, step) * step;
        for (long t = first; t <= axis.max(); t += step) {
            ticks.add(t);
        }
        return ticks;
    }

    /** The smallest of 1, 2, 5 × 10^k that cuts {@code span} into at most about {@code target} steps. */
    static long niceStep(long span, int target) {
        long raw = Math.max(1, span / target);
        long magnitude = 1;
        while (magnitude <= raw / 10) {
            magnitude *= 10;
        }
        for (long m : new long[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String text(double x, double y, String anchor, String cssClass, String content) {
        return "<text class=\"" + cssClass + "\" x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\">"
                + Html.escape(content) + "</text>";
    }

    static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
