package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.btc;
import static io.ballast.core.ledger.LedgerFixtures.usd;
import static io.ballast.core.ledger.OptionFixtures.CALL_30D;
import static io.ballast.core.ledger.OptionFixtures.PUT_30D;
import static io.ballast.core.ledger.OptionFixtures.T0;
import static io.ballast.core.ledger.OptionFixtures.accepted;
import static io.ballast.core.ledger.OptionFixtures.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.options.BlackScholes;
import io.ballast.core.options.Greeks;
import io.ballast.core.options.OptionType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Option trades against the pool, listings, vol reports and every option rejection code (each leaves no trace). */
class OptionTradingTest {
    private static final KeyPair ALICE = LedgerFixtures.key("alice");
    private static final KeyPair BOB = LedgerFixtures.key("bob");

    private static LedgerFixtures.Chain funded(Genesis genesis) {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(genesis);
        chain.block(chain.deposit(ALICE, usd(20_000)), chain.deposit(BOB, usd(20_000)));
        return chain;
    }

    /** Applies {@code tx} alone and an empty block to a copy: the roots must agree, and the code must be {@code code}. */
    static void assertRejectedWithoutTrace(LedgerFixtures.Chain chain, SignedTransaction tx, RejectCode code) {
        LedgerState twin = chain.state.copy();
        long time = chain.state.timeMillis() + 1_000;
        BlockResult result = chain.blockAt(time, tx);
        BlockResult empty = new Ledger(SignatureCheck.verifyEveryTime()).apply(twin,
                new LedgerBlock(twin.height() + 1, time, chain.congestionPpm, chain.recentFinalityMillis, List.of()));
        assertEquals(code, OptionFixtures.rejected(result.receipts().get(0)), () -> ((Receipt.Rejected) result.receipts().get(0)).reason());
        assertEquals(empty.stateRoot(), result.stateRoot(), "a rejected " + code + " changed the state");
        if (tx.body() instanceof TxBody.Trade || tx.body() instanceof TxBody.ClosePosition || tx.body() instanceof TxBody.Liquidate) {
            chain.resetNonce(ALICE);
            chain.resetNonce(BOB);
        }
    }

    @Test
    void buyingACallPaysThePremiumAndSellingItBackRealizesThePnl() {
        LedgerFixtures.Chain chain = funded(OptionFixtures.standard());
        TxEffect.OptionTraded bought = (TxEffect.OptionTraded) accepted(chain.submit(trade(chain, ALICE, CALL_30D, btc(2)))).effect();
        long t = CALL_30D.expiryMillis() - chain.state.timeMillis();
        long mark = BlackScholes.priceUsd(OptionType.CALL, usd(10_000), usd(10_000), OptionFixtures.VOL, 0, t);
        assertEquals(mark, bought.markPriceUsd());
        assertEquals(mark, bought.fillPriceUsd()); // no spread in the plain options
        assertEquals(-2 * mark, bought.premiumUsd());
        assertEquals(usd(20_000) - 2 * mark, chain.collateral(ALICE));
        assertEquals(usd(10_000_000) + 2 * mark, chain.state.poolCashUsd());
        OptionPositionView position = chain.account(ALICE).optionPositions().get(0);
        assertEquals(CALL_30D.id(), position.seriesId());
        assertEquals(2 * mark, position.premiumBasisUsd());

        // the index rises to 10,500: the call is worth more; sell half at the new mark
        OptionFixtures.refresh(chain, usd(10_500), OptionFixtures.VOL);
        TxEffect.OptionTraded sold = (TxEffect.OptionTraded) accepted(chain.submit(trade(chain, ALICE, CALL_30D, -btc(1)))).effect();
        long later = BlackScholes.priceUsd(OptionType.CALL, usd(10_500), usd(10_000), OptionFixtures.VOL, 0,
                CALL_30D.expiryMillis() - chain.state.timeMillis());
        assertEquals(later, sold.fillPriceUsd());
        assertEquals(later, sold.premiumUsd());
        assertEquals(later - mark, sold.realizedPnlUsd());
        assertEquals(btc(1), sold.positionAfterE8());
        assertTrue(chain.state.totals().cashConserved());
    }

