package io.ballast.report;

import io.ballast.core.ledger.Units;
import java.util.ArrayList;
import java.util.List;

/** The sections on stake, the market and the validator set: threshold, liquidations, solvency, corruption, censorship. */
final class HtmlMarketSections {
    private HtmlMarketSections() {}

    static void notRun(StringBuilder page, FaultClass faultClass) {
        page.append("<p class=\"note\">The class <code>").append(faultClass.id()).append("</code> was not part of this ")
                .append("campaign.</p>\n</section>\n");
    }

    static void threshold(StringBuilder page, ReportModel model) {
        page.append("<section id=\"threshold\">\n<h2>Validator threshold</h2>\n<p>Honest validators crash one at a ")
                .append("time until the stake online is no longer more than 2/3 of the total; all of them return at ")
                .append("the heal. The margin to a halt is the stake online minus the least stake that is more than ")
                .append("2/3 (what commits need): how much more may fail. Past it commits must stop, nothing may ")
                .append("fork, and commits must resume once the stake returns.</p>\n");
        ThresholdReport threshold = model.threshold();
        if (threshold == null) {
            notRun(page, FaultClass.STAKE_THRESHOLD);
            return;
        }
        page.append("<div class=\"grid\">\n");
        for (int i = 0; i < threshold.byValidators().size(); i++) {
            ThresholdReport.AtValidators at = threshold.byValidators().get(i);
            List<Series.Point> online = new ArrayList<>();
            for (ThresholdReport.Step step : at.steps()) {
                online.add(new Series.Point(step.atMillis().value(), step.onlineStake().value()));
            }
            long end = at.heights().points().isEmpty() ? 1 : at.heights().points().get(at.heights().points().size() - 1).x();
            online.add(new Series.Point(end, online.get(online.size() - 1).y()));
            Chart stake = new Chart("stake-" + at.validators(), "stake online, n = " + at.validators() + " (seed "
                    + at.heights().seed() + ")", new Chart.Axis("simulated ms", Chart.Scale.LINEAR, 0, end, Format::grouped),
                    new Chart.Axis("stake", Chart.Scale.LINEAR, 0, at.totalStake().value(), Format::grouped))
                    .layer("online", HtmlReport.color(i), Chart.Style.STEP, online)
                    .guide(at.quorumStake().value(), "quorum " + at.quorumStake().value());
            long top = Chart.extent(List.of(at.heights().points()))[3];
            Chart heights = new Chart("heights-" + at.validators(), "committed height, n = " + at.validators()
                    + " (seed " + at.heights().seed() + ")",
                    new Chart.Axis("simulated ms", Chart.Scale.LINEAR, 0, end, Format::grouped),
                    new Chart.Axis("height", Chart.Scale.LINEAR, 0, top, Format::grouped))
                    .layer("height", HtmlReport.color(i), Chart.Style.STEP, at.heights().points());
            page.append(HtmlReport.figure(stake)).append(HtmlReport.figure(heights));
        }
        page.append("</div>\n<table>\n<thead><tr><th>n</th><th>stake</th><th>commits need</th><th>seeds</th>")
                .append("<th>fell below</th><th>halted p50</th><th>max</th><th>heights committed while halted</th>")
                .append("<th>forks</th><th>resumed p50</th><th>p99</th><th>max</th><th>rounds max</th></tr></thead>\n<tbody>\n");
        for (ThresholdReport.AtValidators at : threshold.byValidators()) {
            page.append("<tr><td class=\"r\">").append(at.validators()).append("</td>").append(Html.cell(at.totalStake()))
                    .append(Html.cell(at.quorumStake())).append(Html.cell(at.seeds())).append(Html.cell(at.seedsBelowQuorum()))
                    .append(Html.cell(at.haltedMillisP50())).append(Html.cell(at.haltedMillisMax()))
                    .append(HtmlReport.violationCell(at.heightsCommittedWhileHalted()))
                    .append(HtmlReport.violationCell(at.forks())).append(Html.cell(at.recoverMillisP50()))
                    .append(Html.cell(at.recoverMillisP99())).append(Html.cell(at.recoverMillisMax()))
                    .append(Html.cell(at.recoverRoundsMax())).append("</tr>\n");
        }
        page.append("</tbody>\n</table>\n<table>\n<thead><tr><th>n</th><th>at</th><th>stake online</th>")
                .append("<th>margin to a halt</th></tr></thead>\n<tbody>\n");
        for (ThresholdReport.AtValidators at : threshold.byValidators()) {
            for (ThresholdReport.Step step : at.steps()) {
                page.append("<tr><td class=\"r\">").append(at.validators()).append("</td>").append(Html.cell(step.atMillis()))
                        .append(Html.cell(step.onlineStake())).append(step.marginStake().value() < 0
                                ? HtmlReport.violationCell(step.marginStake()) : Html.cell(step.marginStake()))
                        .append("</tr>\n");
            }
        }
        page.append("</tbody>\n</table>\n</section>\n");
    }

