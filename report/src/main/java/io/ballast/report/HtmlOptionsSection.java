package io.ballast.report;

import io.ballast.core.ledger.Units;
import java.util.List;

/** The options feedback loop's section: its verdict, charts, and the numbers per validator count and per seed. */
final class HtmlOptionsSection {
    private HtmlOptionsSection() {}

    static void render(StringBuilder page, ReportModel model) {
        page.append("<section id=\"options\">\n<h2>Options feedback loop</h2>\n<p>Options on the index; once the ")
                .append("option writers have built their books the true volatility jumps, and the option traders ")
                .append("delta-hedge with the perpetual into small blocks while messages are lost and validators ")
                .append("pause, so oracle reports age. A replica ledger audits every committed block: each account ")
                .append("liquidated is valued at the true price and volatility the simulator knows, and one at or ")
                .append("above maintenance there is an improper liquidation (must be 0). Client finality is split at ")
                .append("the jump and read against the no-fault class: the faults run from genesis to the heal and the ")
                .append("jump comes at most 3 s before it, so the time before the jump carries most of the faults and ")
                .append("the time from it the hedging flood (and the heal).</p>\n");
        OptionsReport options = model.options();
        if (options == null) {
            HtmlMarketSections.notRun(page, FaultClass.OPTIONS_FEEDBACK);
            return;
        }
        long improper = options.byValidators().stream().mapToLong(at -> at.improper().value()).sum();
        long liquidations = options.byValidators().stream().mapToLong(at -> at.liquidations().value()).sum();
        if (improper > 0) {
            page.append("<p class=\"status red\">").append(Verdicts.plural(improper, "improper liquidation"))
                    .append(": accounts liquidated that were at or above maintenance at the true price and volatility ")
                    .append("(seeds below).</p>\n");
        } else {
            page.append("<p class=\"status green\">No improper liquidation: each of the ")
                    .append(Verdicts.plural(liquidations, "account")).append(" liquidated was below maintenance at the ")
                    .append("true price and volatility.</p>\n");
        }
        page.append("<p>").append(HtmlReport.badge(options.verdict())).append(' ')
                .append(Html.escape(Verdicts.optionsParagraph(options))).append("</p>\n<div class=\"grid\">\n");
        for (int i = 0; i < options.byValidators().size(); i++) {
            OptionsReport.AtValidators at = options.byValidators().get(i);
            long maxSlip = Math.max(1_000, Chart.extent(List.of(at.byFill().points()))[3]);
            Chart fill = new Chart("options-slippage-" + at.validators(), "loop slippage by block fill, n = "
                    + at.validators(), new Chart.Axis("block fill", Chart.Scale.LINEAR, 0, Units.PPM, v -> v / 10_000 + "%"),
                    new Chart.Axis("slippage", Chart.Scale.LINEAR, 0, maxSlip, HtmlMarketSections::percent))
                    .layer("liquidation fill", HtmlReport.color(i), Chart.Style.DOTS, at.byFill().points());
            OptionsReport.Load load = at.load();
            long[] extent = Chart.extent(List.of(load.beforeJump().points(), load.afterJump().points(),
                    load.baseline().points()));
            Chart finality = new Chart("options-finality-" + at.validators(), "finality around the jump, n = "
                    + at.validators(), new Chart.Axis("ms to finality", Chart.Scale.LOG, 10, Math.max(100, extent[1]),
                    HtmlReport::shortMillis), new Chart.Axis("share final", Chart.Scale.LINEAR, 0, 1_000, v -> v / 10 + "%"))
                    .layer("no faults", HtmlReport.OTHERS, Chart.Style.LINE, load.baseline().points())
                    .layer("before", HtmlReport.color(0), Chart.Style.LINE, load.beforeJump().points())
                    .layer("from the jump", HtmlReport.CENSORED, Chart.Style.LINE, load.afterJump().points());
            page.append(HtmlReport.figure(fill)).append(HtmlReport.figure(finality));
        }
        page.append("</div>\n");
        totals(page, options);
        loadAndFills(page, options);
        seeds(page, options);
        page.append("</section>\n");
    }