    @Test
    void theQuoteIsTheModelPriceWithTheLatencyAwareSpread() {
        // base 3% of the price, perp spread 500 ppm + σ√(age + finality) on the delta, floor 100 ppm of the index
        MarketParams perp = LedgerFixtures.simpleMarket().baseSpreadPpm(500).volatility(100, 1_000_000).build();
        OptionMarketParams options = OptionFixtures.plainOptions().spread(30_000, 100).build();
        LedgerFixtures.Chain chain = funded(OptionFixtures.genesis(perp, options, CALL_30D));
        chain.recentFinalityMillis = 3_000;
        OptionFixtures.refresh(chain, usd(10_000), OptionFixtures.VOL);
        chain.block(); // index now 1 s old; recent finality 3 s → σ√4 = 100 × 2 = 200 ppm
        OptionSeriesView view = chain.state.optionSeriesView(CALL_30D.id()).orElseThrow();
        Greeks g = view.greeks();
        long premiumPart = ceil(g.priceUsd() * 30_000L, 1_000_000);
        long deltaPart = ceil(Math.abs(g.deltaE8()) * usd(10_000) / Greeks.DELTA_SCALE * 700L, 1_000_000);
        long floorPart = usd(10_000) * 100 / 1_000_000;
        assertEquals(premiumPart + deltaPart + floorPart, view.halfSpreadUsd());
        assertEquals(g.priceUsd() + view.halfSpreadUsd(), view.askUsd());
        assertEquals(g.priceUsd() - view.halfSpreadUsd(), view.bidUsd());
        // by hand: price ≈ 571.4, delta ≈ 0.529: 17.14 + 3.70 + 1.00 ≈ 21.84 USD per unit
        assertEquals(21.84, view.halfSpreadUsd() / 1e6, 0.05);
        TxEffect.OptionTraded fill = (TxEffect.OptionTraded) accepted(chain.block(trade(chain, ALICE, CALL_30D, btc(1)))
                .receipts().get(0)).effect();
        assertTrue(fill.fillPriceUsd() > fill.markPriceUsd());
    }

    @Test
    void aVolReportInsideABlockRepricesTheTradesAfterIt() {
        LedgerFixtures.Chain chain = funded(OptionFixtures.standard());
        List<SignedTransaction> txs = new java.util.ArrayList<>();
        txs.add(trade(chain, ALICE, CALL_30D, btc(1)));
        txs.addAll(OptionFixtures.volReports(chain, 800_000));
        txs.add(trade(chain, BOB, CALL_30D, btc(1)));
        BlockResult result = chain.block(txs.toArray(new SignedTransaction[0]));
        long t = CALL_30D.expiryMillis() - chain.state.timeMillis();
        TxEffect.OptionTraded before = (TxEffect.OptionTraded) accepted(result.receipts().get(0)).effect();
        TxEffect.OptionTraded after = (TxEffect.OptionTraded) accepted(result.receipts().get(4)).effect();
        assertEquals(BlackScholes.priceUsd(OptionType.CALL, usd(10_000), usd(10_000), OptionFixtures.VOL, 0, t), before.markPriceUsd());
        assertEquals(BlackScholes.priceUsd(OptionType.CALL, usd(10_000), usd(10_000), 800_000, 0, t), after.markPriceUsd());
    }

    @Test
    void admissionKnowsTheNoncesOfVolReportsAndListings() {
        LedgerFixtures.Chain chain = funded(OptionFixtures.standard());
        SignedTransaction vol = OptionFixtures.volReports(chain, 600_000).get(0);
        assertEquals(-1, chain.state.lastUsedNonce(vol), "vol reports carry nonce 0 and are never stale by nonce");
        SignedTransaction listing = OptionFixtures.list(chain, OptionFixtures.series(T0 + 14 * OptionFixtures.DAY, usd(9_000),
                OptionType.PUT));
        assertEquals(chain.state.collateralAuthorityNonce(), chain.state.lastUsedNonce(listing));
        io.ballast.core.app.LedgerApplication app = new io.ballast.core.app.LedgerApplication(OptionFixtures.standard(), 100);
        assertTrue(app.checkTransaction(vol.encode()).valid(), "a vol report passes mempool admission");
        assertEquals(null, Admission.check(chain.state, listing), "the authority lists");
        KeyPair stranger = LedgerFixtures.key("stranger");
        SignedTransaction strangerVol = chain.signed(stranger, new TxBody.VolReport(LedgerFixtures.BTC, 600_000,
                chain.state.timeMillis() + 1_000));
        assertEquals(RejectCode.NOT_AUTHORIZED, Admission.check(chain.state, strangerVol).code());
        SignedTransaction strangerListing = chain.signed(ALICE, new TxBody.ListOption(LedgerFixtures.BTC,
                T0 + 14 * OptionFixtures.DAY, usd(9_000), OptionType.PUT, Units.SIZE_SCALE / 10));
        assertEquals(RejectCode.NOT_AUTHORIZED, Admission.check(chain.state, strangerListing).code());
    }

