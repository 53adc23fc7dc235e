package io.ballast.core.consensus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.Bytes32;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

class MempoolTest {
    private static final ConsensusConfig CONFIG = ConsensusHappyPathTest.testConfig().withLaneCapacities(2, 2, 3);
    private static final ToLongFunction<Bytes32> NO_STREAMS = stream -> {
        throw new AssertionError("no transaction here is in a nonce stream");
    };
    private static final Bytes32 ALICE = Bytes32.wrap(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    private static final Bytes32 BOB = Bytes32.ZERO;
    private final CounterApp app = new CounterApp(List.of(), 1_000);

    private TxResult add(Mempool mempool, byte[] tx) {
        return mempool.add(tx, app.checkTransaction(tx));
    }

    @Test
    void lanesFirstThenFeeThenArrival() {
        Mempool mempool = new Mempool(CONFIG);
        byte[] trade1 = CounterApp.tx(2, 50, "t1");
        byte[] trade2 = CounterApp.tx(2, 90, "t2");
        byte[] trade3 = CounterApp.tx(2, 50, "t3");
        byte[] withdrawal = CounterApp.tx(1, 1, "w");
        byte[] oracle = CounterApp.tx(0, 0, "o");
        for (byte[] tx : List.of(trade1, trade2, trade3, withdrawal, oracle)) {
            assertEquals(TxResult.Status.ACCEPTED, add(mempool, tx).status());
        }
        List<byte[]> block = mempool.reap(10, 10_000, NO_STREAMS);
        assertEquals(5, block.size());
        assertArrayEquals(oracle, block.get(0));
        assertArrayEquals(withdrawal, block.get(1));
        assertArrayEquals(trade2, block.get(2), "higher fee first");
        assertArrayEquals(trade1, block.get(3), "equal fee: earlier arrival first");
        assertArrayEquals(trade3, block.get(4));
        assertEquals(2, mempool.reap(2, 10_000, NO_STREAMS).size(), "batch bounded by count");
        assertEquals(1, mempool.reap(10, oracle.length, NO_STREAMS).size(), "batch bounded by bytes");
    }

    @Test
    void aFullLaneRejectsClearlyAndNeverEvicts() {
        Mempool mempool = new Mempool(CONFIG);
        byte[] a = CounterApp.tx(0, 1, "a");
        byte[] b = CounterApp.tx(0, 2, "b");
        add(mempool, a);
        add(mempool, b);
        TxResult full = add(mempool, CounterApp.tx(0, 1_000_000, "rich"));
        assertEquals(TxResult.Status.REJECTED, full.status());
        assertEquals(TxResult.RejectReason.LANE_FULL, full.reason());
        assertEquals(CONFIG.retryAfterMillis(), full.retryAfterMillis());
        assertEquals(2, mempool.size(0), "accepted transactions stay");
        assertEquals(TxResult.Status.ACCEPTED, add(mempool, CounterApp.tx(1, 0, "other lane")).status());
        assertEquals(TxResult.Status.DUPLICATE, add(mempool, a).status());
        assertEquals(TxResult.RejectReason.INVALID, add(mempool, new byte[] {1}).reason());
        assertEquals(TxResult.RejectReason.TOO_LARGE, mempool.add(new byte[CONFIG.maxTxBytes() + 1],
                TxCheck.accept(2, 0)).reason());

        mempool.removeCommitted(List.of(a));
        assertEquals(1, mempool.size(0));
        assertEquals(TxResult.RejectReason.ALREADY_COMMITTED, add(mempool, a).reason());
        assertEquals(TxResult.Status.ACCEPTED, add(mempool, CounterApp.tx(0, 5, "c")).status(), "room again");
    }

    @Test
    void validatorsReportOutcomesGossipAndCommitEveryAcceptedTransaction() {
        Cluster cluster = new Cluster(4, CONFIG);
        cluster.startAll();
        cluster.submit(2, CounterApp.tx(0, 1, "o1"), CounterApp.tx(0, 1, "o2"), CounterApp.tx(0, 1, "o3"),
                CounterApp.tx(0, 1, "o1"), new byte[] {7});
        List<TxResult> results = cluster.node(2).txResults;
        assertEquals(TxResult.Status.ACCEPTED, results.get(0).status());
        assertEquals(TxResult.Status.ACCEPTED, results.get(1).status());
        assertEquals(TxResult.RejectReason.LANE_FULL, results.get(2).reason());
        assertEquals(TxResult.Status.DUPLICATE, results.get(3).status());
        assertEquals(TxResult.RejectReason.INVALID, results.get(4).reason());
        cluster.runFor(cluster.latencyMillis); // one hop: gossip arrived, the block it triggers is not committed yet
        for (int i = 0; i < 4; i++) {
            assertEquals(2, cluster.validator(i).mempool().size(), "gossiped to validator " + i);
        }
        assertTrue(cluster.runUntil(() -> cluster.allAlivePast(3), 60_000));
        for (int i = 0; i < 4; i++) {
            assertEquals(0, cluster.validator(i).mempool().size());
            assertEquals(2, cluster.node(i).app.executedTxs());
        }
    }

    @Test
    void blocksAreBatchedByCount() {
        ConsensusConfig config = ConsensusHappyPathTest.testConfig().withBatch(3, 64 * 1024);
        Cluster cluster = new Cluster(4, config);
        cluster.startAll();
        byte[][] txs = new byte[10][];
        for (int i = 0; i < txs.length; i++) {
            txs[i] = CounterApp.tx(2, i, "t" + i);
        }
        for (int node = 0; node < 4; node++) { // every mempool holds all ten before the first proposal
            cluster.submit(node, txs);
        }
        assertTrue(cluster.runUntil(() -> cluster.node(1).app.executedTxs() == 10, 60_000));
        for (long h = 1; h <= cluster.validator(1).lastCommittedHeight(); h++) {
            assertTrue(cluster.validator(1).committedBlock(h).block().transactions().size() <= 3);
        }
        assertArrayEquals(txs[9], cluster.validator(1).committedBlock(1).block().transactions().get(0), "highest fee first");
    }
    @Test
    void clearEmptiesEveryLaneWithoutRememberingTheEntriesAsCommitted() {
        Mempool mempool = new Mempool(CONFIG);
        byte[] trade = CounterApp.tx(2, 5, "t");
        byte[] withdrawal = CounterApp.tx(1, 5, "w");
        byte[] oracle = CounterApp.tx(0, 0, "o");
        for (byte[] tx : List.of(trade, withdrawal, oracle)) {
            assertEquals(TxResult.Status.ACCEPTED, add(mempool, tx).status());
        }
        assertEquals(3, mempool.clear());
        assertEquals(0, mempool.size());
        for (int lane = 0; lane < ConsensusConfig.LANES; lane++) {
            assertEquals(0, mempool.size(lane));
        }
        assertTrue(mempool.reap(10, 10_000, NO_STREAMS).isEmpty());
        assertEquals(TxResult.Status.ACCEPTED, add(mempool, trade).status(), "a client may resubmit it");
    }

    private static byte[] inStream(Mempool mempool, Bytes32 stream, long number, int lane, long fee) {
        byte[] tx = CounterApp.tx(lane, fee, stream.shortHex() + "#" + number + "/" + fee);
        assertEquals(TxResult.Status.ACCEPTED, mempool.add(tx, TxCheck.accept(lane, fee,
                new TxCheck.Sequence(stream, number))).status());
        return tx;
    }

    private static List<byte[]> reap(Mempool mempool, int maxTxs, int maxBytes, Map<Bytes32, Long> next) {
        return mempool.reap(maxTxs, maxBytes, stream -> next.get(stream));
    }

    @Test
    void aStreamGoesInByNumberAndWhatFollowsAGapWaits() {
        Mempool mempool = new Mempool(CONFIG.withLaneCapacities(20, 20, 20));
        byte[] three = inStream(mempool, ALICE, 3, 2, 0);
        byte[] one = inStream(mempool, ALICE, 1, 2, 0);
        byte[] five = inStream(mempool, ALICE, 5, 2, 0);
        byte[] two = inStream(mempool, ALICE, 2, 2, 0);
        byte[] bob = inStream(mempool, BOB, 7, 2, 0);
        assertEquals(hex(one, two, three, bob), asList(reap(mempool, 10, 10_000, Map.of(ALICE, 1L, BOB, 7L))),
                "1 then the waiting 2 and 3; 5 waits for 4; another stream is not held up");

        mempool.removeCommitted(List.of(one, two, three, bob));
        assertTrue(reap(mempool, 10, 10_000, Map.of(ALICE, 4L)).isEmpty(), "5 still waits for 4");
        byte[] four = inStream(mempool, ALICE, 4, 2, 0);
        assertEquals(hex(four, five), asList(reap(mempool, 10, 10_000, Map.of(ALICE, 4L))));
    }

    @Test
    void aHigherFeeOrAnEarlierLaneDoesNotJumpItsStream() {
        Mempool mempool = new Mempool(CONFIG.withLaneCapacities(20, 20, 20));
        byte[] secondRich = inStream(mempool, ALICE, 2, 2, 1_000);
        byte[] secondInLaneZero = inStream(mempool, BOB, 2, 0, 0);
        byte[] other = CounterApp.tx(2, 500, "unordered");
        mempool.add(other, app.checkTransaction(other));
        byte[] first = inStream(mempool, ALICE, 1, 2, 0);
        byte[] bobFirst = inStream(mempool, BOB, 1, 2, 0);
        assertEquals(hex(other, first, secondRich, bobFirst, secondInLaneZero),
                asList(reap(mempool, 10, 10_000, Map.of(ALICE, 1L, BOB, 1L))));
    }

    @Test
    void usedNumbersAndSecondTransactionsOfANumberGoInForTheirRejection() {
        Mempool mempool = new Mempool(CONFIG.withLaneCapacities(20, 20, 20));
        byte[] used = inStream(mempool, ALICE, 3, 2, 0);
        byte[] four = inStream(mempool, ALICE, 4, 2, 0);
        byte[] fourAgain = inStream(mempool, ALICE, 4, 2, 1);
        List<Object> block = asList(reap(mempool, 10, 10_000, Map.of(ALICE, 4L)));
        assertEquals(3, block.size());
        assertEquals(hex(fourAgain, used, four), block, "the higher fee takes 4; the other 4 and 3 are used numbers");
    }

    @Test
    void aStreamStopsWhereTheBlockIsFullAndNeverSkipsANumber() {
        Mempool mempool = new Mempool(CONFIG.withLaneCapacities(20, 20, 20));
        List<byte[]> stream = new ArrayList<>();
        for (long number = 6; number >= 1; number--) {
            stream.add(0, inStream(mempool, ALICE, number, 2, 0));
        }
        assertEquals(asList(stream.subList(0, 4)), asList(reap(mempool, 4, 10_000, Map.of(ALICE, 1L))), "by count");
        int bytes = stream.get(0).length + stream.get(1).length + stream.get(2).length;
        assertEquals(asList(stream.subList(0, 3)), asList(reap(mempool, 10, bytes, Map.of(ALICE, 1L))), "by bytes");
        byte[] small = CounterApp.tx(2, 0, "s");
        mempool.add(small, app.checkTransaction(small));
        List<Object> withSmall = asList(reap(mempool, 10, bytes + small.length, Map.of(ALICE, 1L)));
        assertEquals(4, withSmall.size(), "the unordered small one fits where ALICE's 4 did not: " + withSmall.size());
        assertTrue(withSmall.containsAll(hex(small)));
    }

    private static List<Object> hex(byte[]... txs) {
        return asList(List.of(txs));
    }

    /** Byte arrays compared by content. */
    private static List<Object> asList(List<byte[]> txs) {
        List<Object> contents = new ArrayList<>();
        for (byte[] tx : txs) {
            contents.add(java.util.HexFormat.of().formatHex(tx));
        }
        return contents;
    }
}
