package io.ballast.cli;

import io.ballast.chaos.ChaosSoak;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/ballast chaos --minutes N}: the chaos suite's faults in a loop against a fresh local cluster. */
@Command(name = "chaos", description = {"Soak: kill -9, SIGSTOP, partitions and loss against a fresh local cluster"
        + " for N minutes; prints each fault as it runs, then a per-fault table."})
final class ChaosCommand implements Callable<Integer> {
    @Option(names = "--minutes", paramLabel = "N", description = "minutes, 1..1440 (default ${DEFAULT-VALUE})")
    private long minutes = 10;
    @Option(names = "--run-dir", paramLabel = "DIR", description = "the cluster's files (default ${DEFAULT-VALUE})")
    private Path runDir = Path.of("chaos-run");
    private final PrintStream out;

    ChaosCommand(PrintStream out, PrintStream err) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        Bounds.within("--minutes", minutes, 1, 24 * 60);
        return ChaosSoak.run(runDir, minutes, ClusterCommand.ownJar(), out);
    }
}
