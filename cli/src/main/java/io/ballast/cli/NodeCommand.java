package io.ballast.cli;

import io.ballast.node.ApiNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code bin/ballast node --config FILE}: one node of a multi-JVM cluster (conf/node-1.conf is an example). */
final class NodeCommand {
    static final String USAGE = "node --config FILE";

    private NodeCommand() {}

    static int run(List<String> arguments, PrintStream out) throws Exception {
        Args args = Args.parse(arguments, Set.of()).allowOnly(Set.of("config"));
        String config = args.option("config", null);
        if (config == null || !args.positionals().isEmpty()) {
            throw new UsageException("usage: " + USAGE);
        }
        return ApiNode.run(Path.of(config), out);
    }
}
