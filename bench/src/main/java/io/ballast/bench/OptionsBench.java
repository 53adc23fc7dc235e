package io.ballast.bench;

import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.Ledger;
import io.ballast.core.ledger.LedgerBlock;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.OptionMarketParams;
import io.ballast.core.ledger.OptionSeriesSpec;
import io.ballast.core.ledger.OptionsConfig;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.oracle.OracleRuleParams;
import io.ballast.core.options.OptionType;
import java.util.ArrayList;
import java.util.List;

/**
 * The options fixture both options benchmarks share: the ledger benchmark's BTC and ETH perpetuals
 * with options on BTC (the option defaults: Derive's vol shocks, CME's extremes, IM = 2 × MM; vol
 * index 60%, fresh for an hour like the index) and 20 series of one 30-day expiry: calls and puts
 * at ten strikes from 40,000 to 62,500 USD.
 */
final class OptionsBench {
    static final String CHAIN_ID = LedgerApplyBenchmark.CHAIN_ID;
    static final long GENESIS_TIME_MILLIS = LedgerApplyBenchmark.GENESIS_TIME_MILLIS;
    static final long EXPIRY_MILLIS = (GENESIS_TIME_MILLIS / 60_000 + 30 * 1_440) * 60_000;
    static final KeyPair AUTHORITY = Ed25519.keyPairFromLabel("bench/collateral-authority");
    static final List<KeyPair> ORACLES = List.of(Ed25519.keyPairFromLabel("bench/oracle-0"),
            Ed25519.keyPairFromLabel("bench/oracle-1"), Ed25519.keyPairFromLabel("bench/oracle-2"));

    private OptionsBench() {}

    static List<OptionSeriesSpec> series() {
        List<OptionSeriesSpec> series = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            long strike = (40_000 + 2_500L * k) * Units.USD_SCALE;
            series.add(new OptionSeriesSpec("BTC-PERP", EXPIRY_MILLIS, strike, OptionType.CALL, Units.SIZE_SCALE / 100));
            series.add(new OptionSeriesSpec("BTC-PERP", EXPIRY_MILLIS, strike, OptionType.PUT, Units.SIZE_SCALE / 100));
        }
        return series;
    }

    static Genesis genesis() {
        OptionMarketParams options = OptionMarketParams.builder("BTC-PERP")
                .volOracle(new OracleRuleParams(1, 3_600_000, 3_000_000))
                .initialVolPpm(600_000)
                .maxOpenInterestE8(1_000_000 * Units.SIZE_SCALE)
                .build();
        return LedgerApplyBenchmark.Fixture.genesis(AUTHORITY, ORACLES)
                .withOptions(new OptionsConfig(List.of(options), series(), 64, 32, 0));
    }

    static SignedTransaction trade(KeyPair trader, long nonce, String market, long deltaE8) {
        long limit = deltaE8 > 0 ? Units.MAX_PRICE_USD : (market.endsWith("-PERP") ? 1 : 0); // never binds
        return SignedTransaction.sign(CHAIN_ID, trader, nonce, new TxBody.Trade(market, deltaE8, limit));
    }

    static SignedTransaction deposit(long authorityNonce, KeyPair trader, long amountUsd) {
        return SignedTransaction.sign(CHAIN_ID, AUTHORITY, authorityNonce, new TxBody.Deposit(trader.publicKey(), amountUsd));
    }

    static void requireAllAccepted(BlockResult result, String what) {
        for (Receipt receipt : result.receipts()) {
            if (receipt instanceof Receipt.Rejected r) {
                throw new IllegalStateException(what + ": rejected " + r.code() + " " + r.reason());
            }
        }
        if (!result.endEvents().isEmpty()) {
            throw new IllegalStateException(what + ": unexpected liquidations " + result.endEvents());
        }
    }

    static BlockResult apply(LedgerState state, long height, long timeMillis, List<SignedTransaction> txs, String what) {
        BlockResult result = Ledger.verifying().apply(state, LedgerBlock.of(height, timeMillis, txs));
        requireAllAccepted(result, what);
        return result;
    }
}
