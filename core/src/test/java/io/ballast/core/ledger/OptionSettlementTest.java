package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.btc;
import static io.ballast.core.ledger.LedgerFixtures.usd;
import static io.ballast.core.ledger.OptionFixtures.T0;
import static io.ballast.core.ledger.OptionFixtures.accepted;
import static io.ballast.core.ledger.OptionFixtures.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.options.OptionType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Expiry: the settlement price is the time-weighted index over the 60 s window before expiry
 * (≥ 50% of it fresh); a stale index at expiry makes settlement wait. The series expires at
 * T0 + 180 s (genesis is 40 s before T0).
 */
class OptionSettlementTest {
    private static final KeyPair ALICE = LedgerFixtures.key("alice");
    private static final KeyPair BOB = LedgerFixtures.key("bob");
    private static final long EXPIRY = T0 + 180_000;
    private static final OptionSeriesSpec CALL = OptionFixtures.series(EXPIRY, usd(10_000), OptionType.CALL);
    private static final OptionSeriesSpec PUT = OptionFixtures.series(EXPIRY, usd(10_000), OptionType.PUT);

    private final List<LedgerEvent> events = new ArrayList<>();

    private LedgerFixtures.Chain open(Genesis genesis) {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(genesis);
        chain.block(chain.deposit(ALICE, usd(20_000)), chain.deposit(BOB, usd(20_000)));
        accepted(chain.submit(trade(chain, ALICE, CALL, btc(1))));
        accepted(chain.submit(trade(chain, BOB, CALL, -btc(1))));
        accepted(chain.submit(trade(chain, ALICE, PUT, -btc(1))));
        return chain;
    }

    /** One block per second until {@code untilMillis}; the block at time t reports price(t) when it returns > 0. */
    private void run(LedgerFixtures.Chain chain, long untilMillis, LongUnaryOperator price) {
        while (chain.state.timeMillis() < untilMillis) {
            long t = chain.state.timeMillis() + 1_000;
            long p = price.applyAsLong(t);
            List<SignedTransaction> txs = new ArrayList<>();
            if (p > 0) {
                txs.addAll(chain.reports(LedgerFixtures.BTC, p));
                txs.addAll(OptionFixtures.volReports(chain, OptionFixtures.VOL));
            }
            BlockResult result = chain.blockAt(t, txs.toArray(new SignedTransaction[0]));
            events.addAll(result.startEvents());
            events.addAll(result.endEvents());
        }
    }

    private <T extends LedgerEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * By hand: 10,000 until the window opens at E − 60 s, then 10,200 for 30 s and 10,400 for 30 s:
     * (10,200 × 30 + 10,400 × 30) / 60 = 10,300. The call pays 300 per unit, the put nothing.
     */
    @Test
    void settlesAtTheTimeWeightedIndexOfItsWindow() {
        LedgerFixtures.Chain chain = open(OptionFixtures.genesis(OptionFixtures.plainOptions().build(), CALL, PUT));
        long aliceBefore = chain.collateral(ALICE);
        long bobBefore = chain.collateral(BOB);
        // a block's reports set the index that holds until the next block: the block at E − 60 s reports 10,200
        run(chain, EXPIRY + 5_000, t -> t < EXPIRY - 60_000 ? usd(10_000) : t < EXPIRY - 30_000 ? usd(10_200) : usd(10_400));
        LedgerEvent.OptionSettled call = eventsOf(LedgerEvent.OptionSettled.class).stream()
                .filter(e -> e.seriesId().equals(CALL.id())).findFirst().orElseThrow();
        assertEquals(usd(10_300), call.settlementPriceUsd());
        assertEquals(usd(300), call.payoffUsd());
        assertEquals(1_000_000, call.coveragePpm());
        assertEquals(aliceBefore + usd(300), chain.collateral(ALICE));
        assertEquals(bobBefore - usd(300), chain.collateral(BOB));
        assertTrue(chain.account(ALICE).optionPositions().isEmpty());
        assertTrue(chain.state.optionMarketViews().get(0).series().isEmpty(), "settled series leave the state");
        List<LedgerEvent.OptionPositionSettled> positions = eventsOf(LedgerEvent.OptionPositionSettled.class);
        assertEquals(3, positions.size());
        assertTrue(chain.state.totals().cashConserved());
        assertTrue(eventsOf(LedgerEvent.SettlementDelayed.class).isEmpty());
    }

