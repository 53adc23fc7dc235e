package io.ballast.cli;

import io.ballast.chaos.ChaosSoak;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code bin/ballast chaos --minutes N}: the chaos suite's faults in a loop against a fresh local cluster. */
final class ChaosCommand {
    static final String USAGE = "chaos [--minutes N] [--run-dir DIR]";

    private ChaosCommand() {}

    static int run(List<String> arguments, PrintStream out) throws Exception {
        Args args = Args.parse(arguments, Set.of()).allowOnly(Set.of("minutes", "run-dir"));
        long minutes = args.longOption("minutes", 10, 1, 24 * 60);
        Path runDir = Path.of(args.option("run-dir", "chaos-run"));
        return ChaosSoak.run(runDir, minutes, ClusterCommand.ownJar(), out);
    }
}
