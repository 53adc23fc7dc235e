package io.ballast.cli;

import io.ballast.cluster.devnet.DevnetMarkets;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.AccountView;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.GreeksView;
import io.ballast.core.ledger.OptionMarketParams;
import io.ballast.core.ledger.OptionMarketView;
import io.ballast.core.ledger.OptionPositionView;
import io.ballast.core.ledger.OptionSeriesSpec;
import io.ballast.core.ledger.OptionSeriesView;
import io.ballast.core.ledger.OptionsConfig;
import io.ballast.core.options.OptionType;
import io.ballast.core.ledger.LedgerBlock;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.MarketView;
import io.ballast.core.ledger.PositionView;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded market session: traders with random collateral and leverage, an LP, a keeper, four
 * oracle operators (one of which sometimes lies), and a BTC price path through calm, rally, crash,
 * an oracle outage and recovery, then an options phase. Options (the devnet's series, plus a
 * short-dated series listed at block 2 that expires near the end) trade throughout, more in the
 * options phase, where the operators' vol reports jump from 60% to 110% and option holders hedge
 * their delta with perps. It reads the live state to size trades and to find accounts to
 * liquidate, so {@link #nextBlock} must be given the state after every previous block.
 */
final class DemoSession {
    enum Phase { CALM, RALLY, CRASH, OUTAGE, RECOVERY, OPTIONS }

    static final long BLOCK_MILLIS = 1_000;
    private static final long ETH_PER_BTC_PPM = 50_000; // ETH starts at 1/20 of BTC
    private static final double ETH_BETA = 1.2;

    private final Random random;
    private final int blocks;
    private final Genesis genesis;
    private final KeyPair authority;
    private final List<KeyPair> oracles = new ArrayList<>();
    private final List<KeyPair> traders = new ArrayList<>();
    private final KeyPair liquidityProvider;
    private final KeyPair keeper;
    private final Map<Bytes32, Long> nonces = new HashMap<>();
    private long authorityNonce;
    private double btcPriceUsd = 60_000;
    private double ethPriceUsd = 3_000;
    private final long[] lastReportMillis = new long[DevnetMarkets.OPERATORS];
    private int crashBlocksSeen;
    private final OptionSeriesSpec shortDated;
    private final long[] lastVolMillis = new long[DevnetMarkets.OPERATORS];

    DemoSession(long seed, int traderCount, int blocks) {
        this.random = new Random(seed);
        this.blocks = blocks;
        String prefix = "demo/" + seed + "/";
        this.authority = Ed25519.keyPairFromLabel(prefix + "collateral-authority");
        for (int i = 0; i < DevnetMarkets.OPERATORS; i++) {
            oracles.add(Ed25519.keyPairFromLabel(prefix + "oracle-" + i));
        }
        for (int i = 0; i < traderCount; i++) {
            traders.add(Ed25519.keyPairFromLabel(prefix + "trader-" + i));
        }
        this.liquidityProvider = Ed25519.keyPairFromLabel(prefix + "liquidity-provider");
        this.keeper = Ed25519.keyPairFromLabel(prefix + "keeper");
        List<Bytes32> validators = List.of(Ed25519.keyPairFromLabel(prefix + "validator-0").publicKey(),
                Ed25519.keyPairFromLabel(prefix + "validator-1").publicKey(),
                Ed25519.keyPairFromLabel(prefix + "validator-2").publicKey(),
                Ed25519.keyPairFromLabel(prefix + "validator-3").publicKey());
        // a small insurance fund, so that the crash can exhaust it and show auto-deleveraging
        long genesisMillis = 1_767_225_600_000L;
        OptionsConfig devnetOptions = DevnetMarkets.options(genesisMillis);
        List<OptionMarketParams> demoOptions = devnetOptions.markets().stream()
                .map(p -> p.toBuilder().settlement(30_000, 500_000).build()).toList();
        this.genesis = Genesis.devnet("ballast-demo", genesisMillis, validators,
                        oracles.stream().map(KeyPair::publicKey).toList(), authority.publicKey(), DevnetMarkets.markets())
                .withFunds(20_000 * Units.USD_SCALE, 3_000_000 * Units.USD_SCALE)
                .withOptions(new OptionsConfig(demoOptions, devnetOptions.series(), devnetOptions.maxLiveSeries(),
                        devnetOptions.maxOptionPositionsPerAccount(), devnetOptions.ratePpm()));
        long lastMinute = (genesisMillis + (blocks - 10) * BLOCK_MILLIS) / 60_000 * 60_000;
        this.shortDated = lastMinute >= genesisMillis + 2 * BLOCK_MILLIS + 30_000
                ? new OptionSeriesSpec("BTC-PERP", lastMinute, 60_000 * Units.USD_SCALE, OptionType.PUT, Units.SIZE_SCALE / 100)
                : null;
    }

    /** The series listed at block 2 (a put at 60,000 expiring at the session's last whole minute); null if too short. */
    OptionSeriesSpec shortDated() {
        return shortDated;
    }

    Genesis genesis() {
        return genesis;
    }

    Phase phase(long height) {
        double progress = (double) height / blocks;
        if (progress < 0.30) {
            return Phase.CALM;
        } else if (progress < 0.45) {
            return Phase.RALLY;
        } else if (progress < 0.55) {
            return Phase.CRASH;
        } else if (progress < 0.65) {
            return Phase.OUTAGE;
        } else if (progress < 0.80) {
            return Phase.RECOVERY;
        }
        return Phase.OPTIONS;
    }

    /** The next block, built from the state every earlier block produced. */
    LedgerBlock nextBlock(LedgerState state) {
        long height = state.height() + 1;
        long timeMillis = genesis.genesisTimeMillis() + height * BLOCK_MILLIS;
        Phase phase = phase(height);
        movePrices(phase);
        List<SignedTransaction> transactions = new ArrayList<>();
        if (height == 1) {
            fundEveryone(transactions);
        } else if (height == 2) {
            transactions.add(sign(liquidityProvider, new TxBody.LpDeposit(1_000_000 * Units.USD_SCALE)));
            if (shortDated != null) {
                transactions.add(SignedTransaction.sign(genesis.chainId(), authority, ++authorityNonce, new TxBody.ListOption(
                        shortDated.marketId(), shortDated.expiryMillis(), shortDated.strikeUsd(), shortDated.type(),
                        shortDated.contractSizeE8())));
            }
        }
        if (phase != Phase.OUTAGE) {
            addOracleReports(transactions, timeMillis, phase);
        }
        if (height > 2) {
            addKeeperLiquidations(state, transactions);
            addTraderActions(state, transactions, phase);
        }
        long congestionPpm = phase == Phase.CRASH ? 900_000 : 50_000 + random.nextInt(150_000);
        long finalityMillis = phase == Phase.CRASH ? 2_500 : 350 + random.nextInt(200);
        return new LedgerBlock(height, timeMillis, congestionPpm, finalityMillis, transactions);
    }

    double btcPriceUsd() {
        return btcPriceUsd;
    }

    private void movePrices(Phase phase) {
        double crashBlocks = Math.max(1, blocks * 0.10);
        double drift = switch (phase) {
            case CALM, OUTAGE, OPTIONS -> 0;
            case RALLY -> 0.0015;
            case CRASH -> Math.log(0.75) / crashBlocks;
            case RECOVERY -> 0.0008;
        };
        double shock = random.nextGaussian() * 0.0015;
        // halfway through the crash the price gaps down: positions jump past maintenance to bankruptcy
        boolean gap = phase == Phase.CRASH && ++crashBlocksSeen == (int) (crashBlocks / 2);
        double btcReturn = drift + shock + (gap ? Math.log(0.85) : 0);
        btcPriceUsd *= Math.exp(btcReturn);
        ethPriceUsd *= Math.exp(btcReturn * ETH_BETA + random.nextGaussian() * 0.0008);
    }

    private void fundEveryone(List<SignedTransaction> transactions) {
        for (KeyPair trader : traders) {
            long collateralUsd = (2_000 + random.nextInt(48_000)) * Units.USD_SCALE;
            transactions.add(deposit(trader, collateralUsd));
        }
        transactions.add(deposit(liquidityProvider, 1_500_000 * Units.USD_SCALE));
        transactions.add(deposit(keeper, 10_000 * Units.USD_SCALE));
    }

    private void addOracleReports(List<SignedTransaction> transactions, long blockTimeMillis, Phase phase) {
        for (int i = 0; i < oracles.size(); i++) {
            long reportMillis = Math.max(lastReportMillis[i] + 1, blockTimeMillis - 100 - random.nextInt(300));
            lastReportMillis[i] = reportMillis;
            boolean lies = i == 2 && phase == Phase.CALM && random.nextInt(10) == 0;
            double noise = 1 + random.nextGaussian() * 0.0002;
            double btc = lies ? btcPriceUsd * 5 : btcPriceUsd * noise;
            double eth = lies ? ethPriceUsd / 5 : ethPriceUsd * noise;
            transactions.add(SignedTransaction.sign(genesis.chainId(), oracles.get(i), 0,
                    new TxBody.OracleReport("BTC-PERP", usd(btc), reportMillis)));
            transactions.add(SignedTransaction.sign(genesis.chainId(), oracles.get(i), 0,
                    new TxBody.OracleReport("ETH-PERP", usd(eth), reportMillis)));
            long volMillis = Math.max(lastVolMillis[i] + 1, blockTimeMillis);
            lastVolMillis[i] = volMillis;
            double regime = phase == Phase.OPTIONS ? 110.0 / 60 : phase == Phase.CRASH ? 1.4 : 1.0;
            double volNoise = 1 + random.nextGaussian() * 0.01;
            transactions.add(SignedTransaction.sign(genesis.chainId(), oracles.get(i), 0,
                    new TxBody.VolReport("BTC-PERP", Math.round(600_000 * regime * volNoise), volMillis)));
            transactions.add(SignedTransaction.sign(genesis.chainId(), oracles.get(i), 0,
                    new TxBody.VolReport("ETH-PERP", Math.round(800_000 * regime * volNoise), volMillis)));
        }
    }

    /** The keeper liquidates up to three accounts it saw below maintenance after the last block. */
    private void addKeeperLiquidations(LedgerState state, List<SignedTransaction> transactions) {
        int submitted = 0;
        for (KeyPair trader : traders) {
            if (submitted == 3) {
                return;
            }
            AccountView view = state.accountView(trader.publicKey()).orElse(null);
            if (view != null && view.liquidatable()) {
                transactions.add(sign(keeper, new TxBody.Liquidate(trader.publicKey())));
                submitted++;
            }
        }
    }

    private void addTraderActions(LedgerState state, List<SignedTransaction> transactions, Phase phase) {
        int actions = 2 + random.nextInt(phase == Phase.CRASH ? 10 : 6);
        for (int i = 0; i < actions; i++) {
            KeyPair trader = traders.get(random.nextInt(traders.size()));
            AccountView view = state.accountView(trader.publicKey()).orElse(null);
            if (view == null) {
                continue;
            }
            int roll = random.nextInt(100);
            int optionShare = phase == Phase.OPTIONS ? 60 : 15;
            if (random.nextInt(100) < optionShare) {
                SignedTransaction option = option(state, trader, view, phase);
                if (option != null) {
                    transactions.add(option);
                }
            } else if (roll < 65) {
                transactions.add(open(state, trader, view, phase));
            } else if (roll < 85 && !view.positions().isEmpty()) {
                PositionView position = view.positions().get(random.nextInt(view.positions().size()));
                long worst = position.sizeE8() > 0 ? 1 : Units.MAX_PRICE_USD;
                transactions.add(sign(trader, new TxBody.ClosePosition(position.marketId(), worst)));
            } else {
                long amountUsd = Math.max(1, view.collateralUsd() / (2 + random.nextInt(8)));
                transactions.add(sign(trader, new TxBody.Withdraw(amountUsd)));
            }
        }
    }

    private SignedTransaction open(LedgerState state, KeyPair trader, AccountView view, Phase phase) {
        String market = random.nextInt(3) == 0 ? "ETH-PERP" : "BTC-PERP";
        MarketView marketView = state.marketView(market).orElseThrow();
        boolean buy = random.nextInt(100) < (phase == Phase.CALM || phase == Phase.RALLY ? 65 : 45);
        double leverage = 1 + random.nextDouble() * 8.5;
        long indexUsd = Math.max(1, marketView.indexPriceUsd());
        double notionalUsd = Math.max(0, view.equityUsd()) * leverage / 2;
        long sizeE8 = Math.max(1, (long) (notionalUsd / indexUsd * Units.SIZE_SCALE));
        long limitUsd = buy ? indexUsd + indexUsd / 50 : indexUsd - indexUsd / 50;
        return sign(trader, new TxBody.Trade(market, buy ? sizeE8 : -sizeE8, limitUsd));
    }

    /**
     * An option action: a holder of options hedges its delta with the perp when it exceeds a tenth of
     * a unit (often, in the options phase); otherwise it buys or writes 1–10 contracts of a series that
     * is not about to expire (the pool's quote ± 20% as limit); sometimes it closes an option position.
     */
    private SignedTransaction option(LedgerState state, KeyPair trader, AccountView view, Phase phase) {
        if (!view.optionPositions().isEmpty() && random.nextInt(100) < (phase == Phase.OPTIONS ? 50 : 20)) {
            for (GreeksView greeks : view.greeks()) {
                if (Math.abs(greeks.deltaE8()) > Units.SIZE_SCALE / 10) {
                    long index = state.marketView(greeks.marketId()).orElseThrow().indexPriceUsd();
                    long hedge = -greeks.deltaE8();
                    return sign(trader, new TxBody.Trade(greeks.marketId(), hedge,
                            hedge > 0 ? index + index / 50 : index - index / 50));
                }
            }
        }
        if (!view.optionPositions().isEmpty() && random.nextInt(5) == 0) {
            OptionPositionView position = view.optionPositions().get(random.nextInt(view.optionPositions().size()));
            return sign(trader, new TxBody.ClosePosition(position.seriesId(), position.sizeE8() > 0 ? 0 : Units.MAX_PRICE_USD));
        }
        List<OptionSeriesView> open = new ArrayList<>();
        for (OptionMarketView market : state.optionMarketViews()) {
            for (OptionSeriesView series : market.series()) {
                if (series.expiryMillis() > state.timeMillis() + 60_000) {
                    open.add(series);
                }
            }
        }
        if (open.isEmpty()) {
            return null;
        }
        OptionSeriesView series = open.get(random.nextInt(open.size()));
        boolean buy = random.nextInt(100) < 55;
        long sizeE8 = (1 + random.nextInt(10)) * series.contractSizeE8();
        long limitUsd = buy ? series.askUsd() + series.askUsd() / 5 + 1 : series.bidUsd() - series.bidUsd() / 5;
        return sign(trader, new TxBody.Trade(series.id(), buy ? sizeE8 : -sizeE8, limitUsd));
    }

    private SignedTransaction deposit(KeyPair account, long amountUsd) {
        return SignedTransaction.sign(genesis.chainId(), authority, ++authorityNonce,
                new TxBody.Deposit(account.publicKey(), amountUsd));
    }

    /** Signs with the signer's next nonce; the state's nonce is re-read each block so rejected transactions cost nothing. */
    private SignedTransaction sign(KeyPair signer, TxBody body) {
        long nonce = nonces.merge(signer.publicKey(), 1L, Long::sum);
        return SignedTransaction.sign(genesis.chainId(), signer, nonce, body);
    }

    /** Re-syncs local nonces with the state after a block (rejected transactions do not consume a nonce). */
    void syncNonces(LedgerState state) {
        for (Map.Entry<Bytes32, Long> entry : nonces.entrySet()) {
            entry.setValue(state.nonceOf(entry.getKey()));
        }
    }

    private static long usd(double value) {
        return Math.max(1, Math.round(value * Units.USD_SCALE));
    }
}
