package io.ballast.node;

import io.ballast.actors.validator.ConsensusSettings;
import com.typesafe.config.Config;
import io.ballast.api.ApiServer;
import io.ballast.api.ApiSettings;
import io.ballast.cluster.node.ClusterNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A cluster node with its HTTP API ({@code bin/ballast node --config FILE}, or embedded in a service through
 * {@link #start}): {@link ClusterNode} plus {@link ApiServer} on {@code ballast.http.host:port} when
 * {@code ballast.node.http = on}.
 */
public final class ApiNode implements AutoCloseable {
    private final ClusterNode node;
    private final ApiServer api;

    private ApiNode(ClusterNode node, ApiServer api) {
        this.node = node;
        this.api = api;
    }

    /**
     * Starts the node of {@code config} (see {@link ClusterNode#config(Config)}) and, when {@code ballast.node.http}
     * is on, its HTTP API; returns once the API is bound.
     *
     * @throws IllegalStateException before anything starts when the API's TLS settings are unusable
     */
    public static ApiNode start(Config config, PrintStream out) throws Exception {
        // Checked before joining: a node whose API cannot start must not take over validators first.
        ApiSettings settings = config.getBoolean("ballast.node.http") ? ApiSettings.load(config).requireUsableTls() : null;
        ClusterNode node = ClusterNode.start(config, out);
        if (settings == null) {
            return new ApiNode(node, null);
        }
        try {
            ApiServer api = ApiServer.start(node.system(), node.genesis(), ConsensusSettings.load(config, node.genesis()),
                    node.ids().all(), node.client(), settings).toCompletableFuture().get(60, TimeUnit.SECONDS);
            out.println("node: HTTP API on " + api.url());
            return new ApiNode(node, api);
        } catch (Exception e) {
            node.close();
            throw e;
        }
    }

    public static int run(Path configFile, PrintStream out) throws Exception {
        return ClusterNode.run(start(ClusterNode.config(configFile), out).node);
    }

    /** The cluster node (its actor system, genesis, committed blocks). */
    public ClusterNode node() {
        return node;
    }

    /** The HTTP API; empty when {@code ballast.node.http = off}. */
    public Optional<ApiServer> api() {
        return Optional.ofNullable(api);
    }

    /** Stops the node (coordinated shutdown unbinds the API, hands off and leaves) and waits until it has. */
    @Override
    public void close() throws Exception {
        node.close();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: ApiNode --config FILE");
            System.exit(2);
        }
        System.exit(run(Path.of(args[1]), System.out));
    }
}
