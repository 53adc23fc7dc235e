package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.btc;
import static io.ballast.core.ledger.LedgerFixtures.usd;
import static io.ballast.core.ledger.OptionFixtures.CALL_30D;
import static io.ballast.core.ledger.OptionFixtures.PUT_30D;
import static io.ballast.core.ledger.OptionFixtures.accepted;
import static io.ballast.core.ledger.OptionFixtures.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.tx.SignedTransaction;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Liquidation of accounts with options: first a perpetual hedge of the net delta, then a fraction of
 * everything, then everything; the waterfall; the guard band; safe mode for the vol index.
 */
class OptionLiquidationTest {
    private static final KeyPair ALICE = LedgerFixtures.key("alice");
    private static final KeyPair KEEPER = LedgerFixtures.key("keeper");

    private static LedgerFixtures.Chain shortStraddle(Genesis genesis, long collateralUsd) {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(genesis);
        chain.block(chain.deposit(ALICE, collateralUsd), chain.deposit(KEEPER, usd(10_000)));
        accepted(chain.submit(trade(chain, ALICE, CALL_30D, -btc(1))));
        return chain;
    }

    /** Raises the index 50 USD per block (vol reports too) until a block-end liquidation happens; returns its events. */
    private static List<LedgerEvent> raiseUntilLiquidated(LedgerFixtures.Chain chain, long stepUsd, int maxBlocks) {
        long price = usd(10_000);
        for (int i = 0; i < maxBlocks; i++) {
            price += stepUsd;
            BlockResult result = OptionFixtures.refresh(chain, price, OptionFixtures.VOL);
            if (!result.endEvents().isEmpty()) {
                return result.endEvents();
            }
        }
        return List.of();
    }

    @Test
    void aShortCallBelowMaintenanceIsFirstDeltaHedgedWithThePerp() {
        LedgerFixtures.Chain chain = shortStraddle(OptionFixtures.standard(), usd(1_000));
        AccountView before = chain.account(ALICE);
        assertTrue(before.equityUsd() >= before.initialMarginUsd());
        List<LedgerEvent> events = raiseUntilLiquidated(chain, usd(50), 40);
        LedgerEvent.LiquidationHedge hedge = (LedgerEvent.LiquidationHedge) events.stream()
                .filter(e -> e instanceof LedgerEvent.LiquidationHedge).findFirst().orElseThrow();
        // the short call's delta (−0.6 … −0.8 by then) is bought back with the perp: the book's delta goes to 0
        assertTrue(hedge.netDeltaBeforeE8() < -btc(1) / 2, "net delta " + hedge.netDeltaBeforeE8());
        assertEquals(-hedge.netDeltaBeforeE8(), hedge.sizeE8());
        AccountView after = chain.account(ALICE);
        assertEquals(hedge.sizeE8(), after.positions().get(0).sizeE8());
        assertEquals(-btc(1), after.optionPositions().get(0).sizeE8(), "the hedge alone restored maintenance");
        assertTrue(after.equityUsd() >= after.maintenanceMarginUsd());
        assertEquals(0, Math.abs(after.greeks().get(0).deltaE8()), 10, "delta-neutral after the hedge");
        assertTrue(chain.state.totals().cashConserved());
    }

    @Test
    void aBookTooFarGoneIsClosedPartlyThenFullyAndTheDeficitGoesThroughTheWaterfall() {
        LedgerFixtures.Chain chain = shortStraddle(OptionFixtures.standard(), usd(700));
        accepted(chain.submit(trade(chain, ALICE, PUT_30D, -btc(1) / 10)));
        // a jump of +25% in one block: far beyond what hedging or a fraction can repair
        BlockResult jump = OptionFixtures.refresh(chain, usd(12_500), OptionFixtures.VOL);
        List<LedgerEvent> events = jump.endEvents();
        assertTrue(events.stream().anyMatch(e -> e instanceof LedgerEvent.LiquidationHedge));
        List<LedgerEvent.PositionLiquidated> closes = events.stream().filter(e -> e instanceof LedgerEvent.PositionLiquidated)
                .map(e -> (LedgerEvent.PositionLiquidated) e).toList();
        assertTrue(closes.stream().anyMatch(c -> c.marketId().equals(CALL_30D.id()) && !c.partial()), closes.toString());
        assertTrue(events.stream().anyMatch(e -> e instanceof LedgerEvent.InsuranceDraw), events.toString());
        AccountView after = chain.account(ALICE);
        assertTrue(after.positions().isEmpty() && after.optionPositions().isEmpty());
        assertEquals(0, after.collateralUsd());
        assertTrue(chain.state.totals().cashConserved());
    }