    static void liquidations(StringBuilder page, ReportModel model) {
        page.append("<section id=\"liquidations\">\n<h2>Liquidations under congestion</h2>\n<p>Every liquidation of ")
                .append("the campaign (all classes): its slippage against the fill of its block (the ledger's ")
                .append("congestion) and against the depth of the fullest honest mempool. Improper: liquidated at a ")
                .append("price more than 1 % outside the true price range over the oracle staleness window (must be ")
                .append("0); a liquidation while the market is in safe mode fails the run itself.</p>\n<div class=\"grid\">\n");
        LiquidationReport liquidations = model.liquidations();
        for (int i = 0; i < liquidations.byValidators().size(); i++) {
            LiquidationReport.AtValidators at = liquidations.byValidators().get(i);
            long maxSlip = Math.max(1_000, Chart.extent(List.of(at.byFill().points()))[3]);
            Chart fill = new Chart("slippage-fill-" + at.validators(), "slippage by block fill, n = " + at.validators(),
                    new Chart.Axis("block fill", Chart.Scale.LINEAR, 0, Units.PPM, v -> v / 10_000 + "%"),
                    new Chart.Axis("slippage", Chart.Scale.LINEAR, 0, maxSlip, HtmlMarketSections::percent))
                    .layer("liquidation", HtmlReport.color(i), Chart.Style.DOTS, at.byFill().points());
            long maxDepth = Math.max(10, Chart.extent(List.of(at.byDepth().points()))[1]);
            Chart depth = new Chart("slippage-depth-" + at.validators(), "slippage by mempool depth, n = " + at.validators(),
                    new Chart.Axis("transactions waiting", Chart.Scale.LINEAR, 0, maxDepth, Format::grouped),
                    new Chart.Axis("slippage", Chart.Scale.LINEAR, 0, maxSlip, HtmlMarketSections::percent))
                    .layer("liquidation", HtmlReport.color(i), Chart.Style.DOTS, at.byDepth().points());
            page.append(HtmlReport.figure(fill)).append(HtmlReport.figure(depth));
        }
        page.append("</div>\n<table>\n<thead><tr><th>n</th><th>block fill</th><th>liquidations</th><th>slippage p50</th>")
                .append("<th>max</th><th>mempool depth p50</th></tr></thead>\n<tbody>\n");
        for (LiquidationReport.AtValidators at : liquidations.byValidators()) {
            for (LiquidationReport.FillBucket bucket : at.buckets()) {
                page.append("<tr><td class=\"r\">").append(at.validators()).append("</td><td>")
                        .append(bucket.fromPpm() / 10_000).append("–").append(bucket.toPpm() / 10_000).append(" %</td>")
                        .append(Html.cell(bucket.liquidations())).append(Html.cell(bucket.slippageP50()))
                        .append(Html.cell(bucket.slippageMax())).append(Html.cell(bucket.mempoolDepthP50())).append("</tr>\n");
            }
        }
        page.append("</tbody>\n</table>\n<table>\n<thead><tr><th>n</th><th>liquidations</th><th>improper</th>")
                .append("<th>safe-mode blocks</th></tr></thead>\n<tbody>\n");
        for (LiquidationReport.AtValidators at : liquidations.byValidators()) {
            page.append("<tr><td class=\"r\">").append(at.validators()).append("</td>").append(Html.cell(at.liquidations()))
                    .append(HtmlReport.violationCell(at.improper())).append(Html.cell(at.safeModeBlocks())).append("</tr>\n");
        }
        page.append("</tbody>\n</table>\n</section>\n");
    }

