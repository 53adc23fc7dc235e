package io.ballast.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The multi-JVM chaos suite: a real Cassandra, four validator-host JVMs (one validator each, 25 % of the stake,
 * on 127.0.0.11–14, each with its HTTP API, oracle operator, margin accounts and liquidators) and an HTTP load from
 * this JVM ({@link HttpLoad}), faults injected one at a time (and one combined), each followed by a heal and a
 * journal audit. Prints one table row per fault.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterChaosTest {
    private static final Duration HEAL_BOUND = Duration.ofSeconds(120);
    private LocalCluster cluster;
    private Nft nft;
    private ChaosRun run;
    private long suiteStart;

    @BeforeAll
    void startCluster() throws Exception {
        suiteStart = System.nanoTime();
        Path runDir = Path.of("target", "chaos-run-" + ProcessHandle.current().pid());
        nft = Nft.create(runDir); // fails loudly without nftables: partitions must not be skipped silently
        String classpath = Files.readString(Path.of(System.getProperty("ballast.chaos.node-classpath-file"))).strip();
        cluster = LocalCluster.start(new LocalCluster.Options(runDir, 4, classpath, false, String.join("\n",
                "pekko.cluster.split-brain-resolver.stable-after = 7s",
                "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 4s",
                "pekko.cluster.sharding.rebalance-interval = 5s"), 4, 256, System.out));
        run = new ChaosRun(cluster, nft, System.out, HEAL_BOUND);
        assertTrue(LocalCluster.await(Duration.ofSeconds(240), () -> run.awaitHealed(0)
                        && Files.exists(cluster.ackLog()) && cluster.loadFunded()),
                "cluster formed: placement " + cluster.placement() + " heights " + run.heights());
        System.out.printf("[chaos] cluster up in %d s: placement %s%n",
                LocalCluster.millisSince(suiteStart) / 1000, cluster.placement());
    }

    @AfterAll
    void stopCluster() {
        try {
            if (run != null) {
                System.out.println("[chaos] per-fault results:\n" + run.table());
            }
        } finally {
            try {
                if (nft != null) {
                    nft.close();
                }
            } finally {
                if (cluster != null) {
                    cluster.close();
                }
                System.out.printf("[chaos] suite time %d s%n", LocalCluster.millisSince(suiteStart) / 1000);
            }
        }
    }

    private static void assertSurvived(ChaosRun.Row row, boolean commitsDuringFault) {
        assertTrue(row.problems().isEmpty(), row.fault() + ": " + row.problems());
        assertEquals(0, row.lost(), row.fault() + ": acknowledged transactions lost");
        assertTrue(row.healedMillis() >= 0, row.fault() + ": every validator back at one state root");
        if (commitsDuringFault) {
            assertTrue(row.progressDuring() >= 3, row.fault() + ": commits continued during the fault (< 1/3 of stake)"
                    + " but only " + row.progressDuring() + " blocks");
        }
    }

    @Test
    @Order(1)
    void killANode() {
        assertSurvived(run.killNode(3, Duration.ofSeconds(15)), true);
    }

    @Test
    @Order(2)
    void killTheShardingCoordinator() {
        assertSurvived(run.killCoordinator(Duration.ofSeconds(15)), true);
    }

    @Test
    @Order(3)
    void pauseANodeLongerThanTheFailureDetector() {
        assertSurvived(run.pause(2, Duration.ofSeconds(12)), true);
    }

    @Test
    @Order(4)
    void partitionOneNodeFromTheRest() {
        assertSurvived(run.isolate(4, Duration.ofSeconds(12)), true);
    }

    @Test
    @Order(5)
    void oneWayPartition() {
        assertSurvived(run.oneWay(1, 3, Duration.ofSeconds(8)), true);
    }

    @Test
    @Order(6)
    void flappingPartition() {
        assertSurvived(run.flapping(4, Duration.ofMillis(1500), Duration.ofSeconds(12)), true);
    }

    @Test
    @Order(7)
    void packetLoss() {
        assertSurvived(run.loss(3, 20, Duration.ofSeconds(10)), true);
    }

    @Test
    @Order(8)
    void killPlusLossCombined() {
        assertSurvived(run.killWithLoss(2, 1, 4, 10, Duration.ofSeconds(12)), true);
    }

    @Test
    @Order(9)
    void addedLatencyOnEveryLinkOfOneNode() {
        assertSurvived(run.latency(2, 150, Duration.ofSeconds(12)), true);
    }

    /** Besides its validator, every node runs margin-account entities and liquidators (reported in status.json). */
    @Test
    @Order(0)
    void theNodesHostMarginAccountsAndLiquidators() {
        java.util.function.ToIntFunction<String> total = type -> {
            int sum = 0;
            for (int node = 1; node <= cluster.nodes(); node++) {
                sum += cluster.status(node).map(s -> s.path("entities").path(type).asInt(0)).orElse(0);
            }
            return sum;
        };
        java.util.function.IntSupplier liquidatorHosts = () -> {
            int hosts = 0;
            for (int node = 1; node <= cluster.nodes(); node++) {
                hosts += cluster.status(node).map(s -> s.path("entities").path("Liquidator").asInt(0)).orElse(0) > 0 ? 1 : 0;
            }
            return hosts;
        };
        assertTrue(LocalCluster.await(Duration.ofSeconds(60), () -> total.applyAsInt("Validator") == LocalCluster.VALIDATORS
                        && total.applyAsInt("MarginAccount") > 0 && total.applyAsInt("Liquidator") >= 2
                        && liquidatorHosts.getAsInt() >= 2),
                "entities per node: validators " + total.applyAsInt("Validator") + ", margin accounts "
                        + total.applyAsInt("MarginAccount") + ", liquidators " + total.applyAsInt("Liquidator") + " on "
                        + liquidatorHosts.getAsInt() + " nodes");
    }

    @Test
    @Order(0)
    void everyNodeServesHttpWithFinalReceipts() {
        ChaosRun.Row row = run.httpWaitFinal(3);
        assertTrue(row.problems().isEmpty(), row.problems().toString());
        assertEquals(4 * 3, row.ackedDuring(), "3 deposits acknowledged as final through each node's API");
        assertEquals(0, row.lost());
    }

    @Test
    @Order(10)
    void fullClusterStopAndRestartFromCassandra() {
        assertSurvived(run.fullRestart(Duration.ofSeconds(3)), false);
    }

    @Test
    @Order(11)
    void afterEveryFaultEveryNodeStillServesFinalReceiptsOverHttp() {
        everyNodeServesHttpWithFinalReceipts();
    }
}
