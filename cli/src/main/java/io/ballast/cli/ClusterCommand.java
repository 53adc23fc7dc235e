package io.ballast.cli;

import io.ballast.chaos.ClusterControl;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/ballast cluster up|down|status}: a local multi-JVM cluster on Cassandra (see chaos/README.md). */
@Command(name = "cluster", description = "A local cluster in the background: Cassandra + N node JVMs on 127.0.0.11.. (+ HTTP load).")
final class ClusterCommand {
    private static final String NODES = "node JVMs, 1..9 (default ${DEFAULT-VALUE})";
    private static final String RUN_DIR = "the cluster's files: configs, logs, pids, Cassandra data (default ${DEFAULT-VALUE})";
    private final PrintStream out;

    ClusterCommand(PrintStream out, PrintStream err) {
        this.out = out;
    }

    @Command(name = "up", description = {"Starts Cassandra and the nodes under a supervisor in the background; prints"
            + " each step (Cassandra, schema, each node started and joined, first commits) and returns once every"
            + " validator commits, with the status table. On an existing run dir it continues the chain."})
    int up(@Option(names = "--nodes", paramLabel = "N", defaultValue = "4", description = NODES) int nodes,
           @Option(names = "--traders", paramLabel = "N", defaultValue = "2",
                   description = "traders of the HTTP load, 0..100 (default ${DEFAULT-VALUE})") int traders,
           @Option(names = "--run-dir", paramLabel = "DIR", defaultValue = "cluster-run", description = RUN_DIR) Path runDir)
            throws Exception {
        return ClusterControl.up(runDir, Bounds.within("--nodes", nodes, 1, 9), Bounds.within("--traders", traders, 0, 100),
                ownJar(), out);
    }

    /** The supervisor JVM that {@code up} starts (not for direct use). */
    @Command(name = "supervise", hidden = true, description = "The supervisor JVM that cluster up starts.")
    int supervise(@Option(names = "--nodes", paramLabel = "N", defaultValue = "4", description = NODES) int nodes,
                  @Option(names = "--traders", paramLabel = "N", defaultValue = "2") int traders,
                  @Option(names = "--run-dir", paramLabel = "DIR", defaultValue = "cluster-run", description = RUN_DIR)
                  Path runDir) throws Exception {
        return ClusterControl.supervise(runDir, Bounds.within("--nodes", nodes, 1, 9),
                Bounds.within("--traders", traders, 0, 100), ownJar(), out);
    }

    @Command(name = "down", description = {"Stops the supervisor (it stops the nodes and Cassandra), then kills any"
            + " leftover process whose command line names the run dir."})
    int down(@Option(names = "--run-dir", paramLabel = "DIR", defaultValue = "cluster-run", description = RUN_DIR)
             Path runDir) throws Exception {
        return ClusterControl.down(runDir, out);
    }

    @Command(name = "status", description = {"Nodes, pids, membership, hosted validators and their heights, entities per"
            + " node, and time to finality of the HTTP load."})
    int status(@Option(names = "--nodes", paramLabel = "N", defaultValue = "4", description = NODES) int nodes,
               @Option(names = "--run-dir", paramLabel = "DIR", defaultValue = "cluster-run", description = RUN_DIR)
               Path runDir,
               @Mixin JsonOption json) throws Exception {
        return ClusterControl.status(runDir, Bounds.within("--nodes", nodes, 1, 9), json.json(), out);
    }

    static String ownJar() throws Exception {
        return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
