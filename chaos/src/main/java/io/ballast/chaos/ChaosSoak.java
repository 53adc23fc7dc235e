package io.ballast.chaos;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * {@code bin/ballast chaos --minutes N}: a fresh local cluster (4 validator hosts + the HTTP load, free ports), then the
 * chaos suite's faults round-robin for N minutes counted from when the cluster has formed (the current fault always finishes and heals). Exit code
 * 1 if any fault lost an acknowledged transaction, left the cluster unhealed or the journals inconsistent.
 * {@link #runOnce} runs each fault once and hands back the rows ({@code bin/ballast report --cluster}).
 */
public final class ChaosSoak {
    /** The suite's faults, in the order the soak runs them. */
    public static final List<Function<ChaosRun, ChaosRun.Row>> FAULTS = List.of(
            r -> r.killNode(3, Duration.ofSeconds(15)),
            r -> r.killCoordinator(Duration.ofSeconds(15)),
            r -> r.pause(2, Duration.ofSeconds(12)),
            r -> r.isolate(4, Duration.ofSeconds(12)),
            r -> r.oneWay(1, 3, Duration.ofSeconds(8)),
            r -> r.flapping(4, Duration.ofMillis(1500), Duration.ofSeconds(12)),
            r -> r.loss(3, 20, Duration.ofSeconds(10)),
            r -> r.killWithLoss(2, 1, 4, 10, Duration.ofSeconds(12)),
            r -> r.latency(2, 150, Duration.ofSeconds(12)),
            r -> r.fullRestart(Duration.ofSeconds(3)));

    private ChaosSoak() {}

    public static int run(Path runDir, long minutes, String classpath, PrintStream out) throws Exception {
        boolean[] ok = {true};
        boolean formed = withCluster(runDir, classpath, out, run -> {
            out.println("chaos: cluster formed; faults for " + minutes + " min (the last one always finishes and heals)");
            long end = System.nanoTime() + Duration.ofMinutes(minutes).toNanos();
            for (int i = 0; System.nanoTime() < end; i++) {
                ChaosRun.Row row = FAULTS.get(i % FAULTS.size()).apply(run);
                ok[0] &= survived(row);
                if (!ok[0]) {
                    break;
                }
            }
        });
        return formed && ok[0] ? 0 : 1;
    }

    /**
     * Each fault once against a fresh cluster, then the HTTP check on every node. Empty when the cluster did not
     * form (the reason is printed).
     */
    public static List<ChaosRun.Row> runOnce(Path runDir, String classpath, PrintStream out) throws Exception {
        List<ChaosRun.Row> rows = new java.util.ArrayList<>();
        withCluster(runDir, classpath, out, run -> {
            for (Function<ChaosRun, ChaosRun.Row> fault : FAULTS) {
                rows.add(fault.apply(run));
            }
            rows.add(run.httpWaitFinal(3));
        });
        return rows;
    }

    public static boolean survived(ChaosRun.Row row) {
        return row.problems().isEmpty() && row.lost() == 0 && row.healedMillis() >= 0;
    }

    /** False when the cluster did not form. */
    private static boolean withCluster(Path runDir, String classpath, PrintStream out,
                                       java.util.function.Consumer<ChaosRun> faults) throws Exception {
        try (Nft nft = Nft.create(runDir);
             LocalCluster cluster = LocalCluster.start(new LocalCluster.Options(runDir, 4, classpath, false, String.join("\n",
                     "pekko.cluster.split-brain-resolver.stable-after = 7s",
                "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 4s",
                     "pekko.cluster.sharding.rebalance-interval = 5s"), 4, 256, out))) {
            ChaosRun run = new ChaosRun(cluster, nft, out, Duration.ofSeconds(120));
            if (!run.awaitHealed(0)) {
                out.println("chaos: the cluster did not form; see " + cluster.runDir());
                return false;
            }
            faults.accept(run);
            out.println("chaos: per-fault results\n" + run.table());
            return true;
        }
    }
}
