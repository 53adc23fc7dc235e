package io.ballast.core.ledger.optionprops;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.AccountView;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.LedgerFixtures;
import io.ballast.core.ledger.OptionFixtures;
import io.ballast.core.ledger.OptionSeriesSpec;
import io.ballast.core.ledger.OptionsConfig;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Two accounts trading the same random book, one at k times the other's sizes (k = 2 or 3), with
 * ample collateral and caps so neither is ever refused or liquidated; prices and vol move between
 * blocks. The checker sees both accounts after every block.
 */
final class ScaledBooks {
    interface Checker {
        void check(AccountView small, AccountView big, int k, String at);
    }

    private final long seed;
    private final Random random;

    ScaledBooks(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    void run(Checker checker) {
        List<OptionSeriesSpec> series = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            OptionSeriesSpec s = OptionSession.randomSeries(random, OptionFixtures.T0 + 3_600_000);
            if (series.stream().noneMatch(x -> x.id().equals(s.id()))) {
                series.add(s);
            }
        }
        Genesis genesis = LedgerFixtures.genesis(LedgerFixtures.simpleMarket().maxOpenInterestE8(LedgerFixtures.btc(1_000_000)).build())
                .withFunds(0, LedgerFixtures.usd(1_000_000_000)).withOptions(new OptionsConfig(List.of(OptionFixtures.plainOptions()
                        .maxOpenInterestE8(LedgerFixtures.btc(1_000_000))
                        .volShocks(random.nextBoolean() ? 450_000 : 0, random.nextBoolean() ? 300_000 : 0)
                        .extremeMoves(3_000_000, random.nextBoolean() ? 330_000 : 0)
                        .scanSteps(1 + random.nextInt(3)).shortOptionFloorPpm(random.nextInt(3) * 5_000).build()),
                        series, 8, 8, 0));
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(genesis);
        KeyPair small = LedgerFixtures.key("small-book");
        KeyPair big = LedgerFixtures.key("big-book");
        int k = 2 + random.nextInt(2);
        chain.block(chain.deposit(small, LedgerFixtures.usd(10_000_000)), chain.deposit(big, LedgerFixtures.usd(30_000_000)));
        long price = LedgerFixtures.usd(10_000);
        long vol = OptionFixtures.VOL;
        for (int b = 0; b < 40; b++) {
            price = Math.max(LedgerFixtures.usd(5_000), (long) (price * (1 + random.nextGaussian() * 0.02)));
            vol = Math.max(100_000, (long) (vol * (1 + random.nextGaussian() * 0.05)));
            List<SignedTransaction> txs = new ArrayList<>(chain.reports(LedgerFixtures.BTC, price));
            txs.addAll(OptionFixtures.volReports(chain, vol));
            int trades = random.nextInt(3);
            for (int t = 0; t < trades; t++) {
                boolean perp = random.nextInt(4) == 0;
                OptionSeriesSpec s = series.get(random.nextInt(series.size()));
                long unit = perp ? Units.SIZE_SCALE / 10 : s.contractSizeE8();
                long size = (1 + random.nextInt(30)) * unit * (random.nextBoolean() ? 1 : -1);
                String market = perp ? LedgerFixtures.BTC : s.id();
                long limit = size > 0 ? Units.MAX_PRICE_USD : perp ? 1 : 0;
                txs.add(chain.trade(small, market, size, limit));
                txs.add(chain.trade(big, market, k * size, limit));
            }
            BlockResult result = chain.block(txs.toArray(new SignedTransaction[0]));
            for (Receipt receipt : result.receipts()) {
                if (receipt instanceof Receipt.Rejected r) {
                    throw new IllegalStateException("seed " + seed + ": the scaled books must never be refused: " + r.code() + " "
                            + r.reason());
                }
            }
            if (!result.endEvents().isEmpty()) {
                throw new IllegalStateException("seed " + seed + ": the scaled books must never be liquidated");
            }
            checker.check(chain.account(small), chain.account(big), k, "seed " + seed + " (ScaledBooks) block " + b);
        }
    }
}