    private static void totals(StringBuilder page, OptionsReport options) {
        page.append("<table>\n<thead><tr><th>n</th><th>seeds</th><th>violations</th><th>accounts liquidated</th>")
                .append("<th>perp fills</th><th>option fills</th><th>improper</th><th>safe-mode blocks</th>")
                .append("<th>blocks</th><th>full blocks</th><th>option trades</th><th>hedge trades</th>")
                .append("<th>vol jump p50</th><th>max</th><th>expiries</th><th>settlement waits</th></tr></thead>\n<tbody>\n");
        for (OptionsReport.AtValidators at : options.byValidators()) {
            page.append("<tr><td class=\"r\">").append(at.validators()).append("</td>").append(Html.cell(at.seedCount()))
                    .append(HtmlReport.violationCell(at.violations())).append(Html.cell(at.liquidations()))
                    .append(Html.cell(at.perpFills())).append(Html.cell(at.optionFills()))
                    .append(HtmlReport.violationCell(at.improper())).append(Html.cell(at.safeModeBlocks()))
                    .append(Html.cell(at.blocks())).append(Html.cell(at.fullBlocks())).append(Html.cell(at.optionTrades()))
                    .append(Html.cell(at.hedgeTrades())).append(Html.cell(at.volJumpP50())).append(Html.cell(at.volJumpMax()))
                    .append(Html.cell(at.seriesExpired())).append(Html.cell(at.settlementsDelayed())).append("</tr>\n");
        }
        page.append("</tbody>\n</table>\n");
    }

    private static void loadAndFills(StringBuilder page, OptionsReport options) {
        page.append("<table>\n<thead><tr><th>n</th><th>finality before the jump p50</th><th>p99</th>")
                .append("<th>from the jump p50</th><th>p99</th><th>max</th><th>no faults p50</th><th>p99</th></tr>")
                .append("</thead>\n<tbody>\n");
        for (OptionsReport.AtValidators at : options.byValidators()) {
            OptionsReport.Load load = at.load();
            page.append("<tr><td class=\"r\">").append(at.validators()).append("</td>").append(Html.cell(load.beforeJumpP50()))
                    .append(Html.cell(load.beforeJumpP99())).append(Html.cell(load.afterJumpP50()))
                    .append(Html.cell(load.afterJumpP99())).append(Html.cell(load.afterJumpMax()))
                    .append(Html.cell(load.baselineP50())).append(Html.cell(load.baselineP99())).append("</tr>\n");
        }
        page.append("</tbody>\n</table>\n<table>\n<thead><tr><th>n</th><th>block fill</th><th>liquidation fills</th>")
                .append("<th>slippage p50</th><th>max</th></tr></thead>\n<tbody>\n");
        for (OptionsReport.AtValidators at : options.byValidators()) {
            for (LiquidationReport.FillBucket bucket : at.buckets()) {
                page.append("<tr><td class=\"r\">").append(at.validators()).append("</td><td>")
                        .append(bucket.fromPpm() / 10_000).append("–").append(bucket.toPpm() / 10_000).append(" %</td>")
                        .append(Html.cell(bucket.liquidations())).append(Html.cell(bucket.slippageP50()))
                        .append(Html.cell(bucket.slippageMax())).append("</tr>\n");
            }
        }
        page.append("</tbody>\n</table>\n");
    }

    private static void seeds(StringBuilder page, OptionsReport options) {
        page.append("<table>\n<thead><tr><th>n</th><th>seed</th><th>vol jump</th><th>at</th><th>accounts liquidated</th>")
                .append("<th>improper</th><th>perp fills</th><th>option fills</th><th>safe-mode blocks</th><th>blocks</th>")
                .append("<th>full</th><th>hedge trades</th><th>finality p99 from the jump</th><th>replay</th></tr>")
                .append("</thead>\n<tbody>\n");
        for (OptionsReport.AtValidators at : options.byValidators()) {
            for (OptionsReport.SeedRow row : at.seeds()) {
                boolean bad = !row.ok() || row.improper().value() > 0;
                page.append(bad ? "<tr class=\"bad\">" : "<tr>").append("<td class=\"r\">").append(at.validators())
                        .append("</td><td class=\"r\">").append(row.seed()).append("</td>").append(Html.cell(row.volJump()))
                        .append(Html.cell(row.volJumpAtMillis())).append(Html.cell(row.liquidations()))
                        .append(HtmlReport.violationCell(row.improper())).append(Html.cell(row.perpFills()))
                        .append(Html.cell(row.optionFills())).append(Html.cell(row.safeModeBlocks()))
                        .append(Html.cell(row.blocks())).append(Html.cell(row.fullBlocks()))
                        .append(Html.cell(row.hedgeTrades())).append(Html.cell(row.afterJumpP99())).append("<td>")
                        .append(Html.code(row.replay())).append("</td></tr>\n");
            }
        }
        page.append("</tbody>\n</table>\n");
    }
}