    @Test
    void theGuardBandKeepsAnAccountWithinReachOfTheTruePriceAlive() {
        OptionMarketParams guarded = OptionFixtures.plainOptions().liquidationGuard(4_000_000, 0).build();
        LedgerFixtures.Chain plain = shortStraddle(OptionFixtures.standard(), usd(1_000));
        List<LedgerEvent> unguarded = raiseUntilLiquidated(plain, usd(50), 40);
        assertFalse(unguarded.isEmpty());
        int blocks = (int) (plain.state.height() - 2); // blocks 1 and 2 deposited and traded

        LedgerFixtures.Chain chain = shortStraddle(OptionFixtures.genesis(guarded, CALL_30D, PUT_30D), usd(1_000));
        // one hour of recent finality: band = 4 × 50% × √(1 h / 1 year) = 2.1% of the index
        chain.recentFinalityMillis = 3_600_000;
        List<LedgerEvent> events = raiseUntilLiquidated(chain, usd(50), blocks);
        assertTrue(events.isEmpty(), "liquidated inside the guard band: " + events);
        AccountView view = chain.account(ALICE);
        assertTrue(view.equityUsd() < view.maintenanceMarginUsd(), "below maintenance at the index");
        assertFalse(view.liquidatable());
        assertEquals(21_300, chain.state.optionMarketViews().get(0).guardBandPpm(), 200);
        SignedTransaction keeper = chain.liquidate(KEEPER, ALICE);
        Receipt receipt = chain.submit(keeper);
        assertEquals(RejectCode.NOT_LIQUIDATABLE, OptionFixtures.rejected(receipt));
        assertTrue(((Receipt.Rejected) receipt).reason().contains("guard band"));
        // once the index has moved past the band, the liquidation happens
        chain.resetNonce(KEEPER);
        assertFalse(raiseUntilLiquidated(chain, usd(50), 40).isEmpty());
    }

    @Test
    void noOptionLiquidationWhileTheVolIndexIsStale() {
        LedgerFixtures.Chain chain = shortStraddle(OptionFixtures.standard(), usd(1_000));
        // vol reports stop; prices keep coming and rise far: after 60 s the vol index is stale
        long price = usd(10_000);
        for (int i = 0; i < 70; i++) {
            price += i > 60 ? usd(100) : 0;
            BlockResult result = chain.block(chain.reports(LedgerFixtures.BTC, price).toArray(new SignedTransaction[0]));
            assertTrue(result.endEvents().stream().noneMatch(e -> e instanceof LedgerEvent.PositionLiquidated
                    || e instanceof LedgerEvent.LiquidationHedge), "liquidated at block " + i);
        }
        assertTrue(chain.state.optionMarketViews().get(0).volStale());
        AccountView view = chain.account(ALICE);
        assertTrue(view.equityUsd() < view.maintenanceMarginUsd());
        assertFalse(view.liquidatable());
        OptionTradingTest.assertRejectedWithoutTrace(chain, chain.liquidate(KEEPER, ALICE), RejectCode.STALE_VOLATILITY);
        // the vol index is fresh again: the block-end pass liquidates (the hedge first)
        List<SignedTransaction> txs = new java.util.ArrayList<>(chain.reports(LedgerFixtures.BTC, price));
        txs.addAll(OptionFixtures.volReports(chain, OptionFixtures.VOL));
        BlockResult fresh = chain.block(txs.toArray(new SignedTransaction[0]));
        assertTrue(fresh.endEvents().stream().anyMatch(e -> e instanceof LedgerEvent.LiquidationHedge), fresh.endEvents().toString());
    }
}
