package io.ballast.core.consensus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A minimum block interval batches waiting transactions into fewer, fuller blocks. */
class MinBlockIntervalTest {
    private static final long STREAM_MILLIS = 4_000;

    /** Submits one transaction every 20 ms for {@link #STREAM_MILLIS}; returns the committed height. */
    private static long heightUnderSteadyTraffic(ConsensusConfig config) {
        Cluster cluster = new Cluster(4, config);
        cluster.startAll();
        for (int i = 0; i < STREAM_MILLIS / 20; i++) {
            cluster.submit(i % 4, CounterApp.tx(2, 1, "trade-" + i));
            cluster.runFor(20);
        }
        cluster.runFor(2_000);
        cluster.assertAgreement();
        for (int i = 0; i < 4; i++) {
            assertTrue(cluster.validator(i).mempool().size() == 0, "every transaction committed");
        }
        return cluster.validator(0).lastCommittedHeight();
    }

    @Test
    void blocksComeNoFasterThanTheIntervalAndCarryMoreTransactions() {
        ConsensusConfig base = ConsensusHappyPathTest.testConfig();
        long eager = heightUnderSteadyTraffic(base);
        long paced = heightUnderSteadyTraffic(base.withMinBlockInterval(400));
        // 6 s of simulated time: at most one block per 400 ms (+ the commit latency) when paced,
        // while the eager leader proposes as soon as anything waits (~one block per 4 network hops)
        assertTrue(paced <= 6_000 / 400 + 1, "paced height " + paced);
        assertTrue(eager >= 3 * paced, "eager " + eager + " vs paced " + paced);
    }

    @Test
    void aLeaderWaitingOutTheEmptyBlockDelayProposesAsSoonAsATransactionArrivesFromAnyValidator() {
        ConsensusConfig base = ConsensusHappyPathTest.testConfig();
        long emptyBlockDelayMillis = 900;
        ConsensusConfig config = new ConsensusConfig(base.roundTimeoutBaseMillis(), base.roundTimeoutMaxMillis(),
                base.backoffPercent(), emptyBlockDelayMillis, base.maxBlockTxs(), base.maxBlockBytes(), base.maxTxBytes(),
                base.maxBlockEvidence(), base.laneCapacities(), base.epochLengthBlocks(), base.reputationWindowBlocks(),
                base.syncWindowBlocks(), base.snapshotIntervalBlocks(), base.syncRetryMillis(), base.syncBatchBlocks(),
                base.futureRoundWindow(), base.maxFutureHeightMessages(), base.maxMessageBytes(), base.maxSnapshotBytes(),
                base.maxPendingEvidence(), base.retryAfterMillis(), 0);
        Cluster cluster = new Cluster(4, config);
        cluster.startAll();
        assertTrue(cluster.runUntil(() -> cluster.allAlivePast(2), 10_000));
        // right after a commit, while the next leader waits out its empty-block delay, another validator receives a
        // transaction: it reaches the leader by gossip (three trials, each submitting to another non-leader)
        for (int trial = 0; trial < 3; trial++) {
            long height = cluster.validator(0).lastCommittedHeight();
            assertTrue(cluster.runUntil(() -> cluster.allAlivePast(height + 1), 10_000));
            int leader = cluster.validator(0).leader(0);
            int node = (leader + 1 + trial) % 4;
            long submittedAt = cluster.now;
            long executedBefore = cluster.node(node).app.executedTxs();
            cluster.submit(node, CounterApp.tx(2, 1, "trade-" + trial));
            assertTrue(cluster.runUntil(() -> cluster.node(node).app.executedTxs() > executedBefore, 5_000));
            long latencyMillis = cluster.now - submittedAt;
            // gossip, proposal, prevotes, precommits: a handful of 10 ms hops, far below the 900 ms delay
            assertTrue(latencyMillis < 200, "submitted to validator " + node + " (leader " + leader + "), committed after "
                    + latencyMillis + " ms");
        }
        cluster.assertAgreement();
    }

    @Test
    void intervalMayNotExceedTheRoundTimeout() {
        ConsensusConfig base = ConsensusHappyPathTest.testConfig();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> base.withMinBlockInterval(base.roundTimeoutBaseMillis() + 1));
    }
}
