package io.ballast.core.ledger.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.LedgerBlock;
import io.ballast.core.ledger.LedgerFixtures;
import io.ballast.core.ledger.LedgerFixtures.Chain;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.RejectCode;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.math.Fixed;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Valid but extreme oracle prices (1 micro-USD up to MAX_PRICE_USD, jumps of 10x) on markets
 * without a practical OI cap: {@code Ledger.apply} never throws (an overflow is a rejection or a
 * skipped liquidation, never a halt), rejected transactions leave no trace, and every state's
 * snapshot restores to the same root.
 * Funding is off here: a funding-index overflow at block start is a documented known limit.
 */
class ExtremePricePropertiesTest {
    private static final List<KeyPair> TRADERS = Driver.TRADERS;

    @Provide
    Arbitrary<List<Long>> pricePaths() {
        Arbitrary<Long> price = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Units.MAX_PRICE_USD)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(1L)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(-3, 3).map(e -> -1_000L - e)), // ×10^e, encoded
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(1, Units.MAX_PRICE_USD)
                        .withDistribution(RandomDistribution.uniform())));
        return price.list().ofMinSize(2).ofMaxSize(6);
    }

    @Provide
    Arbitrary<Long> initialPrices() {
        return Arbitraries.of(1_000L, 1_500_000L, 10_000_000_000L, 10_000_000_000_000L);
    }

    @Property
    void extremePricesNeverHaltTheLedger(@ForAll("initialPrices") long initialPriceUsd,
                                         @ForAll @Size(min = 2, max = 4) List<@IntRange(min = 1, max = 1_000_000) Integer> depositsUsd,
                                         @ForAll @Size(min = 2, max = 4) List<@IntRange(min = -10_000, max = 10_000) Integer> leveragesMilli,
                                         @ForAll("pricePaths") List<Long> path,
                                         @ForAll boolean keepers) {
        MarketParams market = LedgerFixtures.simpleMarket()
                .baseSpreadPpm(300).volatility(50, 1_000_000).skewImpactScaleUsd(1_000_000_000L * Units.USD_SCALE)
                .funding(60_000, 0, 0)
                .liquidationSlippage(1_000, 100_000, 5_000, 50_000)
                .maxOpenInterestE8(Long.MAX_VALUE / 4)
                .initialIndexPriceUsd(initialPriceUsd)
                .build();
        Chain chain = new Chain(LedgerFixtures.genesis(market).withFunds(1_000 * Units.USD_SCALE, 100_000 * Units.USD_SCALE));
        int n = Math.min(depositsUsd.size(), leveragesMilli.size());
        List<SignedTransaction> txs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            txs.add(chain.deposit(TRADERS.get(i), depositsUsd.get(i) * Units.USD_SCALE));
        }
        List<BlockResult> results = new ArrayList<>();
        results.add(chain.block(txs.toArray(new SignedTransaction[0])));
        txs.clear();
        for (int i = 0; i < n; i++) {
            long notional = Fixed.mulDiv(depositsUsd.get(i) * Units.USD_SCALE, Math.abs(leveragesMilli.get(i)), 1_000);
            long size = Math.max(1, Math.min(Units.MAX_SIZE_E8, Fixed.mulDiv(notional, Units.SIZE_SCALE, initialPriceUsd)));
            txs.add(chain.trade(TRADERS.get(i), leveragesMilli.get(i) < 0 ? -size : size));
        }
        results.add(chain.block(txs.toArray(new SignedTransaction[0])));
        check(chain);

        long price = initialPriceUsd;
        for (long step : path) {
            if (step <= -997 && step >= -1_003) { // ×10^e
                int e = (int) (-1_000 - step);
                for (int k = 0; k < Math.abs(e); k++) {
                    price = e > 0 ? Math.min(Units.MAX_PRICE_USD, price * 10) : Math.max(1, price / 10);
                }
            } else {
                price = step;
            }
            txs.clear();
            txs.addAll(chain.reports(LedgerFixtures.BTC, price));
            if (keepers) {
                for (int i = 0; i < n; i++) {
                    txs.add(chain.liquidate(TRADERS.get(i), TRADERS.get((i + 1) % n)));
                    chain.resetNonce(TRADERS.get(i)); // a rejected liquidation does not consume the nonce
                }
            }
            LedgerState before = chain.state.copy();
            BlockResult result = chain.block(txs.toArray(new SignedTransaction[0])); // must not throw
            results.add(result);
            check(chain);
            // the rejected ones (overflowing keeper liquidations among them) left no trace
            List<SignedTransaction> kept = result.receipts().stream().filter(Receipt::accepted).map(Receipt::transaction).toList();
            if (kept.size() < result.receipts().size()) {
                LedgerBlock last = chain.history.get(chain.history.size() - 1);
                BlockResult without = chain.ledger.apply(before, new LedgerBlock(last.height(), last.timeMillis(),
                        last.congestionPpm(), last.recentFinalityMillis(), kept));
                assertEquals(result.stateRoot(), without.stateRoot(), "root without the rejected transactions");
                assertEquals(result.endEvents(), without.endEvents(), "block-end events without the rejected transactions");
            }
        }
        boolean overflowed = false;
        for (BlockResult result : results) {
            for (Receipt receipt : result.receipts()) {
                overflowed |= receipt instanceof Receipt.Rejected r && r.code() == RejectCode.OVERFLOW;
            }
        }
        for (Bytes32 key : chain.state.accountKeys()) {
            try {
                chain.state.accountView(key);
            } catch (ArithmeticException valuationOverflow) {
                overflowed = true;
            }
        }
        Statistics.label("a valuation overflowed").collect(overflowed);
        Statistics.label("a valuation overflowed").coverage(c -> c.check(true).percentage(p -> p >= 10));
    }

    private static void check(Chain chain) {
        byte[] snapshot = chain.state.snapshot();
        LedgerState restored = LedgerState.restore(snapshot);
        assertEquals(chain.state.stateRoot(), restored.stateRoot(), "restored root at height " + chain.state.height());
        assertArrayEquals(snapshot, restored.snapshot());
    }
}
