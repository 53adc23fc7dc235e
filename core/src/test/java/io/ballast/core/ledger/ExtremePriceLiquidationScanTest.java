package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
 * Regressions at an index where a position's value no longer fits 64 bits (a valid oracle price,
 * ≤ MAX_PRICE_USD, on a market without a practical OI cap):
 * <ul>
 *   <li>the block-end liquidation scan valued every account outside the overflow guard, so
 *       {@code Ledger.apply} threw ArithmeticException after the transactions had been applied,
 *       halting the chain on oracle content and leaving the state half-applied;</li>
 *   <li>{@code LedgerState.restore} cross-checked a snapshot with {@code totals()}, which values every
 *       position, so the snapshot of such a state could not be restored.</li>
 * </ul>
 */
class ExtremePriceLiquidationScanTest {
    private final KeyPair alice = LedgerFixtures.key("alice");
    private final KeyPair bob = LedgerFixtures.key("bob");
    private final KeyPair keeper = LedgerFixtures.key("keeper");

    /** A 1.50 USD market; alice long and bob short 400,000 units (600,000 USD each). */
    private Chain chainWithBigPositions() {
        MarketParams market = LedgerFixtures.simpleMarket().initialIndexPriceUsd(1_500_000)
                .maxOpenInterestE8(Long.MAX_VALUE / 4).build();
        Chain chain = new Chain(LedgerFixtures.genesis(market));
        chain.block(chain.deposit(alice, usd(60_000)), chain.deposit(bob, usd(60_000)), chain.deposit(keeper, usd(10)));
        assertTrue(chain.submit(chain.trade(alice, 400_000L * Units.SIZE_SCALE)).accepted());
        assertTrue(chain.submit(chain.trade(bob, -400_000L * Units.SIZE_SCALE)).accepted());
        return chain;
    }

    @Test
    void anIndexAtTheMaximumPriceDoesNotHaltTheBlockEndScan() {
        Chain chain = chainWithBigPositions();
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

    @Test
    void theSnapshotOfAStateAtAnExtremeIndexRestores() {
        Chain chain = chainWithBigPositions();
        chain.setPrice(Units.MAX_PRICE_USD);
        byte[] snapshot = chain.state.snapshot();
        LedgerState restored = assertDoesNotThrow(() -> LedgerState.restore(snapshot));
        assertEquals(chain.state.stateRoot(), restored.stateRoot());
        assertArrayEquals(snapshot, restored.snapshot());
    }
}