    @Test
    void waitsWhileTheIndexIsStaleAtExpiryAndNeverSettlesOnAStalePrice() {
        LedgerFixtures.Chain chain = open(OptionFixtures.genesis(OptionFixtures.plainOptions().build(), CALL, PUT));
        // reports stop 35 s before expiry (stale 10 s later): 35 s of the window were fresh (more than 50%)
        run(chain, EXPIRY + 20_000, t -> t < EXPIRY - 60_000 ? usd(10_000) : t < EXPIRY - 35_000 ? usd(10_200) : 0);
        assertEquals(2, eventsOf(LedgerEvent.SettlementDelayed.class).size(), "one SettlementDelayed per series, once");
        assertTrue(eventsOf(LedgerEvent.OptionSettled.class).isEmpty(), "no settlement while stale");
        assertEquals(2, chain.state.optionMarketViews().get(0).series().size());
        assertTrue(chain.state.optionSeriesView(CALL.id()).orElseThrow().expired());
        // prices come back (at 11,000: irrelevant to the window)
        run(chain, EXPIRY + 25_000, t -> usd(11_000));
        LedgerEvent.OptionSettled call = eventsOf(LedgerEvent.OptionSettled.class).stream()
                .filter(e -> e.seriesId().equals(CALL.id())).findFirst().orElseThrow();
        // the window is fresh from E − 60 s (10,200) until the last report (E − 36 s) is 10 s old (E − 26 s): 34 s
        // at 10,200. The 11,000 after expiry does not count: the coverage was already enough
        assertEquals(usd(10_200), call.settlementPriceUsd());
        assertEquals(34_000_000 / 60, call.coveragePpm());
    }

    @Test
    void withTooLittleFreshTimeInTheWindowFreshTimeAfterExpiryCounts() {
        LedgerFixtures.Chain chain = open(OptionFixtures.genesis(OptionFixtures.plainOptions().build(), CALL, PUT));
        // stale from E − 80 s until E − 5 s: the window has only ~5 s fresh (< 50%)
        run(chain, EXPIRY + 1_000, t -> t < EXPIRY - 90_000 ? usd(10_000) : t < EXPIRY - 5_000 ? 0 : usd(10_500));
        assertTrue(eventsOf(LedgerEvent.OptionSettled.class).isEmpty());
        assertFalse(eventsOf(LedgerEvent.SettlementDelayed.class).isEmpty());
        run(chain, EXPIRY + 40_000, t -> usd(10_500));
        LedgerEvent.OptionSettled call = eventsOf(LedgerEvent.OptionSettled.class).stream()
                .filter(e -> e.seriesId().equals(CALL.id())).findFirst().orElseThrow();
        assertEquals(usd(10_500), call.settlementPriceUsd());
        assertEquals(500_000, call.coveragePpm());
    }

    @Test
    void aSettlementDeficitGoesThroughTheWaterfall() {
        // no block-end liquidation: the short's loss reaches settlement; Bob withdraws down to IM first
        Genesis genesis = OptionFixtures.genesis(OptionFixtures.plainOptions().build(), CALL, PUT)
                .withLimits(new LedgerLimits(20_000, 0, 1_000_000, 50, 5_000, 200_000));
        LedgerFixtures.Chain chain = open(genesis);
        long spare = chain.account(BOB).equityUsd() - chain.account(BOB).initialMarginUsd();
        accepted(chain.submit(chain.withdraw(BOB, spare - usd(1))));
        long bobCollateral = chain.collateral(BOB);
        run(chain, EXPIRY + 5_000, t -> t < EXPIRY - 100_000 ? usd(10_000) : usd(14_000));
        LedgerEvent.OptionSettled call = eventsOf(LedgerEvent.OptionSettled.class).stream()
                .filter(e -> e.seriesId().equals(CALL.id())).findFirst().orElseThrow();
        assertEquals(usd(4_000), call.payoffUsd());
        assertTrue(bobCollateral < usd(4_000), "Bob holds " + bobCollateral);
        LedgerEvent.InsuranceDraw draw = eventsOf(LedgerEvent.InsuranceDraw.class).get(0);
        assertEquals(BOB.publicKey(), draw.account());
        assertEquals(usd(4_000) - bobCollateral, draw.amountUsd());
        assertEquals(0, chain.collateral(BOB));
        assertTrue(chain.state.totals().cashConserved());
    }
}