    static String percent(long ppm) {
        return ppm / 10_000 + "." + (ppm % 10_000) / 1_000 + "%";
    }

    static void solvency(StringBuilder page, ReportModel model) {
        page.append("<section id=\"solvency\">\n<h2>Solvency under stress</h2>\n<p>A market crash: the price falls ")
                .append("25–45 % within 1–3 s while every oracle operator is silent for 2.6–5 s (the market goes into ")
                .append("safe mode and liquidations wait for a fresh price); the insurance fund holds 500 USD, so ")
                .append("deficits go on to auto-deleveraging and the pool.</p>\n");
        SolvencyReport solvency = model.solvency();
        if (solvency == null) {
            notRun(page, FaultClass.MARKET_CRASH);
            return;
        }
        page.append("<div class=\"grid\">\n");
        for (int i = 0; i < solvency.byValidators().size(); i++) {
            SolvencyReport.AtValidators at = solvency.byValidators().get(i);
            page.append(HtmlReport.figure(usdChart("nav-" + at.validators(), "pool NAV, n = " + at.validators() + " (seed "
                    + at.nav().seed() + ")", at.nav(), HtmlReport.color(i))));
            page.append(HtmlReport.figure(usdChart("index-" + at.validators(), "index price, n = " + at.validators()
                    + " (seed " + at.index().seed() + ")", at.index(), HtmlReport.color(i))));
        }
        page.append("</div>\n<table>\n<thead><tr><th>n</th><th>seeds</th><th>bad debt p50</th><th>max</th>")
                .append("<th>insurance draws</th><th>drawn</th><th>ADL events</th><th>ADL haircuts</th><th>pool absorbed</th>")
                .append("<th>NAV drawdown max</th><th>liquidations</th><th>safe-mode blocks</th></tr></thead>\n<tbody>\n");
        for (SolvencyReport.AtValidators at : solvency.byValidators()) {
            page.append("<tr><td class=\"r\">").append(at.validators()).append("</td>").append(Html.cell(at.seeds()))
                    .append(Html.cell(at.badDebtP50())).append(Html.cell(at.badDebtMax())).append(Html.cell(at.insuranceDraws()))
                    .append(Html.cell(at.insuranceDrawnUsd())).append(Html.cell(at.adlEvents()))
                    .append(Html.cell(at.adlHaircutUsd())).append(Html.cell(at.poolAbsorbedUsd()))
                    .append(Html.cell(at.navDrawdownMax())).append(Html.cell(at.liquidations()))
                    .append(Html.cell(at.safeModeBlocks())).append("</tr>\n");
        }
        page.append("</tbody>\n</table>\n</section>\n");
    }

    private static Chart usdChart(String id, String title, Series series, String color) {
        long[] extent = Chart.extent(List.of(series.points()));
        long pad = Math.max(Units.USD_SCALE, (extent[3] - extent[2]) / 10);
        return new Chart(id, title, new Chart.Axis("simulated ms", Chart.Scale.LINEAR, 0, extent[1], Format::grouped),
                new Chart.Axis("USD", Chart.Scale.LINEAR, Math.max(0, extent[2] - pad), extent[3] + pad,
                        Format::compactUsd))
                .layer(series.label(), color, Chart.Style.LINE, series.points());
    }

