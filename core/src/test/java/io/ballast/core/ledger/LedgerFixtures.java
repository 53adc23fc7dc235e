package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.oracle.OracleRuleParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reusable fixtures for ledger tests, property tests and the simulator: labelled keys, a small
 * genesis with round numbers, and a {@link Chain} driver that signs transactions with automatic
 * nonces and applies blocks one second apart.
 */
public final class LedgerFixtures {
    public static final String CHAIN_ID = "ballast-test";
    public static final long GENESIS_TIME_MILLIS = 1_700_000_000_000L;
    public static final KeyPair AUTHORITY = Ed25519.keyPairFromLabel("collateral-authority");
    public static final KeyPair VALIDATOR = Ed25519.keyPairFromLabel("validator-0");
    public static final List<KeyPair> ORACLES = List.of(
            Ed25519.keyPairFromLabel("oracle-0"), Ed25519.keyPairFromLabel("oracle-1"), Ed25519.keyPairFromLabel("oracle-2"));
    public static final String BTC = "BTC-PERP";

    private LedgerFixtures() {}

    public static KeyPair key(String label) {
        return Ed25519.keyPairFromLabel(label);
    }

    public static long usd(long wholeUsd) {
        return wholeUsd * Units.USD_SCALE;
    }

    public static long btc(long wholeUnits) {
        return wholeUnits * Units.SIZE_SCALE;
    }

    /**
     * BTC-PERP at an initial index of 10,000 USD with no spread at all (fills at the index), 10%
     * initial / 5% maintenance margin, negligible skew impact, a 10 s oracle freshness window with
     * one report required, 1 h funding, 1% liquidation fee half to the keeper, 0.1% base
     * liquidation slippage, 10% stress buffer. Tests switch on what they exercise.
     */
    public static MarketParams.Builder simpleMarket() {
        return MarketParams.builder(BTC)
                .margins(100_000, 50_000)
                .maxOpenInterestE8(btc(1_000))
                .baseSpreadPpm(0)
                .volatility(0, 1_000_000)
                .skewImpactScaleUsd(Long.MAX_VALUE / 2)
                .maxSpreadPpm(50_000)
                .funding(3_600_000, 100_000, 500_000)
                .liquidationFee(10_000, 500_000)
                .liquidationSlippage(1_000, 0, 0, 50_000)
                .stressBufferPpm(100_000)
                .oracle(new OracleRuleParams(1, 10_000, 3_000_000))
                .initialIndexPriceUsd(usd(10_000));
    }

    /** One validator, three oracle operators, the authority, 1,000,000 USD insurance, 10,000,000 USD pool. */
    public static Genesis genesis(MarketParams... markets) {
        return new Genesis(CHAIN_ID, GENESIS_TIME_MILLIS, List.of(new ValidatorInfo(VALIDATOR.publicKey(), 100)),
                ORACLES.stream().map(KeyPair::publicKey).toList(), AUTHORITY.publicKey(), usd(1_000_000),
                usd(10_000_000), LedgerLimits.DEFAULT, Arrays.asList(markets));
    }

    public static Genesis genesis() {
        return genesis(simpleMarket().build());
    }

    /** Drives one state: signs with automatic nonces, applies blocks (default 1 s apart). */
    public static final class Chain {
        public final LedgerState state;
        public final Ledger ledger;
        private final Map<Bytes32, Long> nonces = new HashMap<>();
        private long authorityNonce;
        /** Every block applied through this driver, for replay and snapshot tests. */
        public final List<LedgerBlock> history = new ArrayList<>();
        public long congestionPpm;
        public long recentFinalityMillis;

        public Chain(Genesis genesis) {
            this(LedgerState.fromGenesis(genesis), Ledger.verifying());
        }

        public Chain(LedgerState state, Ledger ledger) {
            this.state = state;
            this.ledger = ledger;
            this.authorityNonce = state.collateralAuthorityNonce();
        }

        public long now() {
            return state.timeMillis();
        }

        /** Applies a block 1 s after the previous one. */
        public BlockResult block(SignedTransaction... transactions) {
            return blockAt(state.timeMillis() + 1_000, transactions);
        }

        public BlockResult blockAt(long timeMillis, SignedTransaction... transactions) {
            LedgerBlock block = new LedgerBlock(state.height() + 1, timeMillis, congestionPpm, recentFinalityMillis,
                    List.of(transactions));
            BlockResult result = ledger.apply(state, block);
            history.add(block);
            return result;
        }

