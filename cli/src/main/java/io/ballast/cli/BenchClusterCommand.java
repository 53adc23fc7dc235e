package io.ballast.cli;

import io.ballast.chaos.ClusterBench;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

/**
 * {@code bin/ballast bench cluster [--quick] [--nodes N] [--json FILE]}: throughput and time to finality of a real local
 * cluster under closed- and open-loop HTTP load, then the journal audit ({@link ClusterBench}, module chaos). The JMH
 * benchmarks ({@code bench ledger}, {@code bench consensus}) live in the bench module's jar; bin/ballast sends only
 * {@code bench cluster} here, because it needs the cluster and the chaos suite's audit.
 */
final class BenchClusterCommand {
    static final String USAGE = "bench cluster [--quick] [--nodes N] [--json FILE] [--accounts N] [--run-dir DIR]";

    private BenchClusterCommand() {}

    static int run(List<String> arguments, PrintStream out) throws Exception {
        if (arguments.isEmpty() || !arguments.get(0).equals("cluster")) {
            throw new UsageException("this jar runs only 'bench cluster'; bin/ballast runs 'bench ledger' and"
                    + " 'bench consensus' from the bench module's jar");
        }
        Args args = Args.parse(arguments.subList(1, arguments.size()), Set.of("quick"))
                .allowOnly(Set.of("quick", "nodes", "json", "accounts", "run-dir"));
        if (!args.positionals().isEmpty()) {
            throw new UsageException("usage: " + USAGE);
        }
        boolean quick = args.flag("quick");
        int nodes = (int) args.longOption("nodes", 4, 1, 9);
        int accounts = (int) args.longOption("accounts", 1_000, 256, 20_000);
        String json = args.option("json", null);
        // a fresh directory per run: a benchmark never continues an old chain
        Path runDir = Path.of(args.option("run-dir", "bench-run"))
                .resolve("run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        ClusterBench.Options options = ClusterBench.Options.standard(runDir, nodes, accounts, quick,
                json == null ? null : Path.of(json), ClusterCommand.ownJar(), out);
        return ClusterBench.run(options).exitCode();
    }
}
