package io.ballast.core.ledger.optionprops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.AccountView;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.Ledger;
import io.ballast.core.ledger.LedgerBlock;
import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.OptionMarketView;
import io.ballast.core.ledger.OptionPositionView;
import io.ballast.core.ledger.PositionView;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.RejectCode;
import io.ballast.core.ledger.SignatureCheck;
import io.ballast.core.ledger.Totals;
import io.ballast.core.ledger.tx.SignedTransaction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the ledger with options over seeded random sessions ({@link OptionSession}); each
 * failure names its seed. 40 seeds per property by default ({@code -Doptions.properties.seeds=N}).
 */
class OptionPropertiesTest {
    static java.util.stream.LongStream seeds() {
        return OptionSession.seeds();
    }

    /**
     * Conservation: after every block, collateral + pool cash + insurance = net deposits (the
     * session's own count), PnL is zero-sum (Σ(equity − collateral) = −the pool's unrealized PnL), and
     * the pool's aggregate NAV equals cash − Σ perp PnL − Σ option values taken position by position
     * (up to a micro-USD of flooring per position).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void moneyIsConservedAndThePoolIsEveryTradersCounterparty(long seed) {
        OptionSession session = new OptionSession(seed);
        session.run((before, block, result) -> {
            LedgerState state = session.state;
            String at = session.at();
            Totals totals = state.totals();
            assertTrue(totals.cashConserved(), at + ": " + totals);
            assertEquals(session.externalNetUsd, totals.netDepositsUsd(), at + ": net deposits");
            long equityMinusCollateral = 0;
            long perpPnl = 0;
            long optionValue = 0;
            long positions = 0;
            for (Bytes32 key : state.accountKeys()) {
                AccountView view = state.accountView(key).orElseThrow();
                equityMinusCollateral += view.equityUsd() - view.collateralUsd();
                for (PositionView p : view.positions()) {
                    perpPnl += p.unrealizedPnlUsd();
                }
                for (OptionPositionView p : view.optionPositions()) {
                    optionValue += p.valueUsd();
                }
                positions += view.positions().size() + view.optionPositions().size();
            }
            assertEquals(totals.traderUnrealizedPnlUsd(), equityMinusCollateral, at + ": trader unrealized PnL");
            assertEquals(0, totals.traderUnrealizedPnlUsd() + totals.poolUnrealizedPnlUsd(), at + ": zero-sum");
            // the aggregate form floors once per market and series, the positions once each
            assertEquals(state.poolCashUsd() - perpPnl - optionValue, state.poolNav(), positions + 1, at + ": pool NAV");
        }, false);
    }

    /** Determinism: a replay from genesis reaches the same roots; a snapshot restored at any height continues identically. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void sameBlocksSameRootsAcrossReplaysAndSnapshots(long seed) {
        OptionSession session = new OptionSession(seed).run((before, block, result) -> { }, false);
        Ledger ledger = new Ledger(SignatureCheck.verifyEveryTime());
        LedgerState replay = LedgerState.fromGenesis(session.genesis);
        int restoreAt = 1 + new java.util.Random(seed).nextInt(session.blocks.size() - 1);
        LedgerState restored = null;
        for (int i = 0; i < session.blocks.size(); i++) {
            LedgerBlock block = session.blocks.get(i);
            Bytes32 root = ledger.apply(replay, block).stateRoot();
            assertEquals(session.results.get(i).stateRoot(), root, "seed " + seed + ": replay root at height " + block.height());
            if (restored != null) {
                assertEquals(root, ledger.apply(restored, block).stateRoot(),
                        "seed " + seed + ": restored at height " + restoreAt + ", root at " + block.height());
            }
            if (i + 1 == restoreAt) {
                byte[] snapshot = replay.snapshot();
                restored = LedgerState.restore(snapshot);
                assertEquals(replay.stateRoot(), restored.stateRoot(), "seed " + seed + ": root after restore");
                assertArrayEquals(snapshot, restored.snapshot(), "seed " + seed + ": snapshot of the restored state");
            }
        }
    }

    /**
     * No account ends a block with negative equity, or liquidatable, unless its markets (index or
     * vol) are in safe mode, the per-block liquidation cap was reached, or the block recorded a
     * waterfall event (insurance draw, ADL, pool absorption) for it. No account without a
     * position holds negative collateral.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void noNegativeEquityWithoutARecordedWaterfallEvent(long seed) {
        OptionSession session = new OptionSession(seed);
        int[] exempt = new int[1];
        session.run((before, block, result) -> {
            LedgerState state = session.state;
            OptionMarketView options = state.optionMarketViews().get(0);
            boolean safeMode = options.safeMode();
            Set<Bytes32> waterfall = new HashSet<>();
            int liquidated = 0;
            for (LedgerEvent event : events(result)) {
                if (event instanceof LedgerEvent.InsuranceDraw d) {
                    waterfall.add(d.account());
                } else if (event instanceof LedgerEvent.AutoDeleveraged a) {
                    waterfall.add(a.bankrupt());
                    waterfall.add(a.account());
                } else if (event instanceof LedgerEvent.PoolAbsorbedDeficit p) {
                    waterfall.add(p.account());
                } else if (event instanceof LedgerEvent.LiquidationFee) {
                    liquidated++;
                }
            }
            boolean capReached = liquidated >= state.genesis().limits().maxLiquidationsPerBlock();
            for (Bytes32 key : state.accountKeys()) {
                AccountView view = state.accountView(key).orElseThrow();
                String at = session.at() + ", account " + key.shortHex() + ": " + view;
                if (view.positions().isEmpty() && view.optionPositions().isEmpty()) {
                    assertTrue(view.collateralUsd() >= 0, "negative collateral without a position, " + at);
                    continue;
                }
                if (view.equityUsd() >= 0 && !view.liquidatable()) {
                    continue;
                }
                if (safeMode || capReached || waterfall.contains(key)) {
                    exempt[0]++;
                    continue;
                }
                fail((view.equityUsd() < 0 ? "negative equity" : "still liquidatable") + " after the block, " + at);
            }
        }, false);
    }

    /**
     * Margin is monotone in position size: an account holding k times another's book (k = 2 or 3,
     * the same trades scaled) needs at least as much maintenance and initial margin, and within
     * rounding (a micro-USD per position and scenario) exactly k times as much.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void marginIsMonotoneInPositionSize(long seed) {
        ScaledBooks books = new ScaledBooks(seed);
        books.run((small, big, k, at) -> {
            assertTrue(big.maintenanceMarginUsd() >= small.maintenanceMarginUsd(), at + ": MM " + big + " vs " + small);
            assertTrue(big.initialMarginUsd() >= small.initialMarginUsd(), at + ": IM");
            long slack = 2L * k * (small.optionPositions().size() + 2) * 64;
            assertEquals(k * small.maintenanceMarginUsd(), big.maintenanceMarginUsd(), slack, at + ": MM scales with size");
        });
    }

    /**
     * A rejected transaction changes nothing: the block without its rejected transactions reaches the
     * same root, the same block events and the same receipts for the accepted ones.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void rejectedTransactionsLeaveNoTrace(long seed) {
        OptionSession session = new OptionSession(seed);
        Ledger replayer = new Ledger(SignatureCheck.verifyEveryTime());
        session.run((before, block, result) -> {
            List<SignedTransaction> kept = new ArrayList<>();
            List<Receipt.Accepted> accepted = new ArrayList<>();
            for (Receipt receipt : result.receipts()) {
                if (receipt instanceof Receipt.Accepted ok) {
                    kept.add(receipt.transaction());
                    accepted.add(ok);
                }
            }
            if (kept.size() == block.transactions().size()) {
                return;
            }
            BlockResult without = replayer.apply(before, new LedgerBlock(block.height(), block.timeMillis(),
                    block.congestionPpm(), block.recentFinalityMillis(), kept));
            String at = session.at();
            assertEquals(result.stateRoot(), without.stateRoot(), at + ": root with and without the rejected transactions");
            assertEquals(result.startEvents(), without.startEvents(), at + ": block-start events");
            assertEquals(result.endEvents(), without.endEvents(), at + ": block-end events");
            for (int i = 0; i < accepted.size(); i++) {
                Receipt.Accepted expected = accepted.get(i);
                assertEquals(new Receipt.Accepted(i, expected.transaction(), expected.effect(), expected.priorityFeeUsd(),
                        expected.events()), without.receipts().get(i), at + ": receipt of an accepted transaction");
            }
        }, true);
    }

    /**
     * The sessions the properties run produce every option reject code (so the rejection property
     * covers each) and every option event: settlements (and delayed ones), hedges, option
     * liquidations, waterfall draws, both safe modes.
     */
    @Test
    void theSessionsExerciseEveryOptionRejectCodeAndEvent() {
        Set<RejectCode> seen = EnumSet.noneOf(RejectCode.class);
        java.util.Map<String, Integer> eventCounts = new java.util.TreeMap<>();
        for (long seed : seeds().toArray()) {
            new OptionSession(seed).run((before, block, result) -> {
                result.receipts().stream().filter(r -> r instanceof Receipt.Rejected)
                        .forEach(r -> seen.add(((Receipt.Rejected) r).code()));
                for (LedgerEvent event : events(result)) {
                    String name = event.getClass().getSimpleName();
                    if (event instanceof LedgerEvent.PositionLiquidated p && !p.marketId().endsWith("-PERP")) {
                        name = "OptionPositionLiquidated";
                    }
                    eventCounts.merge(name, 1, Integer::sum);
                }
            }, false);
        }
        System.out.println("option sessions, events over " + seeds().count() + " seeds: " + eventCounts);
        for (String expected : List.of("OptionSettled", "SettlementDelayed", "OptionPositionSettled", "LiquidationHedge",
                "OptionPositionLiquidated", "InsuranceDraw", "VolSafeModeEntered", "SafeModeEntered")) {
            assertTrue(eventCounts.getOrDefault(expected, 0) > 0, "no " + expected + " in " + eventCounts);
        }
        Set<RejectCode> missing = EnumSet.noneOf(RejectCode.class);
        for (RejectCode code : RejectCode.values()) {
            if (code.optionsOnly() && !seen.contains(code)) {
                missing.add(code);
            }
        }
        assertTrue(missing.isEmpty(), "option reject codes no session produced: " + missing + " (seen " + seen + ")");
    }

    static List<LedgerEvent> events(BlockResult result) {
        List<LedgerEvent> events = new ArrayList<>(result.startEvents());
        for (Receipt receipt : result.receipts()) {
            if (receipt instanceof Receipt.Accepted ok) {
                events.addAll(ok.events());
            }
        }
        events.addAll(result.endEvents());
        return events;
    }
}