    @Test
    void listingAddsASeriesThatTradesAtOnce() {
        LedgerFixtures.Chain chain = funded(OptionFixtures.standard());
        OptionSeriesSpec spec = OptionFixtures.series(T0 + 14 * OptionFixtures.DAY, usd(9_000), OptionType.PUT);
        TxEffect.OptionListed listed = (TxEffect.OptionListed) accepted(chain.submit(OptionFixtures.list(chain, spec))).effect();
        assertEquals(spec.id(), listed.seriesId());
        assertEquals(3, listed.seriesNumber());
        assertTrue(spec.id().startsWith("BTC-2023112"), spec.id());
        accepted(chain.submit(trade(chain, ALICE, spec, -btc(1))));
        assertEquals(4, chain.state.optionMarketViews().get(0).series().size());
    }

    @Test
    void volReportsMoveTheVolIndexByTheOracleRule() {
        LedgerFixtures.Chain chain = funded(OptionFixtures.standard());
        // three operators: 40%, 60%, 900%. Median 60%, deviations 20, 0, 840 points, MAD 20: 900% is farther than
        // 3·MAD and dropped; the index is the median of 40% and 60% (the floor of their mean): 50%
        long now = chain.state.timeMillis() + 1_000;
        long[] vols = {400_000, 600_000, 9_000_000};
        SignedTransaction[] reports = new SignedTransaction[3];
        for (int i = 0; i < 3; i++) {
            reports[i] = SignedTransaction.sign(chain.state.chainId(), LedgerFixtures.ORACLES.get(i), 0,
                    new TxBody.VolReport(LedgerFixtures.BTC, vols[i], now));
        }
        chain.blockAt(now, reports);
        OptionMarketView market = chain.state.optionMarketViews().get(0);
        assertEquals(500_000, market.volIndexPpm());
        assertFalse(market.volStale());
    }

    @Test
    void everyOptionRejectionLeavesNoTrace() {
        OptionMarketParams capped = OptionFixtures.plainOptions().maxOpenInterestE8(btc(5)).build();
        Genesis genesis = LedgerFixtures.genesis().withOptions(new OptionsConfig(List.of(capped),
                List.of(CALL_30D, PUT_30D), 3, 1, 0));
        LedgerFixtures.Chain chain = funded(genesis);
        OptionSeriesSpec third = OptionFixtures.series(T0 + 14 * OptionFixtures.DAY, usd(9_000), OptionType.PUT);
        // LOT_SIZE: 0.05 is not a multiple of 0.1
        assertRejectedWithoutTrace(chain, trade(chain, ALICE, CALL_30D, btc(1) / 20), RejectCode.LOT_SIZE);
        // OPEN_INTEREST_CAP: 6 > 5 per side
        assertRejectedWithoutTrace(chain, trade(chain, ALICE, CALL_30D, btc(6)), RejectCode.OPEN_INTEREST_CAP);
        // INSUFFICIENT_COLLATERAL: 5 calls cost ~2,857 > 20,000? no: 1,000 puts would; use the cap-sized buy of a poor account
        KeyPair poor = LedgerFixtures.key("poor");
        accepted(chain.submit(chain.deposit(poor, usd(100))));
        assertRejectedWithoutTrace(chain, trade(chain, poor, CALL_30D, btc(1)), RejectCode.INSUFFICIENT_COLLATERAL);
        chain.resetNonce(poor);
        // INSUFFICIENT_MARGIN: selling 5 calls needs ~5 × 595 IM on 100 USD
        assertRejectedWithoutTrace(chain, trade(chain, poor, CALL_30D, -btc(5)), RejectCode.INSUFFICIENT_MARGIN);
        chain.resetNonce(poor);
        // PRICE_LIMIT
        assertRejectedWithoutTrace(chain, chain.trade(ALICE, CALL_30D.id(), btc(1), usd(1)), RejectCode.PRICE_LIMIT);
        // TOO_MANY_POSITIONS: one option position per account in this genesis
        accepted(chain.submit(trade(chain, ALICE, CALL_30D, btc(1))));
        assertRejectedWithoutTrace(chain, trade(chain, ALICE, PUT_30D, btc(1)), RejectCode.TOO_MANY_POSITIONS);
        // UNKNOWN_MARKET: a well-formed id nobody listed
        assertRejectedWithoutTrace(chain, trade(chain, BOB, third, btc(1)), RejectCode.UNKNOWN_MARKET);
        // DUPLICATE_SERIES, OUT_OF_RANGE (expiry inside the settlement window), TOO_MANY_SERIES (3 live)
        assertRejectedWithoutTrace(chain, OptionFixtures.list(chain, CALL_30D), RejectCode.DUPLICATE_SERIES);
        chain.resetAuthorityNonce();
        OptionSeriesSpec soon = OptionFixtures.series((chain.state.timeMillis() / 60_000 + 1) * 60_000, usd(9_000), OptionType.PUT);
        assertRejectedWithoutTrace(chain, OptionFixtures.list(chain, soon), RejectCode.OUT_OF_RANGE);
        chain.resetAuthorityNonce();
        accepted(chain.submit(OptionFixtures.list(chain, third)));
        OptionSeriesSpec fourth = OptionFixtures.series(T0 + 21 * OptionFixtures.DAY, usd(9_000), OptionType.PUT);
        assertRejectedWithoutTrace(chain, OptionFixtures.list(chain, fourth), RejectCode.TOO_MANY_SERIES);
        chain.resetAuthorityNonce();
        // NOT_AUTHORIZED: a listing signed by a trader
        assertRejectedWithoutTrace(chain, chain.signed(BOB, new TxBody.ListOption(LedgerFixtures.BTC, fourth.expiryMillis(),
                fourth.strikeUsd(), OptionType.PUT, btc(1))), RejectCode.NOT_AUTHORIZED);
        // OPTIONS_DISABLED: vol report for a market without options
        Genesis twoMarkets = LedgerFixtures.genesis(LedgerFixtures.simpleMarket().build(),
                LedgerFixtures.simpleMarket().id("ETH-PERP").build()).withOptions(OptionsConfig.of(List.of(capped), List.of(CALL_30D)));
        LedgerFixtures.Chain other = funded(twoMarkets);
        assertRejectedWithoutTrace(other, SignedTransaction.sign(other.state.chainId(), LedgerFixtures.ORACLES.get(0), 0,
                new TxBody.VolReport("ETH-PERP", 500_000, other.state.timeMillis() + 1_000)), RejectCode.OPTIONS_DISABLED);
        assertRejectedWithoutTrace(other, SignedTransaction.sign(other.state.chainId(), LedgerFixtures.ORACLES.get(0), 0,
                new TxBody.VolReport(LedgerFixtures.BTC, 0, other.state.timeMillis() + 1_000)), RejectCode.OUT_OF_RANGE);
    }

