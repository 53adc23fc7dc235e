package io.ballast.core.ledger.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.LedgerBlock;
import io.ballast.core.ledger.LedgerFixtures.Chain;
import io.ballast.core.ledger.LedgerFixtures;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.RejectCode;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.math.Fixed;
import io.ballast.core.property.Gen;
import io.ballast.core.property.PropertyCheck;
import io.ballast.core.property.Seed;
import io.ballast.core.property.Seeds;
import io.ballast.core.property.Shrinker.Candidate;
import io.ballast.core.property.Shrinker;
import io.ballast.core.property.Tally;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Valid but extreme oracle prices (1 micro-USD up to MAX_PRICE_USD, jumps of 10x) on markets
 * without a practical OI cap: {@code Ledger.apply} never throws (an overflow is a rejection or a
 * skipped liquidation, never a halt), rejected transactions leave no trace, and every state's
 * snapshot restores to the same root.
 * Funding is off here: a funding-index overflow at block start is a documented known limit.
 */
class ExtremePricePropertiesTest {
    private static final List<KeyPair> TRADERS = Driver.TRADERS;

    private static final Tally TALLY = new Tally("extremePricesNeverHaltTheLedger");
    private static final String OVERFLOWED = "a valuation overflowed";

    /**
     * One try: the initial price, 2–4 traders' deposits and leverages (in thousandths, either side), and a path
     * of 2–6 prices, each the maximum, 1 micro-USD, a jump by ×10^e (e in −3..3, encoded as −1000 − e) or any
     * valid price; whether keepers try to liquidate after every price.
     */
    record Input(long initialPriceUsd, List<Integer> depositsUsd, List<Integer> leveragesMilli, List<Long> path,
                 boolean keepers) {
        static Input generate(Gen gen) {
            return new Input(gen.oneOfLongs(1_000L, 1_500_000L, 10_000_000_000L, 10_000_000_000_000L),
                    gen.list(2, 4, g -> g.intsWithBounds(1, 1_000_000)),
                    gen.list(2, 4, g -> g.intsWithBounds(-10_000, 10_000)),
                    gen.list(2, 6, Input::price),
                    gen.bool());
        }

        private static long price(Gen gen) {
            return switch (gen.weighted(3, 2, 2, 3)) {
                case 0 -> Units.MAX_PRICE_USD;
                case 1 -> 1L;
                case 2 -> -1_000L - gen.longs(-3, 3);
                default -> gen.longs(1, Units.MAX_PRICE_USD);
            };
        }

        /** Shorter price paths first (the shortest failing prefix), then fewer traders. */
        static final Shrinker<Input> SHRINKER = input -> {
            List<Candidate<Input>> out = new ArrayList<>(Shrinker.map(Shrinker.shorterLists(input.path(), 0, "prices"),
                    path -> new Input(input.initialPriceUsd(), input.depositsUsd(), input.leveragesMilli(), path, input.keepers())));
            out.addAll(Shrinker.map(Shrinker.shorterLists(input.depositsUsd(), 2, "deposits"),
                    d -> new Input(input.initialPriceUsd(), d, input.leveragesMilli(), input.path(), input.keepers())));
            out.addAll(Shrinker.map(Shrinker.shorterLists(input.leveragesMilli(), 2, "leverages"),
                    l -> new Input(input.initialPriceUsd(), input.depositsUsd(), l, input.path(), input.keepers())));
            return out;
        };
    }

    @ParameterizedTest(name = Seeds.NAME)
    @Seeds(tries = 1_000)
    void extremePricesNeverHaltTheLedger(Seed seed) {
        TALLY.record(PropertyCheck.checkWithCoverage(seed, Input::generate, Input.SHRINKER, ExtremePricePropertiesTest::run));
    }

    @AfterAll
    static void overflowsWereReached() {
        TALLY.requireAtLeast(Map.of(OVERFLOWED, 10.0));
    }

    private static Map<String, Boolean> run(Input input) {
        long initialPriceUsd = input.initialPriceUsd();
        List<Integer> depositsUsd = input.depositsUsd();
        List<Integer> leveragesMilli = input.leveragesMilli();
        List<Long> path = input.path();
        boolean keepers = input.keepers();
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
        return Map.of(OVERFLOWED, overflowed);
    }

    private static void check(Chain chain) {
        byte[] snapshot = chain.state.snapshot();
        LedgerState restored = LedgerState.restore(snapshot);
        assertEquals(chain.state.stateRoot(), restored.stateRoot(), "restored root at height " + chain.state.height());
        assertArrayEquals(snapshot, restored.snapshot());
    }
}
