package io.ballast.core.ledger.optionprops;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.AccountView;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.Ledger;
import io.ballast.core.ledger.LedgerBlock;
import io.ballast.core.ledger.LedgerFixtures;
import io.ballast.core.ledger.LedgerLimits;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.OptionFixtures;
import io.ballast.core.ledger.OptionMarketParams;
import io.ballast.core.ledger.OptionSeriesSpec;
import io.ballast.core.ledger.OptionSeriesView;
import io.ballast.core.ledger.OptionsConfig;
import io.ballast.core.ledger.OptionPositionView;
import io.ballast.core.ledger.SignatureCheck;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.options.OptionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded random market session with options, for the property tests (no property-testing
 * library: one {@link Random} per seed, and every assertion message names the seed, which replays
 * it exactly). Draws a genesis (spreads, vol shocks, floor, extremes, guard band, settlement window,
 * limits, 1–4 series expiring within the session or later), 3–6 traders with 500–50,000 USD, and
 * 60–160 blocks of: option and perp trades (opening, hedging, closing, flipping), listings, vol and
 * price reports (walks, jumps, outliers, silence long enough for safe mode and delayed settlement),
 * withdrawals, keeper liquidations, and deliberately invalid transactions of every option reject code.
 */
final class OptionSession {
    static final int MAX_TRADERS = 6;

    final long seed;
    final Random random;
    final Genesis genesis;
    final LedgerState state;
    final Ledger ledger = new Ledger(SignatureCheck.verifyEveryTime());
    final List<KeyPair> traders = new ArrayList<>();
    final List<LedgerBlock> blocks = new ArrayList<>();
    final List<BlockResult> results = new ArrayList<>();
    private final long[] nonces = new long[MAX_TRADERS];
    private long authorityNonce;
    private long priceUsd = LedgerFixtures.usd(10_000);
    private long volPpm;
    private final long[] lastReportMillis = new long[3];
    private final long[] lastVolMillis = new long[3];
    private final int blockCount;
    /** Net deposits the session made (genesis funds + deposits − withdrawals accepted). */
    long externalNetUsd;

    OptionSession(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
        this.genesis = genesis(random);
        this.state = LedgerState.fromGenesis(genesis);
        this.volPpm = OptionFixtures.VOL;
        this.blockCount = 60 + random.nextInt(100);
        this.externalNetUsd = genesis.insuranceFundUsd() + genesis.poolLiquidityUsd();
        java.util.Arrays.fill(lastReportMillis, genesis.genesisTimeMillis());
        java.util.Arrays.fill(lastVolMillis, genesis.genesisTimeMillis());
        int count = 3 + random.nextInt(MAX_TRADERS - 2);
        for (int i = 0; i < count; i++) {
            traders.add(LedgerFixtures.key("option-trader-" + i));
        }
    }

