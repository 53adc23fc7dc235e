package io.ballast.node;

import io.ballast.actors.validator.ConsensusSettings;
import com.typesafe.config.Config;
import io.ballast.api.ApiServer;
import io.ballast.api.ApiSettings;
import io.ballast.cluster.node.ClusterNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A cluster node with its HTTP API ({@code bin/ballast node --config FILE}): {@link ClusterNode} plus
 * {@link ApiServer} on {@code ballast.http.host:port} when {@code ballast.node.http = on}.
 */
public final class ApiNode {
    private ApiNode() {}

    public static int run(Path configFile, PrintStream out) throws Exception {
        Config config = ClusterNode.config(configFile);
        // Checked before joining: a node whose API cannot start must not take over validators first.
        ApiSettings settings = config.getBoolean("ballast.node.http") ? ApiSettings.load(config).requireUsableTls() : null;
        ClusterNode node = ClusterNode.start(config, out);
        if (settings != null) {
            ApiServer api = ApiServer.start(node.system(), node.genesis(), ConsensusSettings.load(config, node.genesis()),
                    node.ids().all(), node.client(), settings).toCompletableFuture().get(60, TimeUnit.SECONDS);
            out.println("node: HTTP API on " + api.url());
        }
        return ClusterNode.run(node);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: ApiNode --config FILE");
            System.exit(2);
        }
        System.exit(run(Path.of(args[1]), System.out));
    }
}
