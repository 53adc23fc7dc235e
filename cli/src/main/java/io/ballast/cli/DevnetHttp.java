package io.ballast.cli;

import io.ballast.actors.validator.ConsensusSettings;
import io.ballast.api.ApiServer;
import io.ballast.api.ApiSettings;
import io.ballast.cluster.devnet.Devnet;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/** Starts the HTTP API inside {@code bin/ballast devnet} and prints its URL. */
final class DevnetHttp {
    private DevnetHttp() {}

    /**
     * @param port null: {@code ballast.http.port} (8080, or BALLAST_HTTP_PORT); 0: ephemeral
     * @throws IllegalStateException if the API cannot serve (port taken, unusable TLS key store)
     */
    static void start(Devnet devnet, Integer port, PrintStream out) {
        ApiSettings settings = ApiSettings.load(devnet.system().settings().config());
        if (port != null) {
            settings = settings.withPort(port);
        }
        try {
            ApiServer api = ApiServer.start(devnet.system(), devnet.genesis(), ConsensusSettings.load(devnet.system().settings().config(), devnet.genesis()),
                    devnet.ids().all(), devnet.client(), settings).toCompletableFuture().get(30, TimeUnit.SECONDS);
            String trust = settings.tls().enabled() ? " --trust-store CA.pem" : "";
            out.println("devnet: HTTP API on " + api.url() + "  (try: bin/ballast status --node " + api.url() + trust + ")");
        } catch (Exception e) {
            throw new IllegalStateException("HTTP API not started on " + settings.host() + ":" + settings.port() + ": "
                    + e.getMessage(), e);
        }
    }
}
