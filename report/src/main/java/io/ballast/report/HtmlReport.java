package io.ballast.report;

import java.util.ArrayList;
import java.util.List;

/**
 * report.html: one self-contained page (inline CSS and SVG; no script, no font or image from elsewhere, and a content
 * security policy that forbids them), readable on screen and printed. This class draws the page and the latency
 * sections; {@link HtmlMarketSections} and {@link HtmlSafetySections} the others.
 */
public final class HtmlReport {
    static final String[] COLORS = {"#1f6feb", "#d9480f", "#2f9e44", "#9c36b5", "#e8590c", "#0c8599"};
    static final String CENSORED = "#c92a2a";
    static final String OTHERS = "#868e96";

    private HtmlReport() {}

    static String color(int index) {
        return COLORS[index % COLORS.length];
    }

    public static String render(ReportModel model) {
        StringBuilder page = new StringBuilder(256 * 1024);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
                        + "'unsafe-inline'; img-src data:\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Ballast resilience report</title>\n<style>").append(Style.CSS).append("</style>\n")
                .append("</head>\n<body>\n");
        header(page, model);
        summary(page, model);
        verdicts(page, model);
        finality(page, model);
        hangover(page, model);
        HtmlMarketSections.threshold(page, model);
        HtmlMarketSections.liquidations(page, model);
        HtmlMarketSections.solvency(page, model);
        HtmlMarketSections.corruption(page, model);
        HtmlMarketSections.censorship(page, model);
        HtmlOptionsSection.render(page, model);
        HtmlSafetySections.safety(page, model);
        HtmlSafetySections.cluster(page, model);
        HtmlSafetySections.reproduce(page, model);
        page.append("</body>\n</html>\n");
        return page.toString();
    }

    private static void header(StringBuilder page, ReportModel model) {
        ReportModel.Header h = model.header();
        page.append("<header>\n<h1>Ballast resilience report</h1>\n<p class=\"lead\">The real consensus and ledger ")
                .append("under every fault class of the deterministic simulator, ")
                .append(Verdicts.plural(h.seeds(), "seed")).append(" per class at ").append(validatorList(h.validators())).append(" validators (seeds ")
                .append(h.firstSeed()).append("–").append(h.firstSeed() + h.seeds() - 1).append("). Every number ")
                .append("shows its seed and the command that reproduces it on hover; <code>report.json</code> beside ")
                .append("this page holds all of them.</p>\n<p>Campaign: ").append(Html.code(h.command())).append("</p>\n");
        if (h.bug() != PlantedBug.NONE) {
            page.append("<p class=\"alarm\">Planted-bug run: the safety rule <b>").append(Html.escape(h.bug().id()))
                    .append("</b> is switched off on every validator. These numbers describe a broken protocol.</p>\n");
        }
        page.append("<nav><a href=\"#summary\">Summary</a> <a href=\"#verdicts\">Verdicts</a> <a href=\"#finality\">")
                .append("Finality</a> <a href=\"#hangover\">After the heal</a> <a href=\"#threshold\">Validator ")
                .append("threshold</a> <a href=\"#liquidations\">Liquidations</a> <a href=\"#solvency\">Solvency</a> ")
                .append("<a href=\"#corruption\">Cost of corruption</a> <a href=\"#censorship\">Censorship</a> ")
                .append("<a href=\"#options\">Options feedback loop</a> ")
                .append("<a href=\"#safety\">Safety</a> <a href=\"#cluster\">Cluster</a> <a href=\"#reproduce\">")
                .append("Reproduce</a></nav>\n</header>\n");
    }

    static String validatorList(List<Integer> validators) {
        List<String> counts = validators.stream().map(String::valueOf).toList();
        return counts.size() == 1 ? counts.get(0) : String.join(", ", counts.subList(0, counts.size() - 1)) + " and "
                + counts.get(counts.size() - 1);
    }

    static String badge(ClassReport.Verdict verdict) {
        return "<span class=\"badge " + verdict.name().toLowerCase(java.util.Locale.ROOT) + "\">"
                + Html.escape(Verdicts.word(verdict)) + "</span>";
    }

    private static void summary(StringBuilder page, ReportModel model) {
        page.append("<section id=\"summary\">\n<h2>Summary</h2>\n<table>\n<thead><tr><th>class</th><th>verdict</th>")
                .append("<th>n</th><th>seeds</th><th>violations</th><th>finality p50</th><th>p99</th><th>max</th>")
                .append("<th>recovery p99</th><th>hangover p99</th><th>liquidations</th><th>improper</th></tr></thead>\n")
                .append("<tbody>\n");
        for (ClassReport report : model.classes()) {
            boolean first = true;
            for (ClassReport.AtValidators at : report.byValidators()) {
                page.append("<tr").append(first ? " class=\"first\"" : "").append(">");
                if (first) {
                    int rows = report.byValidators().size();
                    page.append("<th rowspan=\"").append(rows).append("\" title=\"").append(Html.escape(
                            report.faultClass().description())).append("\">").append(Html.escape(report.faultClass().id()))
                            .append("</th><td rowspan=\"").append(rows).append("\">").append(badge(report.verdict()))
                            .append("</td>");
                }
                page.append("<td class=\"r\">").append(at.validators()).append("</td>").append(Html.cell(at.seeds()))
                        .append(violationCell(at.violations())).append(Html.cell(at.finality().p50()))
                        .append(Html.cell(at.finality().p99())).append(Html.cell(at.finality().max()))
                        .append(Html.cell(at.recovery().millisP99())).append(Html.cell(at.hangover().p99()))
                        .append(Html.cell(at.market().liquidations()))
                        .append(violationCell(at.market().improperLiquidations())).append("</tr>\n");
                first = false;
            }
        }
        page.append("</tbody>\n</table>\n<p class=\"note\">Finality: a client's first submission to the first commit of ")
                .append("its transaction (simulated time). Recovery: the heal to the first block committed after it. ")
                .append("Hangover: the heal to the commit of the last transaction slower than the no-fault worst case. ")
                .append("Improper: liquidated at a price more than 1 % outside the true price range over the oracle ")
                .append("staleness window (must be 0).</p>\n</section>\n");
    }

    static String violationCell(Metric metric) {
        boolean bad = metric != null && metric.value() > 0;
        return "<td class=\"r" + (bad ? " bad" : "") + "\">" + Html.number(metric) + "</td>";
    }

    private static void verdicts(StringBuilder page, ReportModel model) {
        page.append("<section id=\"verdicts\">\n<h2>Verdicts</h2>\n");
        for (ClassReport report : model.classes()) {
            page.append("<div class=\"verdict\"><h3>").append(Html.escape(report.faultClass().id())).append(' ')
                    .append(badge(report.verdict())).append("</h3><p class=\"what\">")
                    .append(Html.escape(report.faultClass().description())).append("</p><p>")
                    .append(Html.escape(Verdicts.paragraph(model, report))).append("</p></div>\n");
        }
        page.append("</section>\n");
    }

    private static void finality(StringBuilder page, ReportModel model) {
        page.append("<section id=\"finality\">\n<h2>Time to finality</h2>\n<p>Cumulative share of client transactions ")
                .append("final within a time (log scale), per class; one line per validator count.</p>\n")
                .append("<div class=\"grid\">\n");
        for (ClassReport report : model.classes()) {
            List<List<Series.Point>> all = new ArrayList<>();
            report.byValidators().forEach(at -> all.add(at.finality().cdf().points()));
            long[] extent = Chart.extent(all);
            Chart chart = new Chart("cdf-" + report.faultClass().id(), report.faultClass().id(),
                    new Chart.Axis("ms to finality", Chart.Scale.LOG, 10, Math.max(100, extent[1]), HtmlReport::shortMillis),
                    new Chart.Axis("share final", Chart.Scale.LINEAR, 0, 1_000, v -> v / 10 + "%"));
            for (int i = 0; i < report.byValidators().size(); i++) {
                ClassReport.AtValidators at = report.byValidators().get(i);
                chart.layer("n = " + at.validators(), color(i), Chart.Style.LINE, at.finality().cdf().points());
            }
            page.append(figure(chart));
        }
        page.append("</div>\n</section>\n");
    }

    static String figure(Chart chart) {
        if (!chart.hasData()) {
            return "<p class=\"note\">No data for this chart in this campaign.</p>\n";
        }
        return "<figure>" + chart.render() + "</figure>\n";
    }

    static String shortMillis(long millis) {
        return millis >= 1_000 ? millis / 1_000 + " s" : millis + " ms";
    }

    private static void hangover(StringBuilder page, ReportModel model) {
        page.append("<section id=\"hangover\">\n<h2>After the heal: recovery and hangover</h2>\n<p>Each seed runs ")
                .append(model.header().observeMillis()).append(" ms of simulated time past its liveness check. ")
                .append("The healthy bound is the slowest transaction of the no-fault class at the same validator ")
                .append("count; the hangover is how long after the heal transactions still committed slower than ")
                .append("that.</p>\n");
        List<Series.Point> bars = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        page.append("<table>\n<thead><tr><th>class</th><th>n</th><th>bound</th><th>hangover p50</th><th>p99</th>")
                .append("<th>max</th><th>still above at end</th><th>after-heal p99</th><th>recovered</th>")
                .append("<th>rounds p50</th><th>max</th><th>recovery p50</th><th>p99</th><th>max</th></tr></thead>\n")
                .append("<tbody>\n");
        for (ClassReport report : model.classes()) {
            for (ClassReport.AtValidators at : report.byValidators()) {
                ClassReport.Hangover h = at.hangover();
                ClassReport.Recovery r = at.recovery();
                page.append("<tr>").append(Html.cell(report.faultClass().id())).append("<td class=\"r\">")
                        .append(at.validators()).append("</td>").append(Html.cell(h.noFaultMax())).append(Html.cell(h.p50()))
                        .append(Html.cell(h.p99())).append(Html.cell(h.max())).append(Html.cell(h.stillElevatedSeeds()))
                        .append(Html.cell(h.afterHealP99())).append(Html.cell(r.seeds())).append(Html.cell(r.roundsP50()))
                        .append(Html.cell(r.roundsMax())).append(Html.cell(r.millisP50())).append(Html.cell(r.millisP99()))
                        .append(Html.cell(r.millisMax())).append("</tr>\n");
            }
        }
        page.append("</tbody>\n</table>\n<div class=\"grid\">\n");
        for (int i = 0; i < model.header().validators().size(); i++) {
            int n = model.header().validators().get(i);
            bars.clear();
            labels.clear();
            int row = 0;
            for (ClassReport report : model.classes()) {
                for (ClassReport.AtValidators at : report.byValidators()) {
                    if (at.validators() == n && at.hangover().p99() != null) {
                        bars.add(new Series.Point(row++, at.hangover().p99().value()));
                        labels.add(report.faultClass().id());
                    }
                }
            }
            page.append(Bars.render("hangover-" + n, "hangover p99 by class, n = " + n, "ms after the heal", labels,
                    bars, color(i)));
        }
        page.append("</div>\n</section>\n");
    }
}
