package io.ballast.api;

import io.ballast.actors.chain.NodeClient;
import io.ballast.actors.node.NodeSignatures;
import io.ballast.actors.validator.ValidatorRecovered;
import io.ballast.core.consensus.ConsensusConfig;
import io.ballast.core.ledger.Genesis;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;

/**
 * Starts a node's HTTP API: the {@link ChainIndex} (fed by the node's chain follower), metrics, and
 * the routes bound on {@code settings.host():settings.port()} (127.0.0.1 by default; port 0 = ephemeral), over TLS
 * when {@code settings.tls()} is enabled. The binding is released by coordinated shutdown ({@code terminateOnShutdown}).
 * What the HTTP server refuses before the routes run is answered as a problem too ({@code serverSettings}, {@link ProblemParsingErrors}).
 */
public final class ApiServer {
    private final ServerBinding binding;
    private final Route route;
    private final ApiMetrics metrics;
    private final ActorRef<ChainIndex.Command> index;
    private final String scheme;

    private ApiServer(ServerBinding binding, String scheme, Route route, ApiMetrics metrics,
                      ActorRef<ChainIndex.Command> index) {
        this.binding = binding;
        this.scheme = scheme;
        this.route = route;
        this.metrics = metrics;
        this.index = index;
    }

    /**
     * @throws IllegalStateException before anything starts when TLS is enabled but its key store is unusable (missing,
     *     wrong password, no key): the API never falls back to plain HTTP
     */
    public static CompletionStage<ApiServer> start(ActorSystem<?> system, Genesis genesis, ConsensusConfig consensus,
                                                   List<String> validatorIds, NodeClient client, ApiSettings settings) {
        Optional<HttpsConnectionContext> https = settings.tls().enabled()
                ? Optional.of(ServerTls.connectionContext(settings.tls())) : Optional.empty();
        NodeSignatures signatures = NodeSignatures.get(system);
        ApiMetrics metrics = new ApiMetrics(signatures::verifications, signatures::preverifyRefusals);
        ActorRef<ChainIndex.Command> index = system.systemActorOf(ChainIndex.create(genesis, consensus, validatorIds,
                client.follower(), settings.limits(), metrics), "api-chain-index", Props.empty());
        system.eventStream().tell(new EventStream.Subscribe<>(ValidatorRecovered.class, system.systemActorOf(
                Behaviors.<ValidatorRecovered>receiveMessage(recovered -> {
                    metrics.restart(recovered.validatorId());
                    return Behaviors.same();
                }), "api-restart-counter", Props.empty())));
        TxSubmission submission = new TxSubmission(system, genesis, index, client, settings, metrics);
        Route route = new ApiRoutes(system, genesis, validatorIds, index, submission, settings, metrics, openApi()).route();
        ServerBuilder server = Http.get(system).newServerAt(settings.host(), settings.port()).withSettings(serverSettings(system));
        return https.map(server::enableHttps).orElse(server).bind(route)
                .thenApply(binding -> new ApiServer(binding.addToCoordinatedShutdown(Duration.ofSeconds(3), system),
                        settings.tls().scheme(), route, metrics, index));
    }

    /**
     * Pekko HTTP's server settings from the system's configuration ({@code pekko.http.server}: limits, request
     * timeout), with what it refuses before the routes run answered as problems ({@link ProblemParsingErrors}).
     */
    static ServerSettings serverSettings(ActorSystem<?> system) {
        return ServerSettings.create(system.classicSystem()).withParsingErrorHandler(ProblemParsingErrors.class.getName());
    }

    private static byte[] openApi() {
        try (InputStream in = ApiServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public InetSocketAddress address() {
        return binding.localAddress();
    }

    /** {@code http://host:port}, or {@code https://host:port} with TLS */
    public String url() {
        return scheme + "://" + address().getHostString() + ":" + address().getPort();
    }

    /** The routes (tests drive them in-process through {@code Route.handler}). */
    public Route route() {
        return route;
    }

    public ApiMetrics metrics() {
        return metrics;
    }

    public CompletionStage<?> stop() {
        return binding.unbind();
    }
}