    private static Genesis genesis(Random random) {
        MarketParams perp = LedgerFixtures.simpleMarket()
                .baseSpreadPpm(random.nextInt(3) * 300)
                .volatility(random.nextInt(3) * 100, 1_000_000)
                .liquidationSlippage(1_000, 10_000, 5_000, 30_000)
                .build();
        OptionMarketParams options = OptionFixtures.plainOptions()
                .spread(random.nextInt(3) * 10_000, random.nextInt(3) * 100)
                .volShocks(random.nextBoolean() ? 450_000 : 0, random.nextBoolean() ? 300_000 : 0)
                .extremeMoves(3_000_000, random.nextBoolean() ? 330_000 : 0)
                .scanSteps(1 + random.nextInt(3))
                .shortOptionFloorPpm(random.nextInt(3) * 5_000)
                .liquidationFeePpmOfIndex(random.nextInt(2) * 1_000)
                .liquidationGuard(random.nextBoolean() ? 3_000_000 : 0, random.nextBoolean() ? 100_000 : 0)
                .settlement(20_000 + random.nextInt(60_000), 300_000 + random.nextInt(700_001))
                .maxOpenInterestE8(LedgerFixtures.btc(50 + random.nextInt(500)))
                .build();
        List<OptionSeriesSpec> series = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            series.add(randomSeries(random, OptionFixtures.T0));
        }
        series = series.stream().distinct().toList();
        java.util.Set<String> ids = new java.util.HashSet<>();
        series = series.stream().filter(s -> ids.add(s.id())).toList();
        LedgerLimits limits = new LedgerLimits(20_000, random.nextInt(4) == 0 ? 1 : 20, 1_000_000, 1 + random.nextInt(5),
                5_000, 200_000);
        MarketParams eth = LedgerFixtures.simpleMarket().id("ETH-PERP").initialIndexPriceUsd(LedgerFixtures.usd(3_000)).build();
        return LedgerFixtures.genesis(perp, eth).withLimits(limits).withFunds(LedgerFixtures.usd(random.nextInt(3) * 10_000),
                LedgerFixtures.usd(2_000_000)).withOptions(new OptionsConfig(List.of(options), series, 6,
                2 + random.nextInt(4), random.nextInt(3) * 20_000));
    }

    /** Expiry 2–10 minutes after {@code from} (inside the session) or 5–60 days (outlives it); strike 8,000–12,000. */
    static OptionSeriesSpec randomSeries(Random random, long fromMillis) {
        long minute = 60_000;
        long expiry = random.nextBoolean() ? (fromMillis / minute + 2 + random.nextInt(9)) * minute
                : (fromMillis / minute + (5 + random.nextInt(56)) * 1_440L) * minute;
        long strike = LedgerFixtures.usd(8_000 + 500L * random.nextInt(9));
        long contract = random.nextBoolean() ? Units.SIZE_SCALE / 10 : Units.SIZE_SCALE / 100;
        return new OptionSeriesSpec(LedgerFixtures.BTC, expiry, strike, random.nextBoolean() ? OptionType.CALL : OptionType.PUT,
                contract);
    }

    /** Observer of each block: the state before (a copy, only if asked for), the block and its result. */
    interface Observer {
        void after(LedgerState before, LedgerBlock block, BlockResult result);
    }

    OptionSession run(Observer observer, boolean copyBefore) {
        List<SignedTransaction> funding = new ArrayList<>();
        for (KeyPair trader : traders) {
            long amount = LedgerFixtures.usd(500 + random.nextInt(50_000));
            funding.add(authority(new TxBody.Deposit(trader.publicKey(), amount)));
            externalNetUsd += amount;
        }
        apply(new LedgerBlock(1, state.timeMillis() + 1_000, 0, 0, funding), observer, copyBefore);
        for (int b = 0; b < blockCount; b++) {
            apply(nextBlock(), observer, copyBefore);
        }
        return this;
    }

    private void apply(LedgerBlock block, Observer observer, boolean copyBefore) {
        LedgerState before = copyBefore ? state.copy() : null;
        BlockResult result = ledger.apply(state, block);
        blocks.add(block);
        results.add(result);
        for (io.ballast.core.ledger.Receipt receipt : result.receipts()) {
            if (receipt instanceof io.ballast.core.ledger.Receipt.Accepted ok) {
                SignedTransaction tx = ok.transaction();
                if (tx.body() instanceof TxBody.Withdraw w) {
                    externalNetUsd -= w.amountUsd();
                }
            } else {
                resync(receipt.transaction());
            }
        }
        observer.after(before, block, result);
    }

    private void resync(SignedTransaction tx) {
        if (tx.signer().equals(LedgerFixtures.AUTHORITY.publicKey())) {
            authorityNonce = state.collateralAuthorityNonce();
            return;
        }
        for (int i = 0; i < traders.size(); i++) {
            if (traders.get(i).publicKey().equals(tx.signer())) {
                nonces[i] = state.nonceOf(tx.signer());
            }
        }
    }

    private LedgerBlock nextBlock() {
        int gapDraw = random.nextInt(20);
        long dt = gapDraw == 0 ? 15_000 + random.nextInt(60_000) : gapDraw < 3 ? 5_000 : 1_000;
        long time = state.timeMillis() + dt;
        List<SignedTransaction> txs = new ArrayList<>();
        if (random.nextInt(12) != 0) { // prices: a walk, sometimes a jump; sometimes silence
            double move = random.nextGaussian() * 0.01 + (random.nextInt(25) == 0 ? (random.nextBoolean() ? 0.12 : -0.12) : 0);
            priceUsd = Math.max(LedgerFixtures.usd(1_000), (long) (priceUsd * (1 + move)));
            int reporters = 1 + random.nextInt(3);
            for (int o = 0; o < reporters; o++) {
                long ts = Math.max(lastReportMillis[o] + 1, time - random.nextInt(500));
                lastReportMillis[o] = ts;
                long p = random.nextInt(30) == 0 ? priceUsd * 3 : priceUsd; // an outlier now and then
                txs.add(SignedTransaction.sign(state.chainId(), LedgerFixtures.ORACLES.get(o), 0,
                        new TxBody.OracleReport(LedgerFixtures.BTC, p, ts)));
            }
        }
        if (random.nextInt(4) == 0) { // vol: drifts and jumps
            volPpm = Math.max(50_000, Math.min(3_000_000, (long) (volPpm * (random.nextInt(10) == 0 ? 1.8 : 1 + random.nextGaussian() * 0.05))));
            for (int o = 0; o < 3; o++) {
                long ts = Math.max(lastVolMillis[o] + 1, time);
                lastVolMillis[o] = ts;
                txs.add(SignedTransaction.sign(state.chainId(), LedgerFixtures.ORACLES.get(o), 0,
                        new TxBody.VolReport(LedgerFixtures.BTC, volPpm, ts)));
            }
        }
        int ops = random.nextInt(6);
        for (int i = 0; i < ops; i++) {
            SignedTransaction tx = op(time);
            if (tx != null) {
                txs.add(tx);
            }
        }
        java.util.Collections.shuffle(txs, random); // reports and trades interleave, as in real blocks
        return new LedgerBlock(state.height() + 1, time, random.nextInt(3) == 0 ? random.nextInt(1_000_001) : 0,
                random.nextInt(5_000), txs);
    }

    private SignedTransaction op(long time) {
        int actor = random.nextInt(traders.size());
        KeyPair trader = traders.get(actor);
        List<OptionSeriesView> series = state.optionMarketViews().get(0).series();
        AccountView view = state.accountView(trader.publicKey()).orElse(null);
        int kind = random.nextInt(100);
        if (kind < 40 && !series.isEmpty()) { // option trade
            OptionSeriesView s = series.get(random.nextInt(series.size()));
            long lots = 1 + random.nextInt(random.nextInt(10) == 0 ? 400 : 40);
            long size = lots * s.contractSizeE8() * (random.nextBoolean() ? 1 : -1);
            return sign(actor, new TxBody.Trade(s.id(), size, size > 0 ? Units.MAX_PRICE_USD : 0));
        }
        if (kind < 55) { // perp trade (a hedge or a bet)
            long size = (1 + random.nextInt(200)) * Units.SIZE_SCALE / 100 * (random.nextBoolean() ? 1 : -1);
            return sign(actor, new TxBody.Trade(LedgerFixtures.BTC, size, size > 0 ? Units.MAX_PRICE_USD : 1));
        }
        if (kind < 65 && view != null && !view.optionPositions().isEmpty()) {
            OptionPositionView p = view.optionPositions().get(random.nextInt(view.optionPositions().size()));
            return sign(actor, new TxBody.ClosePosition(p.seriesId(), p.sizeE8() > 0 ? 0 : Units.MAX_PRICE_USD));
        }
        if (kind < 70 && view != null && view.collateralUsd() > Units.USD_SCALE) {
            return sign(actor, new TxBody.Withdraw(1 + (long) (view.collateralUsd() * random.nextDouble() * 0.3)));
        }
        if (kind < 75) { // keeper liquidation of a random other account
            KeyPair target = traders.get(random.nextInt(traders.size()));
            return sign(actor, new TxBody.Liquidate(target.publicKey()));
        }
        if (kind < 80) { // a listing (sometimes a duplicate, sometimes beyond the limit)
            OptionSeriesSpec spec = random.nextInt(4) == 0 && !series.isEmpty()
                    ? new OptionSeriesSpec(LedgerFixtures.BTC, series.get(0).expiryMillis(), series.get(0).strikeUsd(),
                    series.get(0).type(), series.get(0).contractSizeE8())
                    : randomSeries(random, time);
            return authority(new TxBody.ListOption(spec.marketId(), spec.expiryMillis(), spec.strikeUsd(), spec.type(),
                    spec.contractSizeE8()));
        }
        return invalid(actor, series, time);
    }

    /** A transaction that must be rejected with one of the option codes (or by the ledger for another reason). */
    private SignedTransaction invalid(int actor, List<OptionSeriesView> series, long time) {
        String someSeries = series.isEmpty() ? "BTC-20231201-10000-C" : series.get(0).id();
        return switch (random.nextInt(8)) {
            case 0 -> sign(actor, new TxBody.Trade(someSeries, Units.SIZE_SCALE / 1_000 + 1, Units.MAX_PRICE_USD)); // LOT_SIZE
            case 1 -> sign(actor, new TxBody.Trade(someSeries, Units.SIZE_SCALE, 1)); // PRICE_LIMIT
            case 2 -> sign(actor, new TxBody.Trade("BTC-20991231-10000-C", Units.SIZE_SCALE, Units.MAX_PRICE_USD)); // UNKNOWN_MARKET
            case 3 -> SignedTransaction.sign(state.chainId(), LedgerFixtures.ORACLES.get(0), 0,
                    new TxBody.VolReport(LedgerFixtures.BTC, 0, time)); // OUT_OF_RANGE
            case 4 -> sign(actor, new TxBody.ListOption(LedgerFixtures.BTC, time + 3_600_000 - time % 60_000,
                    LedgerFixtures.usd(10_000), OptionType.CALL, Units.SIZE_SCALE)); // NOT_AUTHORIZED
            case 5 -> authority(new TxBody.ListOption(LedgerFixtures.BTC, (time / 60_000 + 1) * 60_000,
                    LedgerFixtures.usd(10_000), OptionType.PUT, Units.SIZE_SCALE)); // OUT_OF_RANGE: inside the window
            case 6 -> SignedTransaction.sign(state.chainId(), LedgerFixtures.ORACLES.get(1), 0,
                    new TxBody.VolReport("ETH-PERP", 500_000, time)); // OPTIONS_DISABLED: ETH has no options
            default -> sign(actor, new TxBody.Trade(someSeries, Units.SIZE_SCALE * 10_000, Units.MAX_PRICE_USD)); // OI cap, margin
        };
    }

    private SignedTransaction sign(int actor, TxBody body) {
        return SignedTransaction.sign(state.chainId(), traders.get(actor), ++nonces[actor], body);
    }

    private SignedTransaction authority(TxBody body) {
        return SignedTransaction.sign(state.chainId(), LedgerFixtures.AUTHORITY, ++authorityNonce, body);
    }

    String at() {
        return "seed " + seed + " (replay: OptionSession(" + seed + ")) at height " + state.height();
    }

    /** Seeds for a property: -Doptions.properties.seeds=N (default 40), starting at -Doptions.properties.firstSeed (1). */
    static java.util.stream.LongStream seeds() {
        long first = Long.getLong("options.properties.firstSeed", 1);
        return java.util.stream.LongStream.range(first, first + Integer.getInteger("options.properties.seeds", 40));
    }

}
