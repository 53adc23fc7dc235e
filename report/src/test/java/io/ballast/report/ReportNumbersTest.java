package io.ballast.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.sim.Invariant;
import io.ballast.sim.OptionsLoopResult;
import io.ballast.sim.SeedMetrics;
import io.ballast.sim.ChurnResult;
import io.ballast.sim.SeedResult;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The numbers of a report built from a small seeded campaign ({@link TestCampaigns#small}: seed 1 of none, censorship,
 * lying-oracles, stake-threshold and market-crash at 4 and 7 validators) are the ones that follow from the scenarios
 * (100 stake per validator; stake-threshold crashes f + 1 honest validators) and from the raw seed results they
 * summarise.
 */
class ReportNumbersTest {
    private static final ReportModel MODEL = TestCampaigns.smallModel();
    private static final CampaignResult CAMPAIGN = TestCampaigns.small();

    @Test
    void theHeaderNamesTheCampaignAndItsCommand() {
        ReportModel.Header h = MODEL.header();
        assertEquals(List.of(4, 7), h.validators());
        assertEquals(1, h.firstSeed());
        assertEquals(1, h.seeds());
        assertEquals(TestCampaigns.EVERY_SECTION, h.classes());
        assertEquals("bin/ballast report --class censorship,lying-oracles,stake-threshold,market-crash,options-feedback"
                        + ",churn --seed 1 --seeds 1",
                h.command());
        assertEquals(TestCampaigns.EVERY_SECTION, MODEL.classes().stream().map(ClassReport::faultClass).toList());
    }

    @Test
    void theStakeThresholdFollowsFromTheValidatorSet() {
        assertNotNull(MODEL.threshold());
        for (ThresholdReport.AtValidators at : MODEL.threshold().byValidators()) {
            int n = at.validators();
            long total = 100L * n;
            long quorum = total * 2 / 3 + 1; // 267 of 400, 467 of 700
            int crashed = (n - 1) / 3 + 1; // f + 1
            assertEquals(total, at.totalStake().value());
            assertEquals(quorum, at.quorumStake().value());
            assertEquals(1, at.seedsBelowQuorum().value(), "the one seed went below the quorum");
            List<Long> online = at.steps().stream().map(s -> s.onlineStake().value()).toList();
            assertEquals(total, online.get(0), "all online at genesis");
            assertEquals(total - 100L * crashed, online.stream().mapToLong(Long::longValue).min().getAsLong());
            assertEquals(total, online.get(online.size() - 1), "all back at the heal");
            for (ThresholdReport.Step step : at.steps()) {
                assertEquals(step.onlineStake().value() - quorum, step.marginStake().value());
                assertEquals(1L, step.onlineStake().seed());
            }
            assertEquals(-67, at.steps().stream().mapToLong(s -> s.marginStake().value()).min().getAsLong(),
                    "one validator short of the quorum (n = " + n + ")");
            assertEquals(0, at.heightsCommittedWhileHalted().value(), "nothing committed below the quorum");
            assertEquals(0, at.forks().value());
            assertTrue(at.haltedMillisMax().value() > 0);
            assertEquals(haltedMillis(seed(FaultClass.STAKE_THRESHOLD, n), quorum), at.haltedMillisMax().value());
            SeedResult seed = seed(FaultClass.STAKE_THRESHOLD, n);
            assertEquals(seed.recoverMillis(), at.recoverMillisP50().value(), "recovery of the one seed");
            long lastHeight = seed.metrics().commits().get(seed.metrics().commits().size() - 1).height();
            assertEquals(lastHeight, at.heights().points().get(at.heights().points().size() - 1).y());
        }
        String words = Verdicts.paragraph(MODEL, MODEL.classReport(FaultClass.STAKE_THRESHOLD));
        assertTrue(words.contains("With 4 validators commits need 267 of 400 stake; below it 0 heights were committed, "
                + "0 seeds forked") && words.contains("With 7 validators commits need 467 of 700 stake"), words);
        assertFalse(words.contains("at most 1 extra rounds") || words.contains(" rounds)") && !words.contains("extra"), words);
    }

    @Test
    void theCostOfCorruptionIsTheLowestSecurityViewOfTheChurnSeedsWithItsSeedAndVerdict() {
        CorruptionReport c = MODEL.corruption();
        assertNotNull(c, "the churn class ran");
        long lowest = Long.MAX_VALUE;
        for (CorruptionReport.AtValidators at : c.byValidators()) {
            List<SeedResult> seeds = CAMPAIGN.seeds(FaultClass.CHURN, at.validators());
            ChurnResult.SecurityPoint low = null;
            long lowSeed = 0;
            long blocks = 0;
            long highest = 0;
            for (SeedResult seed : seeds) {
                for (ChurnResult.SecurityPoint p : seed.churn().security()) {
                    blocks++;
                    highest = Math.max(highest, p.corruptionCostRatioPpm());
                    if (low == null || p.corruptionCostRatioPpm() < low.corruptionCostRatioPpm()) {
                        low = p;
                        lowSeed = seed.seed();
                    }
                }
            }
            assertNotNull(low);
            assertEquals(blocks, at.blocks().value());
            assertEquals(blocks, at.ratio().points().size(), "a ratio point per block");
            assertEquals(low.corruptionCostRatioPpm(), at.lowestRatio().value());
            assertEquals(lowSeed, at.lowestRatio().seed());
            assertEquals("bin/ballast report --class churn --validators " + at.validators() + " --seed " + lowSeed
                    + " --seeds 1", at.lowestRatio().command(), "the one-seed report that shows it");
            assertEquals(highest, at.highestRatio().value());
            assertEquals(low.slashableOnForkUsd(), at.slashableOnForkUsd().value());
            assertEquals(low.collateralAtRiskUsd(), at.collateralAtRiskUsd().value());
            assertEquals(low.stakeToForkUsd(), at.stakeToForkUsd().value());
            assertEquals(low.stakeToHaltUsd(), at.stakeToHaltUsd().value());
            assertEquals(low.validators(), at.validatorsAtLowest().value());
            assertTrue(low.validators() >= 4, "at least four validators certify");
            assertEquals(low.slashableOnForkUsd() * 1_000_000 / low.collateralAtRiskUsd(), low.corruptionCostRatioPpm(),
                    "ratio = slashable on fork ÷ collateral at risk");
            assertTrue(at.stakeToHaltUsd().value() > 0 && at.stakeToForkUsd().value() > at.stakeToHaltUsd().value());
            assertEquals(lowSeed, at.slashableOnFork().seed());
            assertEquals(seeds.size(), at.seedRows().size(), "a row per seed");
            for (int i = 0; i < seeds.size(); i++) {
                CorruptionReport.SeedRow row = at.seedRows().get(i);
                ChurnResult churn = seeds.get(i).churn();
                assertEquals(seeds.get(i).seed(), row.seed());
                assertEquals("bin/ballast sim --scenario churn --seed " + row.seed() + " --validators " + at.validators()
                        + " --observe-ms " + ReportOptions.OBSERVE_MILLIS, row.replay());
                assertEquals(List.of((long) churn.security().size(), (long) churn.joined(), (long) churn.left(),
                        (long) churn.jailed(), (long) churn.unjailed(), (long) churn.equivocationSlashes(),
                        (long) churn.reportSlashes(), (long) churn.crossEpochSlashes()), List.of(row.blocks().value(),
                        row.joined().value(), row.left().value(), row.jailed().value(), row.unjailed().value(),
                        row.slashed().value(), row.slashedByReport().value(), row.slashedLater().value()));
                assertEquals(row.seed(), row.lowestRatio().seed());
                assertTrue(row.lowestRatio().value() >= at.lowestRatio().value());
            }
            lowest = Math.min(lowest, low.corruptionCostRatioPpm());
        }
        assertEquals(lowest, c.lowestRatio().value());
        assertEquals(lowest >= CorruptionReport.RATIO_ONE_PPM ? CorruptionReport.Verdict.COVERED
                : CorruptionReport.Verdict.BELOW_ONE, c.verdict());
        String words = Verdicts.corruption(c);
        assertTrue(words.contains("fell as low as " + Format.ratio(lowest) + " of the collateral at risk (seed "
                + c.lowestRatio().seed()), words);
        assertTrue(c.verdict() == CorruptionReport.Verdict.BELOW_ONE ? words.contains("The ratio fell below 1")
                : words.contains("never fell below 1"), words);
    }

    @Test
    void theCrashIsPaidByTheWaterfallAndTheSectionSumsTheSeed() {
        for (SolvencyReport.AtValidators at : MODEL.solvency().byValidators()) {
            SeedMetrics m = seed(FaultClass.MARKET_CRASH, at.validators()).metrics();
            SeedMetrics.Solvency s = m.solvency();
            assertEquals(s.badDebtUsd(), at.badDebtP50().value());
            assertEquals(s.insuranceDrawnUsd() + s.adlHaircutUsd() + s.poolAbsorbedUsd(), at.badDebtMax().value(),
                    "bad debt = insurance + ADL + pool");
            assertEquals(s.insuranceDraws(), at.insuranceDraws().value());
            assertEquals(s.adlEvents(), at.adlEvents().value());
            assertEquals(m.liquidations().size(), at.liquidations().value());
            assertTrue(at.liquidations().value() > 0 && at.safeModeBlocks().value() > 0,
                    "the crash liquidates and the oracle outage trips safe mode (n = " + at.validators() + ")");
            List<Series.Point> index = at.index().points();
            long low = index.stream().mapToLong(Series.Point::y).min().orElseThrow();
            assertTrue(low < index.get(0).y() * 80 / 100, "the index fell by more than 20 %");
            assertEquals(m.pool().size(), at.nav().points().size());
        }
        assertTrue(MODEL.solvency().byValidators().get(0).insuranceDraws().value() > 0, "the thin fund was drawn on");
    }

    @Test
    void censoredTradersAreCountedApartFromEveryoneElse() {
        for (CensorshipReport.AtValidators at : MODEL.censorship().byValidators()) {
            List<SeedMetrics.TxSample> txs = seed(FaultClass.CENSORSHIP, at.validators()).metrics().transactions();
            long censored = txs.stream().filter(SeedMetrics.TxSample::censored).count();
            assertTrue(censored > 0);
            assertEquals(censored, at.censored().transactions().value());
            assertEquals(txs.size() - censored, at.others().transactions().value());
            assertEquals(txs.stream().filter(SeedMetrics.TxSample::censored).mapToLong(SeedMetrics.TxSample::finalityMillis)
                    .max().orElseThrow(), at.censored().max().value());
        }
    }

    @Test
    void finalityPercentilesAreNearestRankOverTheSeedsTransactions() {
        for (ClassReport report : MODEL.classes()) {
            for (ClassReport.AtValidators at : report.byValidators()) {
                SeedResult seed = seed(report.faultClass(), at.validators());
                List<Long> sorted = seed.metrics().transactions().stream().map(SeedMetrics.TxSample::finalityMillis)
                        .sorted().toList();
                String where = report.faultClass().id() + " n = " + at.validators();
                assertEquals(sorted.size(), at.finality().transactions().value(), where);
                assertEquals(sorted.get((sorted.size() + 1) / 2 - 1), at.finality().p50().value(), where);
                assertEquals(sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1), at.finality().p99().value(), where);
                assertEquals(sorted.get(sorted.size() - 1), at.finality().max().value(), where);
                Series.Point last = at.finality().cdf().points().get(at.finality().cdf().points().size() - 1);
                assertEquals(new Series.Point(sorted.get(sorted.size() - 1), 1_000), last, "the CDF ends at 100 %");
                assertEquals(0, at.violations().value(), where);
                assertEquals("bin/ballast report --class " + report.faultClass().id() + " --validators "
                        + at.validators() + " --seed 1 --seeds 1", at.command());
            }
        }
    }

    @Test
    void theBaselineIsHeldAndItsWorstCaseIsEveryClassesBound() {
        assertEquals(ClassReport.Verdict.HELD, MODEL.classReport(FaultClass.NONE).verdict());
        for (ClassReport report : MODEL.classes()) {
            for (ClassReport.AtValidators at : report.byValidators()) {
                assertEquals(MODEL.classReport(FaultClass.NONE).byValidators().stream()
                        .filter(b -> b.validators() == at.validators()).findFirst().orElseThrow().finality().max().value(),
                        at.hangover().noFaultMax().value());
            }
        }
        assertNull(MODEL.cluster().faults().isEmpty() ? null : "rows", "no cluster run");
    }

    @Test
    void safetyCountsEveryCheckOfEverySeed() {
        SafetyReport safety = MODEL.safety();
        assertEquals(SafetyReport.Status.HELD, safety.status());
        assertTrue(safety.violations().isEmpty());
        assertEquals(TestCampaigns.EVERY_SECTION.size() * 2, safety.classes().size(), "a row per class and n");
        long commits = CAMPAIGN.all().stream().mapToLong(r -> r.metrics().checks().commits()).sum();
        long seeds = CAMPAIGN.all().size();
        for (SafetyReport.Check check : safety.checks()) {
            if (check.invariant() == Invariant.AGREEMENT) {
                assertEquals(commits, check.checks().value());
            }
            if (check.invariant() == Invariant.RUNAWAY) {
                assertEquals(seeds, check.checks().value(), "once per seed");
            }
            if (check.invariant() == Invariant.HALT) {
                assertEquals(2, check.checks().value(), "armed in the two stake-threshold seeds only");
            }
        }
        assertEquals(Invariant.values().length, safety.checks().size());
    }

    @Test
    void liquidationsAreCountedOverEveryClassAndNoneIsImproper() {
        for (LiquidationReport.AtValidators at : MODEL.liquidations().byValidators()) {
            long all = 0;
            for (FaultClass c : TestCampaigns.EVERY_SECTION) {
                all += seed(c, at.validators()).metrics().liquidations().size();
            }
            assertEquals(all, at.liquidations().value());
            assertEquals(0, at.improper().value());
            assertEquals(all, at.buckets().stream().mapToLong(b -> b.liquidations().value()).sum(),
                    "the fill buckets partition the liquidations");
            assertEquals(Math.min(all, MarketAnalysis.MAX_POINTS), at.byFill().points().size());
        }
    }

    @Test
    void thePageHasEverySectionAndEveryChartHasPoints() {
        String html = HtmlReport.render(MODEL);
        for (String id : List.of("summary", "verdicts", "finality", "hangover", "threshold", "liquidations", "solvency",
                "corruption", "censorship", "options", "safety", "cluster", "reproduce")) {
            assertTrue(html.contains("<section id=\"" + id + "\">"), "section " + id);
        }
        Matcher charts = Pattern.compile("<svg class=\"chart\".*?</svg>", Pattern.DOTALL).matcher(html);
        int count = 0;
        while (charts.find()) {
            String svg = charts.group();
            assertTrue(svg.contains("<polyline class=\"series\"") || svg.contains("<circle class=\"pt\"")
                    || svg.contains("<rect class=\"bar\""), "a chart without data: " + svg.substring(0, 120));
            count++;
        }
        assertTrue(count >= TestCampaigns.EVERY_SECTION.size(), "charts: " + count);
        String withoutNamespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertTrue(!withoutNamespace.contains("<script") && !withoutNamespace.contains("http://")
                && !withoutNamespace.contains("https://"), "nothing loaded from elsewhere");
        assertTrue(html.contains("Every invariant held"));
        String corruption = html.substring(html.indexOf("<section id=\"corruption\">"),
                html.indexOf("<section id=\"censorship\">"));
        assertFalse(corruption.contains("Not computed") || corruption.contains("missing"), "numbers, not what is missing");
        assertTrue(corruption.contains(Html.escape(Verdicts.corruption(MODEL.corruption()))), "the verdict sentence");
        for (int n : List.of(4, 7)) {
            assertTrue(corruption.contains("id=\"corruption-ratio-" + n + "\"") && corruption.contains("id=\"corruption-usd-"
                    + n + "\""), "the corruption charts at n = " + n);
        }
    }

    @Test
    void theClusterSectionShowsItsRowsAndMarksAFaultThatWasNotSurvived() {
        ClusterReport cluster = ClusterReport.of(List.of(
                new ClusterReport.Fault("kill -9 node-3", 5_554, 2_543, 71_308, 263, 2_481, 48, 71, 717, 0, List.of()),
                new ClusterReport.Fault("isolate node-4", 4_100, -1, -1, 300, 9_000, 0, 2, 719, 1,
                        List.of("node-4 never caught up"))));
        assertTrue(cluster.faults().get(0).survived());
        assertFalse(cluster.faults().get(1).survived());
        ReportModel model = new ReportModel(MODEL.header(), MODEL.classes(), MODEL.threshold(), MODEL.liquidations(),
                MODEL.solvency(), MODEL.corruption(), MODEL.censorship(), MODEL.options(), MODEL.safety(), cluster);
        String html = HtmlReport.render(model);
        String section = html.substring(html.indexOf("<section id=\"cluster\">"), html.indexOf("<section id=\"reproduce\">"));
        assertTrue(section.contains("<tr><td>kill -9 node-3</td><td class=\"r\">5.5 s</td>"), section);
        assertTrue(section.contains("<tr class=\"bad\"><td>isolate node-4</td><td class=\"r\">4.1 s</td>"
                + "<td class=\"r\">−1</td>"), section);
        assertTrue(section.contains("<td class=\"r bad\">1</td><td>node-4 never caught up</td>"), section);
        assertFalse(HtmlReport.render(MODEL).contains("<tr class=\"bad\">"), "no red row without a cluster run");
    }

    @Test
    void theOptionsLoopSectionSumsItsSeedsAndNamesTheirReplays() {
        OptionsReport options = MODEL.options();
        assertNotNull(options, "the options-feedback class ran, so its section is there");
        assertEquals(List.of(4, 7), options.byValidators().stream().map(OptionsReport.AtValidators::validators).toList());
        long liquidated = 0;
        for (OptionsReport.AtValidators at : options.byValidators()) {
            SeedResult result = seed(FaultClass.OPTIONS_FEEDBACK, at.validators());
            OptionsLoopResult loop = result.optionsLoop();
            String where = "n = " + at.validators();
            assertEquals(loop.liquidations(), at.liquidations().value(), where);
            assertEquals(0, at.improper().value(), where);
            assertEquals(loop.perpFills(), at.perpFills().value(), where);
            assertEquals(loop.optionFills(), at.optionFills().value(), where);
            assertEquals(loop.safeModeBlocks(), at.safeModeBlocks().value(), where);
            assertEquals(loop.blocks(), at.blocks().value(), where);
            assertEquals(loop.congestedBlocks(), at.fullBlocks().value(), where);
            assertEquals(loop.hedgeTrades(), at.hedgeTrades().value(), where);
            assertTrue(loop.hedgeTrades() > 0 && loop.optionTrades() > 0, where + ": the loop traded");
            assertEquals(Math.round(loop.volJumpFactor() * 1_000_000), at.volJumpMax().value(), where);
            assertEquals(1L, at.volJumpMax().seed(), where);
            assertEquals(loop.slippageByCongestion().size(), at.buckets().stream()
                    .mapToLong(b -> b.liquidations().value()).sum(), "the fill buckets partition the fills, " + where);
            assertEquals(loop.slippageByCongestion().size(), at.byFill().points().size(), where);
            List<SeedMetrics.TxSample> txs = result.metrics().transactions();
            List<Long> after = txs.stream().filter(tx -> tx.submittedMillis() >= loop.volJumpAtMillis())
                    .map(SeedMetrics.TxSample::finalityMillis).sorted().toList();
            assertTrue(!after.isEmpty() && after.size() < txs.size(), where + ": clients submitted before and after the jump");
            assertEquals(after.get((int) Math.ceil(0.99 * after.size()) - 1), at.load().afterJumpP99().value(), where);
            assertEquals(after.get(after.size() - 1), at.load().afterJumpMax().value(), where);
            assertEquals(MODEL.classReport(FaultClass.NONE).byValidators().stream()
                    .filter(b -> b.validators() == at.validators()).findFirst().orElseThrow().finality().p99().value(),
                    at.load().baselineP99().value(), "the baseline is the no-fault class, " + where);
            OptionsReport.SeedRow row = at.seeds().get(0);
            assertEquals(1, row.seed());
            assertEquals("bin/ballast sim --scenario options-feedback --seed 1 --validators " + at.validators()
                    + " --observe-ms 2500", row.replay());
            assertEquals("bin/ballast report --class options-feedback --validators " + at.validators()
                    + " --seed 1 --seeds 1", row.liquidations().command());
            liquidated += at.liquidations().value();
        }
        assertTrue(liquidated > 0, "seed 1 liquidates at n = 4: the audit had something to check");
        assertNotEquals(ClassReport.Verdict.VIOLATED, options.verdict());
        String html = HtmlReport.render(MODEL);
        String section = html.substring(html.indexOf("<section id=\"options\">"), html.indexOf("<section id=\"safety\">"));
        assertTrue(section.contains("<p class=\"status green\">No improper liquidation"), section);
        assertTrue(section.contains("<svg class=\"chart\" id=\"options-finality-4\""), "the finality chart");
        assertTrue(section.contains(Html.escape("bin/ballast sim --scenario options-feedback --seed 1 --validators 7")));
    }

    private static SeedResult seed(FaultClass c, int n) {
        List<SeedResult> seeds = CAMPAIGN.seeds(c, n);
        assertEquals(1, seeds.size());
        return seeds.get(0);
    }

    private static long haltedMillis(SeedResult result, long quorum) {
        List<SeedMetrics.StakePoint> stake = result.metrics().stakeOnline();
        long halted = 0;
        for (int i = 0; i < stake.size(); i++) {
            if (stake.get(i).onlineStake() < quorum) {
                long until = i + 1 < stake.size() ? stake.get(i + 1).millis() : result.metrics().endMillis();
                halted += until - stake.get(i).millis();
            }
        }
        return halted;
    }
}
