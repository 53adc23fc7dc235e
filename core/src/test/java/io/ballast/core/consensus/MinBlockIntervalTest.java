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
    void intervalMayNotExceedTheRoundTimeout() {
        ConsensusConfig base = ConsensusHappyPathTest.testConfig();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> base.withMinBlockInterval(base.roundTimeoutBaseMillis() + 1));
    }
}
