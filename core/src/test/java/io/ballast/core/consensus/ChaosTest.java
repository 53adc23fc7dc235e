package io.ballast.core.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.Bytes32;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random faults (loss, jitter, crash/restart of at most one validator at a time) against
 * agreement and progress. Every failure message carries the seed that replays it.
 */
class ChaosTest {
    @Test
    void agreementAndProgressUnderRandomLossJitterAndCrashes() {
        for (long seed = Long.getLong("chaos.from", 1); seed <= Long.getLong("chaos.to", 12); seed++) {
            runSeed(seed);
        }
    }

    private static void runSeed(long seed) {
        Random random = new Random(seed);
        Cluster cluster = new Cluster(4, ConsensusHappyPathTest.testConfig().withEpochAndWindows(1_000, 10, 30, 10));
        cluster.jitter = new Random(seed * 31);
        cluster.jitterMillis = 200;
        Random loss = new Random(seed * 17);
        cluster.filter = (from, to, message) -> loss.nextInt(100) < 15;
        cluster.startAll();
        int down = -1;
        for (int phase = 0; phase < 12; phase++) {
            if (down >= 0) {
                cluster.restart(down);
                down = -1;
            } else if (random.nextBoolean()) {
                down = random.nextInt(4);
                cluster.crash(down);
            }
            cluster.submit(random.nextInt(4) == down ? (down + 1) % 4 : random.nextInt(4),
                    CounterApp.tx(random.nextInt(3), random.nextInt(100), "s" + seed + "p" + phase));
            cluster.runFor(5_000);
            assertTrue(cluster.agreementHolds(), "agreement, seed " + seed);
        }
        if (down >= 0) {
            cluster.restart(down);
        }
        cluster.filter = (from, to, message) -> false;
        long target = maxHeight(cluster) + 2;
        assertTrue(cluster.runUntil(() -> cluster.allAlivePast(target), 300_000),
                () -> "progress after healing, seed " + seed + " target " + target + "\n" + cluster.describe()
                        + (System.getProperty("chaos.trace") != null ? trace(cluster) : ""));
        cluster.assertAgreement();
        Bytes32 root = cluster.validator(0).committedBlock(target).block().header().stateRoot();
        for (int i = 1; i < 4; i++) {
            assertEquals(root, cluster.validator(i).committedBlock(target).block().header().stateRoot(), "seed " + seed);
        }
    }

    private static String trace(Cluster cluster) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            List<Action> log = cluster.node(i).actionLog;
            text.append("\nnode ").append(i).append(" last actions:");
            for (Action action : log.subList(Math.max(0, log.size() - 12), log.size())) {
                String line = action.toString();
                if (action instanceof Action.Broadcast b && b.message() instanceof Vote v) {
                    line = "Broadcast " + v.type() + " h" + v.height() + " r" + v.round() + " " + v.blockHash().shortHex();
                } else if (action instanceof Action.Broadcast b) {
                    line = "Broadcast " + b.message().getClass().getSimpleName();
                }
                text.append("\n   ").append(line.length() > 160 ? line.substring(0, 160) : line);
            }
        }
        return text.toString();
    }

    private static long maxHeight(Cluster cluster) {
        long max = 0;
        for (int i = 0; i < 4; i++) {
            max = Math.max(max, cluster.validator(i).lastCommittedHeight());
        }
        return max;
    }

    @Test
    void sameInputsGiveByteIdenticalChains() {
        assertEquals(chain(), chain());
    }

    private static List<Bytes32> chain() {
        Cluster cluster = new Cluster(4, ConsensusHappyPathTest.testConfig());
        cluster.jitter = new Random(5);
        cluster.jitterMillis = 50;
        cluster.startAll();
        cluster.submit(1, CounterApp.tx(0, 1, "a"), CounterApp.tx(2, 7, "b"));
        assertTrue(cluster.runUntil(() -> cluster.allAlivePast(8), 60_000));
        List<Bytes32> hashes = new ArrayList<>();
        for (long h = 1; h <= 8; h++) {
            hashes.add(cluster.validator(0).committedBlock(h).block().hash());
        }
        hashes.add(cluster.validator(0).stateRoot());
        return hashes;
    }
}