    static void corruption(StringBuilder page, ReportModel model) {
        page.append("<section id=\"corruption\">\n<h2>Cost of corruption against collateral at risk</h2>\n<p>Class ")
                .append("<code>churn</code>: validators join, leave, are jailed and slashed on a staking genesis. After ")
                .append("every committed block the ledger's security view gives the bonded power of the set certifying ")
                .append("blocks, the stake that halts commits (more than a third) and that forks them (more than two ")
                .append("thirds), what a fork burns at least (the equivocation slash of the more than a third that must ")
                .append("sign both sides) and the collateral at risk (all collateral, the pool's cash and the open-interest ")
                .append("notional). The ratio is what a fork burns ÷ what it could take.</p>\n");
        CorruptionReport corruption = model.corruption();
        if (corruption == null) {
            notRun(page, FaultClass.CHURN);
            return;
        }
        page.append("<p class=\"status ").append(corruption.verdict() == CorruptionReport.Verdict.COVERED ? "green" : "warning")
                .append("\">").append(Html.escape(Verdicts.corruption(corruption))).append("</p>\n<div class=\"grid\">\n");
        for (CorruptionReport.AtValidators at : corruption.byValidators()) {
            long[] ratio = Chart.extent(List.of(at.ratio().points()));
            page.append(HtmlReport.figure(new Chart("corruption-ratio-" + at.validators(),
                    "ratio per block, n = " + at.validators(),
                    new Chart.Axis("simulated ms", Chart.Scale.LINEAR, 0, ratio[1], Format::grouped),
                    new Chart.Axis("ratio", Chart.Scale.LINEAR, 0, ratio[3] + ratio[3] / 10 + 1, Format::ratio))
                    .layer(at.ratio().label(), HtmlReport.CENSORED, Chart.Style.DOTS, at.ratio().points())));
            long[] usd = Chart.extent(List.of(at.slashableOnFork().points(), at.collateralAtRisk().points()));
            page.append(HtmlReport.figure(new Chart("corruption-usd-" + at.validators(),
                    "seed " + at.slashableOnFork().seed() + " (lowest ratio), n = " + at.validators(),
                    new Chart.Axis("simulated ms", Chart.Scale.LINEAR, 0, usd[1], Format::grouped),
                    new Chart.Axis("USD", Chart.Scale.LOG, Math.max(1, usd[2] / 2), usd[3] * 2, Format::compactUsd))
                    .layer(at.slashableOnFork().label(), HtmlReport.CENSORED, Chart.Style.LINE, at.slashableOnFork().points())
                    .layer(at.collateralAtRisk().label(), HtmlReport.OTHERS, Chart.Style.LINE,
                            at.collateralAtRisk().points())));
        }
        page.append("</div>\n<table>\n<thead><tr><th>n</th><th>seeds</th><th>blocks</th><th>lowest ratio</th>")
                .append("<th>highest ratio</th><th>set at the lowest</th><th>bonded power</th><th>stake to halt</th>")
                .append("<th>stake to fork</th><th>burnt by a fork</th><th>collateral at risk</th></tr></thead>\n<tbody>\n");
        for (CorruptionReport.AtValidators at : corruption.byValidators()) {
            page.append("<tr><td class=\"r\">").append(at.validators()).append("</td>").append(Html.cell(at.seeds()))
                    .append(Html.cell(at.blocks())).append(Html.cell(at.lowestRatio())).append(Html.cell(at.highestRatio()))
                    .append(Html.cell(at.validatorsAtLowest())).append(Html.cell(at.totalPowerUsd()))
                    .append(Html.cell(at.stakeToHaltUsd())).append(Html.cell(at.stakeToForkUsd()))
                    .append(Html.cell(at.slashableOnForkUsd())).append(Html.cell(at.collateralAtRiskUsd())).append("</tr>\n");
        }
        page.append("</tbody>\n</table>\n<p>Per seed: what the churn did (slashed: offenders slashed for equivocation; ")
                .append("by a report: evidence no block of its epoch carried, reported by the validator that found it; ")
                .append("later: in a later epoch than the offence), and the command that replays it.</p>\n<table>\n")
                .append("<thead><tr><th>n</th><th>seed</th><th>blocks</th><th>lowest ratio</th><th>joined</th>")
                .append("<th>left</th><th>jailed</th><th>unjailed</th><th>slashed</th><th>by a report</th>")
                .append("<th>later</th><th>replay</th></tr></thead>\n<tbody>\n");
        for (CorruptionReport.AtValidators at : corruption.byValidators()) {
            for (CorruptionReport.SeedRow row : at.seedRows()) {
                page.append(row.ok() ? "<tr>" : "<tr class=\"bad\">").append("<td class=\"r\">").append(at.validators())
                        .append("</td><td class=\"r\">").append(row.seed()).append("</td>").append(Html.cell(row.blocks()))
                        .append(Html.cell(row.lowestRatio())).append(Html.cell(row.joined())).append(Html.cell(row.left()))
                        .append(Html.cell(row.jailed())).append(Html.cell(row.unjailed())).append(Html.cell(row.slashed()))
                        .append(Html.cell(row.slashedByReport())).append(Html.cell(row.slashedLater())).append("<td>")
                        .append(Html.code(row.replay())).append("</td></tr>\n");
            }
        }
        page.append("</tbody>\n</table>\n</section>\n");
    }

