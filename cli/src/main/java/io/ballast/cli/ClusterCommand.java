package io.ballast.cli;

import io.ballast.chaos.ClusterControl;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code bin/ballast cluster up|down|status}: a local multi-JVM cluster on Cassandra (see chaos/README.md). */
final class ClusterCommand {
    static final String USAGE = "cluster up|down|status [--nodes N] [--traders N] [--run-dir DIR]";

    private ClusterCommand() {}

    static int run(List<String> arguments, PrintStream out) throws Exception {
        Args args = Args.parse(arguments, Set.of()).allowOnly(Set.of("nodes", "traders", "run-dir"));
        if (args.positionals().size() != 1) {
            throw new UsageException("usage: " + USAGE);
        }
        Path runDir = Path.of(args.option("run-dir", "cluster-run"));
        int nodes = (int) args.longOption("nodes", 4, 1, 9);
        int traders = (int) args.longOption("traders", 2, 0, 100);
        return switch (args.positional(0, "subcommand")) {
            case "up" -> ClusterControl.up(runDir, nodes, traders, ownJar(), out);
            case "supervise" -> ClusterControl.supervise(runDir, nodes, traders, ownJar(), out);
            case "down" -> ClusterControl.down(runDir, out);
            case "status" -> ClusterControl.status(runDir, nodes, out);
            default -> throw new UsageException("usage: " + USAGE);
        };
    }

    static String ownJar() throws Exception {
        return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
