package io.ballast.bench;

import io.ballast.core.math.Percentiles;
import io.ballast.core.app.LedgerApplication;
import io.ballast.core.consensus.Action;
import io.ballast.core.consensus.Actions;
import io.ballast.core.consensus.ConsensusConfig;
import io.ballast.core.consensus.Event;
import io.ballast.core.consensus.Message;
import io.ballast.core.consensus.host.ActionInterpreter;
import io.ballast.core.consensus.Timer;
import io.ballast.core.consensus.Validator;
import io.ballast.core.consensus.ValidatorInfo;
import io.ballast.core.consensus.ValidatorSet;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.crypto.Signature;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.LedgerLimits;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.oracle.OracleRuleParams;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * {@code bin/ballast bench consensus}: n validators in one JVM and one thread, each a real core
 * {@link Validator} with its own {@link LedgerApplication}, over an in-memory network that
 * delivers every message at once. Votes and proposals carry real Ed25519 signatures and every
 * validator verifies every client transaction once on admission; client transactions are signed
 * before the clock starts. Wall-clock time throughout: this measures CPU cost, not a network.
 *
 * <p>A client keeps the mempool fed (up to two blocks' worth waiting) with pre-signed trades from
 * funded accounts; a transaction's time to finality runs from its submission to the commit of its
 * block at the validator it was submitted to.
 */
final class ConsensusBench {
    static final String BTC = "BTC-PERP";
    private static final int TRADES_PER_ACCOUNT = 10;
    private static final long MAX_RUN_MILLIS = 300_000;

    /** One measured run. */
    record Result(int validators, int batchTxs, long committedTxs, double seconds, long blocks, long finalityP50Millis,
                  long finalityP99Millis) {
        double txPerSecond() {
            return committedTxs / seconds;
        }
    }

    private record Delivery(int to, byte[] bytes) {}

    private record Due(long atMillis, long sequence, int validator, Timer timer) {}

    private final int validatorCount;
    private final int batchTxs;
    private final List<Validator> validators = new ArrayList<>();
    private long rejectedTxs;
    private final List<Bytes32> keys = new ArrayList<>();
    private final ArrayDeque<Delivery> network = new ArrayDeque<>();
    private final PriorityQueue<Due> timers = new PriorityQueue<>((a, b) -> a.atMillis != b.atMillis
            ? Long.compare(a.atMillis, b.atMillis) : Long.compare(a.sequence, b.sequence));
    private final Map<Bytes32, Long> submittedAtMillis = new HashMap<>();
    private long[] finalityMillis = new long[1024];
    private int finalityCount;
    private long committedTxs;
    private long blocks;
    private long timerSequence;

    private ConsensusBench(int validatorCount, int batchTxs, Genesis ledgerGenesis) {
        this.validatorCount = validatorCount;
        this.batchTxs = batchTxs;
        ConsensusConfig config = ConsensusConfig.defaults().withBatch(batchTxs, 1 << 22)
                .withLaneCapacities(50_000, 50_000, 100_000);
        List<ValidatorInfo> members = new ArrayList<>();
        List<KeyPair> validatorKeys = new ArrayList<>();
        for (int i = 0; i < validatorCount; i++) {
            KeyPair key = Ed25519.keyPairFromLabel("bench/validator-" + i);
            validatorKeys.add(key);
            keys.add(key.publicKey());
            members.add(new ValidatorInfo(key.publicKey(), 100));
        }
        io.ballast.core.consensus.Genesis genesis = new io.ballast.core.consensus.Genesis(ledgerGenesis.chainId(),
                ledgerGenesis.genesisTimeMillis(), new ValidatorSet(members));
        Genesis chain = LedgerApplication.withChainParams(ledgerGenesis, config);
        for (int i = 0; i < validatorCount; i++) {
            LedgerApplication app = new LedgerApplication(chain, 1 << 20);
            validators.add(Validator.create(config, genesis, validatorKeys.get(i), app));
        }
    }

    /** Runs one configuration: funds the accounts (not measured), then measures {@code trades} trades. */
    static Result run(int validatorCount, int batchTxs, int trades) {
        int accounts = Math.max(1, trades / TRADES_PER_ACCOUNT);
        KeyPair authority = Ed25519.keyPairFromLabel("bench/collateral-authority");
        List<KeyPair> traders = new ArrayList<>(accounts);
        for (int i = 0; i < accounts; i++) {
            traders.add(Ed25519.keyPairFromLabel("bench/trader-" + i));
        }
        Genesis ledgerGenesis = genesis(validatorCount, authority);
        List<byte[]> deposits = new ArrayList<>(accounts);
        for (int i = 0; i < accounts; i++) {
            deposits.add(SignedTransaction.sign(ledgerGenesis.chainId(), authority, i + 1,
                    new TxBody.Deposit(traders.get(i).publicKey(), 10_000 * Units.USD_SCALE)).encode());
        }
        List<byte[]> measured = new ArrayList<>(accounts * TRADES_PER_ACCOUNT);
        long sizeE8 = Units.SIZE_SCALE / 1_000;
        for (int round = 0; round < TRADES_PER_ACCOUNT; round++) {
            for (int i = 0; i < accounts; i++) {
                boolean buy = (round + i) % 2 == 0;
                measured.add(SignedTransaction.sign(ledgerGenesis.chainId(), traders.get(i), round + 1,
                        new TxBody.Trade(BTC, buy ? sizeE8 : -sizeE8, buy ? Units.MAX_PRICE_USD : 1)).encode());
            }
        }
        ConsensusBench bench = new ConsensusBench(validatorCount, batchTxs, ledgerGenesis);
        bench.start();
        bench.feed(deposits, false);
        long committedBefore = bench.committedTxs;
        long blocksBefore = bench.blocks;
        long started = System.nanoTime();
        bench.feed(measured, true);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (bench.rejectedTxs != 0) {
            throw new IllegalStateException(bench.rejectedTxs + " transactions were rejected: the bench must measure accepted work");
        }
        long[] sorted = Arrays.copyOf(bench.finalityMillis, bench.finalityCount);
        Arrays.sort(sorted);
        return new Result(validatorCount, batchTxs, bench.committedTxs - committedBefore, seconds, bench.blocks - blocksBefore,
                Percentiles.nearestRank(sorted, 50, 0), Percentiles.nearestRank(sorted, 99, 0));
    }

    /** Raw BouncyCastle Ed25519 verifications per second on this thread, for the ratio. */
    static double rawVerifyPerSecond(long durationMillis) {
        KeyPair key = Ed25519.keyPairFromLabel("bench/raw");
        byte[] message = new byte[120];
        Signature signature = Ed25519.sign(key, message);
        long deadline = System.nanoTime() + durationMillis * 1_000_000;
        long started = System.nanoTime();
        long count = 0;
        while (System.nanoTime() < deadline) {
            if (!Ed25519.verify(key.publicKey(), message, signature)) {
                throw new IllegalStateException("a valid signature failed to verify");
            }
            count++;
        }
        return count / ((System.nanoTime() - started) / 1e9);
    }

    private static Genesis genesis(int validatorCount, KeyPair authority) {
        MarketParams btc = MarketParams.builder(BTC)
                .maxOpenInterestE8(1_000_000 * Units.SIZE_SCALE)
                .oracle(new OracleRuleParams(1, 3_600_000, 3_000_000))
                .initialIndexPriceUsd(60_000 * Units.USD_SCALE)
                .build();
        List<io.ballast.core.ledger.ValidatorInfo> validators = new ArrayList<>();
        for (int i = 0; i < validatorCount; i++) {
            validators.add(new io.ballast.core.ledger.ValidatorInfo(
                    Ed25519.keyPairFromLabel("bench/validator-" + i).publicKey(), 100));
        }
        // block time is the validators' (wall-clock) vote time, so the chain starts now and the
        // genesis index stays fresh for the run
        return new Genesis("ballast-bench", System.currentTimeMillis(), validators,
                List.of(Ed25519.keyPairFromLabel("bench/oracle").publicKey()), authority.publicKey(),
                1_000_000 * Units.USD_SCALE, 100_000_000 * Units.USD_SCALE, LedgerLimits.DEFAULT, List.of(btc));
    }

    private void start() {
        for (int i = 0; i < validatorCount; i++) {
            perform(i, validators.get(i).step(new Event.Start(now())));
        }
    }

    /** Submits {@code transactions} in chunks, keeping at most two blocks' worth waiting, until all commit. */
    private void feed(List<byte[]> transactions, boolean measure) {
        long target = committedTxs + transactions.size();
        int next = 0;
        long deadline = now() + MAX_RUN_MILLIS;
        while (committedTxs < target) {
            if (now() > deadline) {
                throw new IllegalStateException("bench did not finish in " + MAX_RUN_MILLIS + " ms: "
                        + committedTxs + " of " + target + " committed");
            }
            long waiting = next - (transactions.size() - (target - committedTxs));
            if (next < transactions.size() && waiting < 2L * batchTxs) {
                int end = Math.min(transactions.size(), next + batchTxs);
                List<byte[]> chunk = transactions.subList(next, end);
                int validator = (next / batchTxs) % validatorCount;
                long submitted = now();
                if (measure) {
                    for (byte[] tx : chunk) {
                        submittedAtMillis.put(io.ballast.core.consensus.Block.txHash(tx), submitted);
                    }
                }
                perform(validator, validators.get(validator).step(new Event.SubmitTransactions(chunk, submitted)));
                next = end;
            }
            runUntilQuiet();
        }
    }

    /** Delivers every queued message and every due timer; waits for the next timer only when nothing else is left. */
    private void runUntilQuiet() {
        while (true) {
            Delivery delivery = network.poll();
            if (delivery != null) {
                perform(delivery.to, validators.get(delivery.to).step(new Event.Received(delivery.bytes, now())));
                continue;
            }
            Due due = timers.peek();
            if (due == null || due.atMillis > now()) {
                return;
            }
            timers.poll();
            perform(due.validator, validators.get(due.validator).step(new Event.TimerFired(due.timer, now())));
        }
    }

    /** Through the shared host interpreter (nothing to persist here: the benchmark measures CPU, not a disk). */
    private void perform(int from, Actions actions) {
        ActionInterpreter.perform(actions, new ActionInterpreter.Host() {
            @Override
            public void persist(List<Action> toPersist, Runnable andThen) {
                andThen.run();
            }

            @Override
            public void committed(Action.Commit commit) {
                if (from == 0) {
                    onCommit(commit);
                }
            }

            @Override
            public void send(Message message, byte[] bytes, List<Bytes32> to) {
                for (Bytes32 key : to) {
                    network.add(new Delivery(keys.indexOf(key), bytes));
                }
            }

            @Override
            public void schedule(Timer timer, long atMillis) {
                timers.add(new Due(atMillis, timerSequence++, from, timer));
            }
        });
    }

    private void onCommit(Action.Commit commit) {
        blocks++;
        io.ballast.core.ledger.BlockResult executed = LedgerApplication.resultOf(commit);
        rejectedTxs += executed.receipts().size() - executed.acceptedCount();
        long now = now();
        for (byte[] tx : commit.block().block().transactions()) {
            committedTxs++;
            Long submitted = submittedAtMillis.remove(io.ballast.core.consensus.Block.txHash(tx));
            if (submitted != null) {
                if (finalityCount == finalityMillis.length) {
                    finalityMillis = Arrays.copyOf(finalityMillis, finalityCount * 2);
                }
                finalityMillis[finalityCount++] = now - submitted;
            }
        }
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