    @Test
    void safeModeAllowsOnlyRiskReducingOptionTrades() {
        LedgerFixtures.Chain chain = funded(OptionFixtures.standard());
        accepted(chain.submit(trade(chain, ALICE, CALL_30D, btc(2))));
        // vol reports age out (60 s) while prices stay fresh: STALE_VOLATILITY for opening, closing allowed
        for (int i = 0; i < 7; i++) {
            chain.blockAt(chain.state.timeMillis() + 9_000, chain.reports(LedgerFixtures.BTC, usd(10_000)).toArray(new SignedTransaction[0]));
        }
        assertTrue(chain.state.optionMarketViews().get(0).volStale());
        assertRejectedWithoutTrace(chain, trade(chain, BOB, CALL_30D, btc(1)), RejectCode.STALE_VOLATILITY);
        accepted(chain.submit(trade(chain, ALICE, CALL_30D, -btc(1))));
        // prices age out too: STALE_INDEX for opening
        chain.blockAt(chain.state.timeMillis() + 20_000);
        assertRejectedWithoutTrace(chain, trade(chain, BOB, PUT_30D, -btc(1)), RejectCode.STALE_INDEX);
        accepted(chain.submit(chain.close(ALICE, CALL_30D.id())));
    }

    @Test
    void expiredSeriesDoNotTrade() {
        OptionSeriesSpec shortLived = OptionFixtures.series(T0 + 120_000, usd(10_000), OptionType.CALL);
        LedgerFixtures.Chain chain = funded(OptionFixtures.genesis(OptionFixtures.plainOptions().build(), shortLived));
        for (int i = 0; i < 20; i++) {
            OptionFixtures.refresh(chain, usd(10_000), OptionFixtures.VOL);
            chain.blockAt(chain.state.timeMillis() + 8_000);
        }
        assertTrue(chain.state.timeMillis() > shortLived.expiryMillis());
        // settled and removed: an unknown series now
        assertRejectedWithoutTrace(chain, trade(chain, ALICE, shortLived, btc(1)), RejectCode.UNKNOWN_MARKET);
    }

    private static long ceil(long numerator, long denominator) {
        return -Math.floorDiv(-numerator, denominator);
    }
}
