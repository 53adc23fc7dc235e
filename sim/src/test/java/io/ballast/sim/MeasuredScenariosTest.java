package io.ballast.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scenarios built for the resilience report measure what they claim, and observing a run changes nothing in it. */
class MeasuredScenariosTest {
    private static SeedResult run(String scenario, long seed, int validators) {
        SeedResult result = SimRunner.runSeed(SimOptions.of(Scenario.named(scenario), seed, validators));
        assertNull(result.violation(), result.replayCommand());
        return result;
    }

    @Test
    void congestionFillsBlocksAndLiquidationSlippageGrowsWithTheFill() {
        SeedMetrics m = run("congestion", 1, 4).metrics();
        long fullest = m.commits().stream().mapToLong(SeedMetrics.CommitPoint::blockFillPpm).max().orElse(0);
        assertEquals(1_000_000, fullest, "some blocks are full");
        List<Long> low = new ArrayList<>();
        List<Long> high = new ArrayList<>();
        for (SeedMetrics.LiquidationSample l : m.liquidations()) {
            assertTrue(l.proper(), "liquidated at a true price: " + l);
            (l.blockFillPpm() < 250_000 ? low : l.blockFillPpm() >= 750_000 ? high : new ArrayList<Long>())
                    .add(l.slippagePpm());
            assertTrue(l.slippagePpm() >= 1_000 + 20_000 * l.blockFillPpm() / 1_000_000 - 1,
                    "base + congestion share at least: " + l);
        }
        assertFalse(low.isEmpty() || high.isEmpty(), "liquidations in empty and in full blocks: " + low + " " + high);
        assertTrue(median(high) > median(low), "slippage " + median(high) + " in full blocks vs " + median(low));
        assertTrue(m.liquidations().stream().mapToInt(SeedMetrics.LiquidationSample::mempoolDepth).max().orElse(0) > 64,
                "the mempool holds more than a block");
    }

    @Test
    void aMarketCrashGoesIntoSafeModeAndItsDeficitsArePaidByTheWaterfall() {
        SeedResult result = SimRunner.runSeed(SimOptions.of(Scenario.named("market-crash"), 1, 4).withObserveMillis(2_500));
        assertNull(result.violation(), result.replayCommand());
        SeedMetrics m = result.metrics();
        long start = m.pool().get(0).indexPriceUsd();
        long low = m.pool().stream().mapToLong(SeedMetrics.PoolPoint::indexPriceUsd).min().orElse(start);
        assertTrue(low < start * 80 / 100, "the index fell more than 20 %: " + start + " -> " + low);
        assertTrue(m.safeModeBlocks() > 0, "the oracle outage put the market in safe mode");
        assertFalse(m.liquidations().isEmpty());
        assertTrue(m.liquidations().stream().allMatch(SeedMetrics.LiquidationSample::proper));
        SeedMetrics.Solvency s = m.solvency();
        assertTrue(s.insuranceDraws() > 0 && s.adlEvents() > 0, "the thin fund ran out and ADL followed: " + s);
        assertEquals(s.insuranceDrawnUsd() + s.adlHaircutUsd() + s.poolAbsorbedUsd(), s.badDebtUsd());
    }

    @Test
    void pastTheStakeThresholdCommitsStopUntilTheStakeReturns() {
        SeedResult result = run("stake-threshold", 1, 4);
        SeedMetrics m = result.metrics();
        assertTrue(m.checks().halt(), "the stake online fell to 2/3 or less");
        long quorum = m.totalStake() * 2 / 3 + 1;
        long haltFrom = -1;
        long haltUntil = -1;
        for (int i = 0; i < m.stakeOnline().size(); i++) {
            if (haltFrom < 0 && m.stakeOnline().get(i).onlineStake() < quorum) {
                haltFrom = m.stakeOnline().get(i).millis();
                haltUntil = m.stakeOnline().get(i + 1).millis();
            }
        }
        assertEquals(m.healMillis(), haltUntil, "the stake returns at the heal");
        for (SeedMetrics.CommitPoint commit : m.commits()) {
            assertFalse(commit.millis() > haltFrom + Recorder.HALT_GRACE_MILLIS && commit.millis() < haltUntil,
                    "height " + commit.height() + " committed while halted");
        }
        assertTrue(m.commits().get(m.commits().size() - 1).millis() > haltUntil, "commits resumed");
        assertTrue(result.recoverMillis() >= 0);
    }

    @Test
    void addedLatencySlowsFinalityAgainstTheSameSeedWithoutIt() {
        for (long seed = 1; seed <= 2; seed++) {
            long happy = Collections.max(run("happy", seed, 4).finalityMillis());
            long slow = Collections.max(run("latency", seed, 4).finalityMillis());
            assertTrue(slow > 2 * happy, "seed " + seed + ": worst finality " + slow + " ms with latency, " + happy
                    + " ms without");
        }
    }

    @Test
    void observingAfterTheHealChangesNothingBeforeIt() {
        for (String scenario : new String[] {"partition", "censorship"}) {
            SimOptions options = SimOptions.of(Scenario.named(scenario), 3, 4);
            SeedResult stopped = SimRunner.runSeed(options);
            SeedResult observed = SimRunner.runSeed(options.withObserveMillis(2_000));
            assertEquals(stopped.recoverMillis(), observed.recoverMillis(), scenario);
            assertEquals(stopped.recoverRounds(), observed.recoverRounds(), scenario);
            assertEquals(stopped.finalityMillis(), observed.finalityMillis().subList(0, stopped.finalityMillis().size()),
                    scenario + ": the same transactions, then more");
            assertTrue(observed.metrics().endMillis() >= stopped.metrics().endMillis() + 2_000, scenario);
            assertTrue(observed.replayCommand().endsWith(" --observe-ms 2000"), observed.replayCommand());
        }
    }

    @Test
    void censoredTradersAreMarkedOnlyInTheCensorshipScenario() {
        assertTrue(run("censorship", 1, 4).metrics().transactions().stream().anyMatch(SeedMetrics.TxSample::censored));
        assertTrue(run("lossy", 1, 4).metrics().transactions().stream().noneMatch(SeedMetrics.TxSample::censored));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
