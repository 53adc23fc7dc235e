package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.LedgerFixtures.Chain;
import io.ballast.core.ledger.tx.SignedTransaction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regression: the block-end liquidation scan valued every account outside the overflow guard, so
 * a valid oracle price (≤ MAX_PRICE_USD) that makes one position's value exceed 64 bits threw an
 * ArithmeticException out of {@code Ledger.apply}, halting the chain on oracle content and leaving
 * the state half-applied. The account is now skipped for the block, as an overflowing liquidation is.
 */
class ExtremePriceLiquidationScanTest {
    private final KeyPair alice = LedgerFixtures.key("alice");
    private final KeyPair bob = LedgerFixtures.key("bob");
    private final KeyPair keeper = LedgerFixtures.key("keeper");

    @Test
    void anIndexAtTheMaximumPriceDoesNotHaltTheBlockEndScan() {
        // a 1.50 USD market with no practical OI cap: 400,000 units is a 600,000 USD position
        MarketParams market = LedgerFixtures.simpleMarket().initialIndexPriceUsd(1_500_000)
                .maxOpenInterestE8(Long.MAX_VALUE / 4).build();
        Chain chain = new Chain(LedgerFixtures.genesis(market));
        chain.block(chain.deposit(alice, usd(60_000)), chain.deposit(bob, usd(60_000)), chain.deposit(keeper, usd(10)));
        assertTrue(chain.submit(chain.trade(alice, 400_000L * Units.SIZE_SCALE)).accepted());
        assertTrue(chain.submit(chain.trade(bob, -400_000L * Units.SIZE_SCALE)).accepted());

        // every operator reports the largest accepted price: 400,000 × 1e9 USD does not fit in micro-USD
        List<SignedTransaction> txs = new ArrayList<>(chain.reports(LedgerFixtures.BTC, Units.MAX_PRICE_USD));
        txs.add(chain.liquidate(keeper, bob));
        BlockResult result = assertDoesNotThrow(() -> chain.block(txs.toArray(new SignedTransaction[0])));
        assertEquals(RejectCode.OVERFLOW, assertInstanceOf(Receipt.Rejected.class, result.receipts().get(3)).code());
        assertTrue(result.endEvents().isEmpty(), "no liquidation can be valued at this index: " + result.endEvents());
        assertEquals(Units.MAX_PRICE_USD, chain.state.marketView(LedgerFixtures.BTC).orElseThrow().indexPriceUsd());

        // back to a sane price, 1.70 USD: bob's short has lost 0.20 × 400,000 = 80,000 > his 60,000 and
        // the chain liquidates him at block end as usual
        BlockResult back = chain.setPrice(1_700_000);
        assertTrue(back.endEvents().stream().anyMatch(e -> e instanceof LedgerEvent.PositionLiquidated p
                && p.account().equals(bob.publicKey())), back.endEvents().toString());
        AccountView bobAfter = chain.account(bob);
        assertTrue(bobAfter.positions().isEmpty());
        assertFalse(bobAfter.liquidatable());
        assertTrue(chain.state.totals().cashConserved());
    }
}
