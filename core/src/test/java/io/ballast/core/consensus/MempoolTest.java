package io.ballast.core.consensus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MempoolTest {
    private static final ConsensusConfig CONFIG = ConsensusHappyPathTest.testConfig().withLaneCapacities(2, 2, 3);
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
        List<byte[]> block = mempool.reap(10, 10_000);
        assertEquals(5, block.size());
        assertArrayEquals(oracle, block.get(0));
        assertArrayEquals(withdrawal, block.get(1));
        assertArrayEquals(trade2, block.get(2), "higher fee first");
        assertArrayEquals(trade1, block.get(3), "equal fee: earlier arrival first");
        assertArrayEquals(trade3, block.get(4));
        assertEquals(2, mempool.reap(2, 10_000).size(), "batch bounded by count");
        assertEquals(1, mempool.reap(10, oracle.length).size(), "batch bounded by bytes");
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
        assertTrue(mempool.reap(10, 10_000).isEmpty());
        assertEquals(TxResult.Status.ACCEPTED, add(mempool, trade).status(), "a client may resubmit it");
    }
}