    static void censorship(StringBuilder page, ReportModel model) {
        page.append("<section id=\"censorship\">\n<h2>Censorship</h2>\n<p>A Byzantine validator drops every ")
                .append("transaction of two chosen traders, as leader and as a gossip hop; their clients resubmit to ")
                .append("another validator after 2 s without a receipt. Inclusion delay: first submission to first ")
                .append("commit.</p>\n");
        CensorshipReport censorship = model.censorship();
        if (censorship == null) {
            notRun(page, FaultClass.CENSORSHIP);
            return;
        }
        page.append("<div class=\"grid\">\n");
        for (CensorshipReport.AtValidators at : censorship.byValidators()) {
            long[] extent = Chart.extent(List.of(at.censored().cdf().points(), at.others().cdf().points()));
            Chart chart = new Chart("censorship-" + at.validators(), "inclusion delay, n = " + at.validators(),
                    new Chart.Axis("ms to inclusion", Chart.Scale.LOG, 10, Math.max(100, extent[1]), HtmlReport::shortMillis),
                    new Chart.Axis("share included", Chart.Scale.LINEAR, 0, 1_000, v -> v / 10 + "%"))
                    .layer("censored", HtmlReport.CENSORED, Chart.Style.LINE, at.censored().cdf().points())
                    .layer("others", HtmlReport.OTHERS, Chart.Style.LINE, at.others().cdf().points());
            page.append(HtmlReport.figure(chart));
        }
        page.append("</div>\n<table>\n<thead><tr><th>n</th><th>group</th><th>transactions</th><th>p50</th><th>p99</th>")
                .append("<th>max</th></tr></thead>\n<tbody>\n");
        for (CensorshipReport.AtValidators at : censorship.byValidators()) {
            group(page, at.validators(), "censored traders", at.censored());
            group(page, at.validators(), "everyone else", at.others());
        }
        page.append("</tbody>\n</table>\n</section>\n");
    }

    private static void group(StringBuilder page, int n, String name, CensorshipReport.Group group) {
        page.append("<tr><td class=\"r\">").append(n).append("</td>").append(Html.cell(name))
                .append(Html.cell(group.transactions())).append(Html.cell(group.p50())).append(Html.cell(group.p99()))
                .append(Html.cell(group.max())).append("</tr>\n");
    }
}