        /** Applies one transaction in its own block and returns its receipt. */
        public Receipt submit(SignedTransaction transaction) {
            return block(transaction).receipts().get(0);
        }

        public SignedTransaction deposit(KeyPair account, long amountUsd) {
            return deposit(account.publicKey(), amountUsd);
        }

        public SignedTransaction deposit(Bytes32 account, long amountUsd) {
            return SignedTransaction.sign(CHAIN_ID_OF(state), AUTHORITY, ++authorityNonce, new TxBody.Deposit(account, amountUsd));
        }

        /** Signs {@code body} with the authority key and its next nonce (deposits, validator updates, listings). */
        public SignedTransaction authority(TxBody body) {
            return SignedTransaction.sign(CHAIN_ID_OF(state), AUTHORITY, ++authorityNonce, body);
        }

        public SignedTransaction trade(KeyPair signer, String market, long sizeDeltaE8, long limitPriceUsd) {
            return signed(signer, new TxBody.Trade(market, sizeDeltaE8, limitPriceUsd));
        }

        /** A trade with a limit that never binds. */
        public SignedTransaction trade(KeyPair signer, long sizeDeltaE8) {
            return trade(signer, BTC, sizeDeltaE8, sizeDeltaE8 > 0 ? Units.MAX_PRICE_USD : 1);
        }

        /** Closes the BTC position with a limit that never binds (low for a long, high for a short). */
        public SignedTransaction close(KeyPair signer) {
            return close(signer, BTC);
        }

        public SignedTransaction close(KeyPair signer, String market) {
            boolean isShort = state.accountView(signer.publicKey())
                    .flatMap(a -> a.positions().stream().filter(p -> p.marketId().equals(market)).findFirst())
                    .map(p -> p.sizeE8() < 0).orElse(false);
            return signed(signer, new TxBody.ClosePosition(market, isShort ? Units.MAX_PRICE_USD : 1));
        }

        public SignedTransaction withdraw(KeyPair signer, long amountUsd) {
            return signed(signer, new TxBody.Withdraw(amountUsd));
        }

        public SignedTransaction liquidate(KeyPair keeper, KeyPair target) {
            return signed(keeper, new TxBody.Liquidate(target.publicKey()));
        }

        /** Every oracle operator reports {@code priceUsd} at the next block's time. */
        public List<SignedTransaction> reports(String market, long priceUsd) {
            List<SignedTransaction> reports = new ArrayList<>();
            for (KeyPair oracle : ORACLES) {
                reports.add(report(oracle, market, priceUsd, state.timeMillis() + 1_000));
            }
            return reports;
        }

        public SignedTransaction report(KeyPair oracle, String market, long priceUsd, long timestampMillis) {
            return SignedTransaction.sign(CHAIN_ID_OF(state), oracle, 0, new TxBody.OracleReport(market, priceUsd, timestampMillis));
        }

        /** Moves the BTC index to {@code priceUsd} in a block 1 s later (all operators report). */
        public BlockResult setPrice(long priceUsd) {
            return block(reports(BTC, priceUsd).toArray(new SignedTransaction[0]));
        }

        /** Signs with the signer's next nonce (tracked locally: rejected txs still consume one here, see {@link #resetNonce}). */
        public SignedTransaction signed(KeyPair signer, TxBody body) {
            long nonce = nonces.merge(signer.publicKey(), 1L, Long::sum);
            return SignedTransaction.sign(CHAIN_ID_OF(state), signer, nonce, body);
        }

        /** Re-syncs the local authority nonce with the state (after a rejected authority transaction). */
        public void resetAuthorityNonce() {
            authorityNonce = state.collateralAuthorityNonce();
        }

        /** Re-syncs the local nonce with the state (after a rejected transaction). */
        public void resetNonce(KeyPair signer) {
            nonces.put(signer.publicKey(), state.nonceOf(signer.publicKey()));
        }

        public AccountView account(KeyPair key) {
            return state.accountView(key.publicKey()).orElseThrow();
        }

        public long collateral(KeyPair key) {
            return account(key).collateralUsd();
        }

        private static String CHAIN_ID_OF(LedgerState state) {
            return state.chainId();
        }
    }
}
