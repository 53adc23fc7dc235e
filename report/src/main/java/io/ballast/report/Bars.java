package io.ballast.report;

import java.util.List;

/** A horizontal bar chart with one labelled bar per category (inline SVG, like {@link Chart}). */
final class Bars {
    private static final int WIDTH = 560;
    private static final int LEFT = 170;
    private static final int RIGHT = 70;
    private static final int TOP = 30;
    private static final int ROW = 18;

    private Bars() {}

    /** {@code bars}: x = the row, y = the value (ms); {@code labels} name the rows. */
    static String render(String id, String title, String unitTitle, List<String> labels, List<Series.Point> bars,
                         String color) {
        if (bars.isEmpty()) {
            return "<p class=\"note\">No data for this chart in this campaign.</p>\n";
        }
        long max = 1;
        for (Series.Point bar : bars) {
            max = Math.max(max, bar.y());
        }
        int height = TOP + ROW * bars.size() + 24;
        StringBuilder svg = new StringBuilder("<figure><svg class=\"chart\" id=\"").append(Html.escape(id))
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(title)).append("\" xmlns=\"http://www.w3.org/2000/svg\"><title>")
                .append(Html.escape(title)).append("</title>");
        svg.append("<text class=\"chart-title\" x=\"").append(LEFT).append("\" y=\"18\">").append(Html.escape(title))
                .append("</text>");
        double scale = (double) (WIDTH - LEFT - RIGHT) / max;
        for (int i = 0; i < bars.size(); i++) {
            Series.Point bar = bars.get(i);
            double y = TOP + ROW * i;
            double w = Math.max(1, bar.y() * scale);
            svg.append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(Chart.fmt(y + 12))
                    .append("\" text-anchor=\"end\">").append(Html.escape(labels.get(i))).append("</text>");
            svg.append("<rect class=\"bar\" x=\"").append(LEFT).append("\" y=\"").append(Chart.fmt(y + 2))
                    .append("\" width=\"").append(Chart.fmt(w)).append("\" height=\"").append(ROW - 5)
                    .append("\" fill=\"").append(color).append("\"/>");
            svg.append("<text class=\"tick\" x=\"").append(Chart.fmt(LEFT + w + 4)).append("\" y=\"")
                    .append(Chart.fmt(y + 12)).append("\">").append(Html.escape(Format.millis(bar.y()))).append("</text>");
        }
        svg.append("<text class=\"axis-title\" x=\"").append(LEFT).append("\" y=\"").append(height - 6).append("\">")
                .append(Html.escape(unitTitle)).append("</text>");
        return svg.append("</svg></figure>\n").toString();
    }
}
