package io.ballast.bench;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.Ledger;
import io.ballast.core.ledger.LedgerBlock;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.OptionSeriesSpec;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.SignatureCheck;
import io.ballast.core.ledger.TxEffect;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code Ledger.apply} of a block of {@link #TRADES_PER_BLOCK} option trades on one thread,
 * signatures pre-verified (the mempool verified them on admission), state root included.
 *
 * <p>1,000 accounts with 100,000 USD each hold two option positions from an earlier block. In the
 * measured block each account trades ten times across five of the 20 series of {@link OptionsBench}:
 * buying, writing, adding, partly closing, closing and flipping, so it holds up to six option
 * positions; every risk-increasing trade runs the portfolio-margin check of its account. The block
 * is one second after the previous one: every series is repriced in it (index, vol and time
 * unchanged since then only in the time). As in {@link LedgerApplyBenchmark}, the state is restored
 * from a snapshot and the transactions decoded afresh before every invocation (not measured), and
 * every invocation must accept all trades and reach the root of the checked setup run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OptionsApplyBenchmark {
    public static final int TRADES_PER_BLOCK = 10_000;
    static final int ACCOUNTS = 1_000;
    /** Per round: the series offset and the lots each account trades (odd accounts the opposite side). */
    private static final int[] SERIES_OFFSET = {0, 1, 2, 0, 3, 1, 4, 2, 0, 3};
    private static final long[] LOTS = {+30, -20, +10, -40, +20, +25, -10, -10, +15, -20};

    private byte[] snapshot;
    private long blockTimeMillis;
    private List<byte[]> encodedTrades;
    private Bytes32 expectedRoot;
    private final Set<Bytes32> verified = new HashSet<>();
    private final Ledger ledger = new Ledger(SignatureCheck.preVerified(verified));
    private LedgerState state;
    private LedgerBlock block;
    private BlockResult result;

    @Setup(Level.Trial)
    public void setUpTrial() {
        List<KeyPair> traders = new ArrayList<>();
        List<SignedTransaction> deposits = new ArrayList<>();
        for (int a = 0; a < ACCOUNTS; a++) {
            traders.add(Ed25519.keyPairFromLabel("bench/option-trader-" + a));
            deposits.add(OptionsBench.deposit(a + 1, traders.get(a), 100_000 * Units.USD_SCALE));
        }
        LedgerState setup = LedgerState.fromGenesis(OptionsBench.genesis());
        OptionsBench.apply(setup, 1, OptionsBench.GENESIS_TIME_MILLIS + 1_000, deposits, "deposits");
        List<OptionSeriesSpec> series = OptionsBench.series();
        long[] nonces = new long[ACCOUNTS];
        List<SignedTransaction> opens = new ArrayList<>();
        for (int a = 0; a < ACCOUNTS; a++) {
            opens.add(OptionsBench.trade(traders.get(a), ++nonces[a], series.get(a % 20).id(), 50 * Units.SIZE_SCALE / 100));
            opens.add(OptionsBench.trade(traders.get(a), ++nonces[a], series.get((a + 7) % 20).id(), -30 * Units.SIZE_SCALE / 100));
        }
        OptionsBench.apply(setup, 2, OptionsBench.GENESIS_TIME_MILLIS + 2_000, opens, "opening positions");
        encodedTrades = new ArrayList<>(TRADES_PER_BLOCK);
        for (int round = 0; round < TRADES_PER_BLOCK / ACCOUNTS; round++) {
            for (int a = 0; a < ACCOUNTS; a++) {
                OptionSeriesSpec s = series.get((a * 3 + SERIES_OFFSET[round]) % 20);
                long size = (a % 2 == 0 ? 1 : -1) * LOTS[round] * s.contractSizeE8();
                encodedTrades.add(OptionsBench.trade(traders.get(a), ++nonces[a], s.id(), size).encode());
            }
        }
        snapshot = setup.snapshot();
        blockTimeMillis = OptionsBench.GENESIS_TIME_MILLIS + 3_000;
        prepareInvocation();
        result = ledger.apply(state, block);
        expectedRoot = result.stateRoot();
        checkInvocation();
        long closes = 0;
        for (Receipt receipt : result.receipts()) {
            TxEffect.OptionTraded t = (TxEffect.OptionTraded) ((Receipt.Accepted) receipt).effect();
            closes += t.realizedPnlUsd() != 0 ? 1 : 0;
        }
        System.out.println("# option block check: " + result.receipts().size() + " option trades accepted; realizing PnL "
                + closes + ", root " + expectedRoot.shortHex());
    }

    @Setup(Level.Invocation)
    public void prepareInvocation() {
        state = io.ballast.core.ledger.LedgerState.restore(snapshot);
        state.stateRoot();
        List<SignedTransaction> transactions = new ArrayList<>(encodedTrades.size());
        verified.clear();
        for (byte[] encoded : encodedTrades) {
            SignedTransaction tx = SignedTransaction.decode(encoded);
            verified.add(tx.hash());
            transactions.add(tx);
        }
        block = new LedgerBlock(3, blockTimeMillis, 0, 500, transactions);
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
        OptionsBench.requireAllAccepted(result, "benchmark block");
        if (result.receipts().size() != TRADES_PER_BLOCK) {
            throw new IllegalStateException(result.receipts().size() + " receipts");
        }
        if (expectedRoot != null && !expectedRoot.equals(result.stateRoot())) {
            throw new IllegalStateException("state root " + result.stateRoot() + " != expected " + expectedRoot);
        }
    }
}
