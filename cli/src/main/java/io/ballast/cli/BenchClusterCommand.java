package io.ballast.cli;

import io.ballast.chaos.ClusterBench;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/ballast bench cluster}: throughput and time to finality of a real local cluster under closed- and
 * open-loop HTTP load, then the journal audit ({@link ClusterBench}, module chaos).
 */
@Command(name = "cluster", description = {"A real local cluster (Cassandra + N node JVMs) under HTTP load from this JVM:"
        + " pre-signed trades from funded accounts, closed loop (C = 16, 64, 256) then open loop at rising rates until"
        + " p99 > 1 s; per step committed tx/s, p50/p99/p99.9 finality, CPU %% per JVM, verifications per tx; at the end"
        + " every acknowledged transaction is audited against the journals (lost or duplicated: exit 1)."})
final class BenchClusterCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "under 5 minutes: shorter steps")
    private boolean quick;
    @Option(names = "--nodes", paramLabel = "N", description = "node JVMs, 1..9 (default ${DEFAULT-VALUE})")
    private int nodes = 4;
    @Option(names = "--json", paramLabel = "FILE", description = "also write the summary as JSON to FILE")
    private Path json;
    @Option(names = "--accounts", paramLabel = "N", description = "funded accounts, 256..20000 (default ${DEFAULT-VALUE})")
    private int accounts = 1_000;
    @Option(names = "--run-dir", paramLabel = "DIR", description = "parent of this run's directory (default ${DEFAULT-VALUE})")
    private Path runDir = Path.of("bench-run");
    @Option(names = "--node-config", paramLabel = "FILE", description = "extra HOCON for every node, e.g. "
            + "ballast.consensus.min-block-interval = 0ms (at most 64 KiB)")
    private Path nodeConfig;
    private final PrintStream out;

    BenchClusterCommand(PrintStream out, PrintStream err) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        Bounds.within("--nodes", nodes, 1, 9);
        Bounds.within("--accounts", accounts, 256, 20_000);
        // a fresh directory per run: a benchmark never continues an old chain
        Path dir = runDir.resolve("run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        ClusterBench.Options options = ClusterBench.Options.standard(dir, nodes, accounts, quick, json,
                ClusterCommand.ownJar(), nodeConfig == null ? "" : NodeConfigFile.read(nodeConfig), out);
        return ClusterBench.run(options).exitCode();
    }
}
