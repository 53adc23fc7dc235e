package io.ballast.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.sim.OptionsLoopResult;
import io.ballast.sim.SeedMetrics;
import io.ballast.sim.SeedResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The options feedback loop's section judged from synthetic seeds (no simulation): one improper liquidation turns the
 * section, the class and the summary red even when the seed itself reported no violation, and report.json saying
 * otherwise does not pass the schema.
 */
class OptionsSectionTest {
    private static final int N = 4;

    private static SeedMetrics metrics(long jumpAtMillis) {
        List<SeedMetrics.TxSample> txs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long submitted = 1_000 + i * 500L;
            txs.add(new SeedMetrics.TxSample(submitted, submitted < jumpAtMillis ? 40 + i : 400 + i, false));
        }
        return new SeedMetrics(20_000, 30_000, 400, txs, List.of(new SeedMetrics.CommitPoint(1, 100, 0, 0)),
                List.of(new SeedMetrics.StakePoint(0, 400)), List.of(), 0,
                new SeedMetrics.Solvency(0, 0, 0, 0, 0, 0, 1_000_000), List.of(),
                new SeedMetrics.Checks(10, 10, 10, 10, true, false));
    }

    private static SeedResult seed(String scenario, long seed, OptionsLoopResult loop) {
        return new SeedResult(scenario, seed, N, null, ReportOptions.OBSERVE_MILLIS, null, null, List.of(40L), 0, 100, 40,
                30_000, 60, 1_000, "abc", metrics(loop == null ? Long.MAX_VALUE : loop.volJumpAtMillis()), loop);
    }

    static OptionsLoopResult loop(long liquidations, long improper) {
        return new OptionsLoopResult(300, 5, liquidations, improper, 3, 2, 0, 0, 120, 400, 30, 1_000_000, 7.5, 12_000,
                List.of(new long[] {1_000_000, 12_000}, new long[] {500_000, 9_000}, new long[] {1_000_000, 15_000},
                        new long[] {100_000, 2_000}, new long[] {1_000_000, 11_000}),
                improper == 0 ? List.of() : List.of("account 01ab at height 40: above maintenance at the truth"));
    }

    static ReportModel model(OptionsLoopResult loop) {
        ReportOptions options = new ReportOptions(3, 1, List.of(N), List.of(FaultClass.OPTIONS_FEEDBACK), PlantedBug.NONE, 1);
        Map<FaultClass, Map<Integer, List<SeedResult>>> results = new LinkedHashMap<>();
        results.put(FaultClass.NONE, Map.of(N, List.of(seed("happy", 3, null))));
        results.put(FaultClass.OPTIONS_FEEDBACK, Map.of(N, List.of(seed("options-feedback", 3, loop))));
        return Report.analyse(new CampaignResult(options, results), ClusterReport.NOT_RUN);
    }

    @Test
    void oneImproperLiquidationIsRedEvenInASeedThatReportedNoViolation() {
        ReportModel model = model(loop(4, 1));
        OptionsReport.AtValidators at = model.options().byValidators().get(0);
        assertEquals(1, at.improper().value());
        assertEquals(ClassReport.Verdict.VIOLATED, model.options().verdict());
        assertEquals(ClassReport.Verdict.VIOLATED, model.classReport(FaultClass.OPTIONS_FEEDBACK).verdict(),
                "the class row counts the loop's audit");
        assertEquals(1, model.classReport(FaultClass.OPTIONS_FEEDBACK).byValidators().get(0).market()
                .improperLiquidations().value());
        String html = HtmlReport.render(model);
        String section = html.substring(html.indexOf("<section id=\"options\">"), html.indexOf("<section id=\"safety\">"));
        assertTrue(section.contains("<p class=\"status red\">1 improper liquidation:"), section);
        assertTrue(section.contains("<span class=\"badge violated\">violated</span>"), section);
        assertTrue(section.contains("<tr class=\"bad\"><td class=\"r\">4</td><td class=\"r\">3</td>"), section);
        assertTrue(section.contains("<td class=\"r bad\"><span class=\"num\" title=\"seed 3 · bin/ballast report --class "
                + "options-feedback --validators 4 --seed 3 --seeds 1\">1</span></td>"), "the seed's improper cell is red");
        assertFalse(section.contains("status green"));
    }

    @Test
    void theSameSeedWithoutAnImproperLiquidationHoldsAndShowsItsNumbers() {
        ReportModel model = model(loop(4, 0));
        OptionsReport options = model.options();
        assertEquals(ClassReport.Verdict.SLOWER, options.verdict(), "p99 from the jump (439 ms) > 2 × no-fault p99");
        OptionsReport.AtValidators at = options.byValidators().get(0);
        assertEquals(4, at.liquidations().value());
        assertEquals(3, at.perpFills().value());
        assertEquals(2, at.optionFills().value());
        assertEquals(7_500_000, at.volJumpP50().value());
        assertEquals(3L, at.volJumpP50().seed());
        assertEquals(List.of(1L, 0L, 1L, 3L), at.buckets().stream().map(b -> b.liquidations().value()).toList(),
                "fills by quarter of block fill; full blocks in the last");
        assertEquals(15_000, at.buckets().get(3).slippageMax().value());
        assertNull(at.buckets().get(3).mempoolDepthP50(), "the loop records no mempool depth");
        assertEquals(61, at.load().beforeJumpP99().value(), "22 transactions before the jump at 12 s: 40..61 ms");
        assertEquals(439, at.load().afterJumpP99().value());
        assertEquals(0, at.seriesExpired().value());
        String html = HtmlReport.render(model);
        assertTrue(html.contains("<p class=\"status green\">No improper liquidation: each of the 4 accounts"));
        assertTrue(html.contains("No option series reached its expiry within a run"));
        assertFalse(html.contains("<tr class=\"bad\">"));
    }

    @Test
    void aSeedOfTheClassWithoutTheLoopsNumbersIsAnError() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> model(null));
        assertTrue(e.getMessage().contains("carries no options feedback loop result"), e.getMessage());
    }
}
