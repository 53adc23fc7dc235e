package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.btc;
import static io.ballast.core.ledger.LedgerFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.LedgerFixtures.Chain;
import org.junit.jupiter.api.Test;

class TradingTest {
    private final KeyPair alice = LedgerFixtures.key("alice");
    private final KeyPair bob = LedgerFixtures.key("bob");
    private final KeyPair carol = LedgerFixtures.key("carol");

    private static TxEffect.Traded traded(Receipt receipt) {
        assertTrue(receipt.accepted(), receipt.toString());
        return (TxEffect.Traded) ((Receipt.Accepted) receipt).effect();
    }

    private static RejectCode code(Receipt receipt) {
        return ((Receipt.Rejected) receipt).code();
    }

    @Test
    void fillPriceIsIndexPlusSpreadPlusSkewImpact() {
        // base spread 0.1%; σ = 100 ppm/√s, k = 1; impact 100% at 2,000,000 USD of skew.
        MarketParams market = LedgerFixtures.simpleMarket().baseSpreadPpm(1_000).volatility(100, 1_000_000)
                .skewImpactScaleUsd(usd(2_000_000)).build();
        Chain chain = new Chain(LedgerFixtures.genesis(market));
        chain.recentFinalityMillis = 2_000;
        chain.block(chain.deposit(alice, usd(10_000)), chain.deposit(bob, usd(10_000)), chain.deposit(carol, usd(10_000)));
        // Block 2 at genesis + 2 s: index age 2,000 ms + finality 2,000 ms = 4 s → vol spread 100 × √4 = 200 ppm.
        // Spread = 1,000 + 200 = 1,200 ppm.
        BlockResult result = chain.block(chain.trade(alice, btc(2)), chain.trade(bob, -btc(1)), chain.trade(carol, -btc(3)));

        // Alice buys 2: skew after +2 BTC = 20,000 USD → impact 20,000 / 2,000,000 = 10,000 ppm.
        // price = 10,000 × (1 + 0.0112) = 10,112
        TxEffect.Traded a = traded(result.receipts().get(0));
        assertEquals(1_200, a.spreadPpm());
        assertEquals(10_000, a.impactPpm());
        assertEquals(usd(10_112), a.fillPriceUsd());
        // Bob sells 1: skew after +1 is still long, the sell reduces it → no impact: 10,000 × 0.9988 = 9,988
        TxEffect.Traded b = traded(result.receipts().get(1));
        assertEquals(0, b.impactPpm());
        assertEquals(usd(9_988), b.fillPriceUsd());
        // Carol sells 3: skew after −2 BTC on her side → impact 10,000 ppm: 10,000 × 0.9888 = 9,888
        TxEffect.Traded c = traded(result.receipts().get(2));
        assertEquals(usd(9_888), c.fillPriceUsd());

        MarketView view = chain.state.marketView(LedgerFixtures.BTC).orElseThrow();
        assertEquals(-btc(2), view.skewE8());
        assertEquals(btc(2), view.longOpenInterestE8());
        assertEquals(btc(4), view.shortOpenInterestE8());
        assertEquals(1_200, view.spreadPpm());
        assertEquals(200, view.volatilitySpreadPpm());
        // Alice's basis 20,224; at index 10,000 her unrealized PnL is −224.
        assertEquals(usd(-224), chain.account(alice).positions().get(0).unrealizedPnlUsd());
    }

    @Test
    void openInterestIsCappedPerSide() {
        Chain chain = new Chain(LedgerFixtures.genesis(LedgerFixtures.simpleMarket().maxOpenInterestE8(btc(5)).build()));
        chain.block(chain.deposit(alice, usd(100_000)), chain.deposit(bob, usd(100_000)));
        assertTrue(chain.submit(chain.trade(alice, btc(4))).accepted());
        assertEquals(RejectCode.OPEN_INTEREST_CAP, code(chain.submit(chain.trade(bob, btc(2)))));     // long 6 > 5
        chain.resetNonce(bob);
        assertEquals(RejectCode.OPEN_INTEREST_CAP, code(chain.submit(chain.trade(bob, -btc(6)))));    // short 6 > 5
        chain.resetNonce(bob);
        assertTrue(chain.submit(chain.trade(bob, -btc(5))).accepted());                               // short 5
        assertTrue(chain.submit(chain.trade(alice, -btc(4))).accepted(), "closing is never capped");
        assertEquals(RejectCode.OPEN_INTEREST_CAP, code(chain.submit(chain.trade(alice, -btc(1)))));  // short 6
    }

    @Test
    void realizedPnlOfPartialClosesIsExactToTheMicroUsd() {
        Chain chain = new Chain(LedgerFixtures.genesis());
        chain.block(chain.deposit(alice, usd(10_000)));
        chain.submit(chain.trade(alice, btc(3)));                     // basis 30,000.000000
        chain.setPrice(10_000_000_001L);                              // index 10,000.000001
        chain.submit(chain.trade(alice, 1));                          // 1e-8 BTC costs ceil(100.00000001) = 101 µUSD
        assertEquals(30_000_000_101L, chain.account(alice).positions().get(0).basisUsd());
        // Sell 1 of 3.00000001 BTC: released basis floor(30,000,000,101 × 1e8 / 300,000,001) = 10,000,000,000;
        // proceeds floor(1 × 10,000.000001) = 10,000,000,001 µ → realized +1 µUSD.
        assertEquals(1, traded(chain.submit(chain.trade(alice, -btc(1)))).realizedPnlUsd());
        // The rest: proceeds floor(2.00000001 × 10,000.000001) = 20,000,000,102; basis left 20,000,000,101 → +1.
        TxEffect.Traded close = traded(chain.submit(chain.close(alice)));
        assertEquals(1, close.realizedPnlUsd());
        assertEquals(0, close.positionAfterE8());
        // Total: proceeds 30,000,000,103 − cost 30,000,000,101 = 2 µUSD, exactly what the collateral gained.
        assertEquals(usd(10_000) + 2, chain.collateral(alice));
        assertEquals(usd(10_000_000) - 2, chain.state.poolCashUsd());
        assertEquals(0, chain.state.totals().traderUnrealizedPnlUsd());
    }

    @Test
    void closePositionWithoutPositionIsRejected() {
        Chain chain = new Chain(LedgerFixtures.genesis());
        chain.block(chain.deposit(alice, usd(100)));
        assertEquals(RejectCode.NO_POSITION, code(chain.submit(chain.close(alice))));
    }

    @Test
    void flippingAPositionChecksMarginOnTheNewSide() {
        Chain chain = new Chain(LedgerFixtures.genesis());
        chain.block(chain.deposit(alice, usd(1_000)));
        chain.submit(chain.trade(alice, btc(1)));
        // Selling 2 closes the long (realized 0) and opens 1 short: IM 1,000 = equity → allowed.
        TxEffect.Traded flip = traded(chain.submit(chain.trade(alice, -btc(2))));
        assertEquals(-btc(1), flip.positionAfterE8());
        assertEquals(-usd(10_000), chain.account(alice).positions().get(0).basisUsd());
        // A further short needs more margin.
        assertEquals(RejectCode.INSUFFICIENT_MARGIN, code(chain.submit(chain.trade(alice, -1))));
    }
}
