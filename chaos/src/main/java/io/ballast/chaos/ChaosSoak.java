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
 */
public final class ChaosSoak {
    private ChaosSoak() {}

    public static int run(Path runDir, long minutes, String classpath, PrintStream out) throws Exception {
        List<Function<ChaosRun, ChaosRun.Row>> faults = List.of(
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
        boolean ok = true;
        try (Nft nft = Nft.create(runDir);
             LocalCluster cluster = LocalCluster.start(new LocalCluster.Options(runDir, 4, classpath, false, String.join("\n",
                     "pekko.cluster.split-brain-resolver.stable-after = 7s",
                "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 4s",
                     "pekko.cluster.sharding.rebalance-interval = 5s"), 4, 256, out))) {
            ChaosRun run = new ChaosRun(cluster, nft, out, Duration.ofSeconds(120));
            if (!run.awaitHealed(0)) {
                out.println("chaos: the cluster did not form; see " + cluster.runDir());
                return 1;
            }
            out.println("chaos: cluster formed; faults for " + minutes + " min (the last one always finishes and heals)");
            long end = System.nanoTime() + Duration.ofMinutes(minutes).toNanos();
            for (int i = 0; System.nanoTime() < end; i++) {
                ChaosRun.Row row = faults.get(i % faults.size()).apply(run);
                ok &= row.problems().isEmpty() && row.lost() == 0 && row.healedMillis() >= 0;
                if (!ok) {
                    break;
                }
            }
            out.println("chaos: per-fault results\n" + run.table());
        }
        return ok ? 0 : 1;
    }
}
