package io.ballast.bench;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.Ledger;
import io.ballast.core.ledger.LedgerBlock;
import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.LedgerLimits;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.SignatureCheck;
import io.ballast.core.ledger.TxEffect;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.ValidatorInfo;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.oracle.OracleRuleParams;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code Ledger.apply} throughput for perpetual-futures trades on one thread, state root included.
 *
 * <p>The state: 1,000 funded accounts, two markets (BTC at 50,000 USD, ETH at 3,000 USD) with a
 * base spread, a volatility spread, skew impact and funding, every account holding a small position in
 * both. One invocation applies one block of {@link #TRADES_PER_BLOCK} trades: each account trades
 * ten times (alternating markets), opening, adding, partially closing, flipping and closing; half
 * the accounts mirror the other half so the skew stays small. The block crosses a funding boundary,
 * so start-of-block funding runs and every trade settles pending funding. Limits never bind and sizes
 * stay far inside margin and the open-interest caps.
 *
 * <p>Nonces make a signed block valid only once, so the state is restored from a snapshot before
 * every invocation (not measured) and its root is cleaned, so the measured {@code apply} rehashes only
 * what the block touches. The transactions are fresh objects decoded from their wire bytes before
 * every invocation, as a validator would receive them: nothing (signing message, hash) is left
 * cached from an earlier invocation. In {@code pre-verified} mode their hashes are computed and put
 * in the verified set during setup (the mempool did that on admission); in {@code verified} mode the
 * ledger verifies every signature.
 *
 * <p>Honesty checks after every invocation: every receipt must be accepted, and the state root must
 * equal the one computed once during setup; otherwise the run fails.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LedgerApplyBenchmark {
    public static final int TRADES_PER_BLOCK = 10_000;
    static final int ACCOUNTS = 1_000;
    static final String CHAIN_ID = "ballast-bench";
    static final long GENESIS_TIME_MILLIS = 1_700_000_000_000L;
    static final long FUNDING_INTERVAL_MILLIS = 60_000;
    static final String BTC = "BTC-PERP";
    static final String ETH = "ETH-PERP";
    /** Per market: the 5 deltas (in units) an even account trades on it; odd accounts trade the negation. */
    private static final long[][] DELTA_UNITS = {{+3, -1, -4, +3, -1}, {-2, +1, +3, -4, +2}};
    /**
     * Per market: starting position (units) of even and odd accounts. Unequal, so traders are net long
     * BTC and net short ETH and funding moves. Even accounts then run BTC 5,4,0,3,2 and ETH -4,-3,0,-4,-2
     * (adds, partial and full closes, re-opens); odd ones BTC -4,-3,1,-2,-1 and ETH 3,2,-1,3,1 (flips).
     */
    private static final long[] START_UNITS_EVEN = {+2, -2};
    private static final long[] START_UNITS_ODD = {-1, +1};
    /** One unit: 0.01 BTC (500 USD), 0.2 ETH (600 USD). */
    private static final long[] UNIT_E8 = {Units.SIZE_SCALE / 100, Units.SIZE_SCALE / 5};

    @Param({"pre-verified", "verified"})
    public String signatures;

    private byte[] snapshot;
    private long blockHeight;
    private long blockTimeMillis;
    private List<byte[]> encodedTrades;
    private Bytes32 expectedRoot;
    private Ledger ledger;
    private Set<Bytes32> verifiedHashes;

    private LedgerState state;
    private LedgerBlock block;
    private BlockResult result;

    @Setup(Level.Trial)
    public void setUpTrial() {
        Fixture fixture = Fixture.build();
        snapshot = fixture.snapshot;
        blockHeight = fixture.blockHeight;
        blockTimeMillis = fixture.blockTimeMillis;
        encodedTrades = fixture.encodedTrades;
        verifiedHashes = new HashSet<>();
        switch (signatures) {
            case "pre-verified" -> ledger = new Ledger(SignatureCheck.preVerified(verifiedHashes));
            case "verified" -> ledger = new Ledger(SignatureCheck.verifyEveryTime());
            default -> throw new IllegalArgumentException("unknown signatures mode " + signatures);
        }
        // one checked run: every trade accepted, and the root every later invocation must reproduce
        prepareInvocation();
        result = ledger.apply(state, block);
        expectedRoot = result.stateRoot();
        checkInvocation();
        checkExercised(result);
    }

    /** The block does what the class comment claims: funding moved, and trades paid impact and funding, realized PnL and closed positions. */
    static void checkExercised(BlockResult result) {
        long fundingEvents = result.startEvents().stream()
                .filter(e -> e instanceof LedgerEvent.FundingApplied f && f.ratePpb() != 0).count();
        long withImpact = 0;
        long withFunding = 0;
        long withPnl = 0;
        long closed = 0;
        for (Receipt receipt : result.receipts()) {
            TxEffect.Traded traded = (TxEffect.Traded) ((Receipt.Accepted) receipt).effect();
            withImpact += traded.impactPpm() > 0 ? 1 : 0;
            withFunding += traded.fundingPaidUsd() != 0 ? 1 : 0;
            withPnl += traded.realizedPnlUsd() != 0 ? 1 : 0;
            closed += traded.positionAfterE8() == 0 ? 1 : 0;
        }
        if (fundingEvents != 2 || withImpact == 0 || withFunding == 0 || withPnl == 0 || closed == 0) {
            throw new IllegalStateException("benchmark block does not exercise the trade path: funding events "
                    + fundingEvents + ", trades with impact " + withImpact + ", with funding " + withFunding
                    + ", with realized PnL " + withPnl + ", closing to zero " + closed);
        }
        System.out.println("# block check: " + result.receipts().size() + " trades accepted; with impact " + withImpact
                + ", settling funding " + withFunding + ", realizing PnL " + withPnl + ", closing to zero " + closed);
    }

    @Setup(Level.Invocation)
    public void prepareInvocation() {
        state = LedgerState.restore(snapshot);
        state.stateRoot(); // restore marks every leaf dirty; start measured work from a clean tree
        List<SignedTransaction> transactions = new ArrayList<>(encodedTrades.size());
        verifiedHashes.clear();
        for (byte[] encoded : encodedTrades) {
            SignedTransaction tx = SignedTransaction.decode(encoded);
            if (signatures.equals("pre-verified")) {
                verifiedHashes.add(tx.hash());
            }
            transactions.add(tx);
        }
        block = new LedgerBlock(blockHeight, blockTimeMillis, 0, 500, transactions);
        result = null;
    }

    @Benchmark
    @OperationsPerInvocation(TRADES_PER_BLOCK)
    public BlockResult apply() {
        result = ledger.apply(state, block);
        return result;
    }

    @TearDown(Level.Invocation)
    public void checkInvocation() {
        if (result == null) {
            throw new IllegalStateException("no block applied");
        }
        int rejected = 0;
        String firstReason = null;
        for (Receipt receipt : result.receipts()) {
            if (receipt instanceof Receipt.Rejected r) {
                rejected++;
                if (firstReason == null) {
                    firstReason = r.code() + ": " + r.reason();
                }
            }
        }
        if (rejected > 0 || result.receipts().size() != TRADES_PER_BLOCK) {
            throw new IllegalStateException(rejected + " of " + result.receipts().size()
                    + " trades rejected (first: " + firstReason + "): the benchmark would measure rejections");
        }
        if (!result.endEvents().isEmpty()) {
            throw new IllegalStateException("unexpected block-end liquidations: " + result.endEvents().size());
        }
        if (expectedRoot != null && !expectedRoot.equals(result.stateRoot())) {
            throw new IllegalStateException("state root " + result.stateRoot() + " != expected " + expectedRoot);
        }
    }

    /** The genesis, the funded state with open positions (as a snapshot) and the signed benchmark block. */
    static final class Fixture {
        byte[] snapshot;
        long blockHeight;
        long blockTimeMillis;
        List<byte[]> encodedTrades;

        static Fixture build() {
            KeyPair authority = Ed25519.keyPairFromLabel("bench/collateral-authority");
            List<KeyPair> oracles = List.of(Ed25519.keyPairFromLabel("bench/oracle-0"),
                    Ed25519.keyPairFromLabel("bench/oracle-1"), Ed25519.keyPairFromLabel("bench/oracle-2"));
            List<KeyPair> traders = new ArrayList<>(ACCOUNTS);
            for (int a = 0; a < ACCOUNTS; a++) {
                traders.add(Ed25519.keyPairFromLabel("bench/trader-" + a));
            }
            Genesis genesis = genesis(authority, oracles);
            LedgerState state = LedgerState.fromGenesis(genesis);
            Ledger ledger = Ledger.verifying();

            // block 1: fund every account with 10,000 USD
            List<SignedTransaction> deposits = new ArrayList<>(ACCOUNTS);
            for (int a = 0; a < ACCOUNTS; a++) {
                deposits.add(SignedTransaction.sign(CHAIN_ID, authority, a + 1,
                        new TxBody.Deposit(traders.get(a).publicKey(), 10_000 * Units.USD_SCALE)));
            }
            requireAllAccepted(ledger.apply(state, LedgerBlock.of(1, GENESIS_TIME_MILLIS + 1_000, deposits)));

            // block 2: every account opens a small position in both markets
            long[] nonces = new long[ACCOUNTS];
            List<SignedTransaction> opens = new ArrayList<>(2 * ACCOUNTS);
            for (int m = 0; m < 2; m++) {
                for (int a = 0; a < ACCOUNTS; a++) {
                    long delta = (a % 2 == 0 ? START_UNITS_EVEN[m] : START_UNITS_ODD[m]) * UNIT_E8[m];
                    opens.add(trade(traders.get(a), ++nonces[a], m, delta));
                }
            }
            requireAllAccepted(ledger.apply(state, LedgerBlock.of(2, GENESIS_TIME_MILLIS + 2_000, opens)));

            // the benchmark block (height 3), 61 s later: crosses a funding boundary
            List<byte[]> trades = new ArrayList<>(TRADES_PER_BLOCK);
            int rounds = TRADES_PER_BLOCK / ACCOUNTS;
            for (int round = 0; round < rounds; round++) {
                int m = round % 2;
                for (int a = 0; a < ACCOUNTS; a++) {
                    long delta = sign(a) * DELTA_UNITS[m][round / 2] * UNIT_E8[m];
                    trades.add(trade(traders.get(a), ++nonces[a], m, delta).encode());
                }
            }
            Fixture fixture = new Fixture();
            fixture.snapshot = state.snapshot();
            fixture.blockHeight = 3;
            fixture.blockTimeMillis = GENESIS_TIME_MILLIS + 2_000 + FUNDING_INTERVAL_MILLIS + 1_000;
            fixture.encodedTrades = trades;
            return fixture;
        }

        private static long sign(int account) {
            return account % 2 == 0 ? 1 : -1;
        }

        private static SignedTransaction trade(KeyPair trader, long nonce, int market, long deltaE8) {
            long limit = deltaE8 > 0 ? Units.MAX_PRICE_USD : 1; // never binds
            return SignedTransaction.sign(CHAIN_ID, trader, nonce, new TxBody.Trade(market == 0 ? BTC : ETH, deltaE8, limit));
        }

        private static void requireAllAccepted(BlockResult result) {
            for (Receipt receipt : result.receipts()) {
                if (receipt instanceof Receipt.Rejected r) {
                    throw new IllegalStateException("fixture transaction rejected: " + r.code() + " " + r.reason());
                }
            }
        }

        /**
         * Two markets with non-zero base spread, volatility spread, skew impact and funding. The oracle
         * window is one hour so the genesis index stays fresh without reports (the benchmark measures
         * trades, not oracle reports).
         */
        static Genesis genesis(KeyPair authority, List<KeyPair> oracles) {
            OracleRuleParams oracle = new OracleRuleParams(1, 3_600_000, 3_000_000);
            MarketParams btc = MarketParams.builder(BTC)
                    .margins(100_000, 50_000)
                    .maxOpenInterestE8(1_000 * Units.SIZE_SCALE)
                    .baseSpreadPpm(500)
                    .volatility(100, 1_000_000)
                    .skewImpactScaleUsd(100_000_000 * Units.USD_SCALE)
                    .maxSpreadPpm(50_000)
                    .funding(FUNDING_INTERVAL_MILLIS, 1_000_000, 500_000)
                    .oracle(oracle)
                    .initialIndexPriceUsd(50_000 * Units.USD_SCALE)
                    .build();
            MarketParams eth = btc.toBuilder().id(ETH)
                    .margins(200_000, 100_000)
                    .maxOpenInterestE8(20_000 * Units.SIZE_SCALE)
                    .baseSpreadPpm(700)
                    .volatility(150, 1_000_000)
                    .skewImpactScaleUsd(50_000_000 * Units.USD_SCALE)
                    .initialIndexPriceUsd(3_000 * Units.USD_SCALE)
                    .build();
            return new Genesis(CHAIN_ID, GENESIS_TIME_MILLIS,
                    List.of(new ValidatorInfo(Ed25519.keyPairFromLabel("bench/validator-0").publicKey(), 100)),
                    oracles.stream().map(KeyPair::publicKey).toList(), authority.publicKey(),
                    1_000_000 * Units.USD_SCALE, 10_000_000 * Units.USD_SCALE, LedgerLimits.DEFAULT, List.of(btc, eth));
        }
    }
}
