package io.ballast.cli;

import io.ballast.node.ApiNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/ballast node --config FILE}: one node of a multi-JVM cluster (conf/node-1.conf is an example). */
@Command(name = "node", description = {"Runs one cluster node (seeds, failure domain, ports, key dir, Cassandra from"
        + " FILE; see conf/node-1.conf) with its HTTP API."})
final class NodeCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", required = true, description = "the node's HOCON configuration")
    private Path config;
    private final PrintStream out;

    NodeCommand(PrintStream out, PrintStream err) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        return ApiNode.run(config, out);
    }
}
