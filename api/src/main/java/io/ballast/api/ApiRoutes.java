package io.ballast.api;

import io.ballast.core.math.Percentiles;
import io.ballast.actors.validator.ValidatorEntity;
import io.ballast.api.client.ApiJson;
import io.ballast.api.model.BlockView;
import io.ballast.api.model.MarketView;
import io.ballast.api.model.StatusView;
import io.ballast.api.model.TxReceiptView;
import io.ballast.api.model.TxStatusView;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.Genesis;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The HTTP API (versioned under {@code /v1}; {@code /metrics}; OpenAPI at {@code /v1/openapi.json}). Every
 * failure, including unknown paths, wrong methods, oversized or late bodies and the request timeout, is
 * {@code application/problem+json}; what the server refuses before the routes run is {@link ProblemParsingErrors}'s.
 */
public final class ApiRoutes extends AllDirectives {
    static final ContentType PROBLEM_JSON = ContentTypes.create(
            MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));
    private static final ContentType PROMETHEUS_TEXT = ContentTypes.parse("text/plain; version=0.0.4; charset=UTF-8");
    private static final Pattern HEX_32 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern HEIGHT = Pattern.compile("[0-9]{1,18}");
    /** How long a request body may take to arrive (then 408 BODY_TIMEOUT, and the connection closes). */
    static final Duration BODY_TIMEOUT = Duration.ofSeconds(5);

    private final ActorSystem<?> system;
    private final Genesis genesis;
    private final List<String> validatorIds;
    private final ActorRef<ChainIndex.Command> index;
    private final TxSubmission submission;
    private final ApiSettings settings;
    private final ApiMetrics metrics;
    private final byte[] openApi;

    ApiRoutes(ActorSystem<?> system, Genesis genesis, List<String> validatorIds, ActorRef<ChainIndex.Command> index,
              TxSubmission submission, ApiSettings settings, ApiMetrics metrics, byte[] openApi) {
        this.system = system;
        this.genesis = genesis;
        this.validatorIds = List.copyOf(validatorIds);
        this.index = index;
        this.submission = submission;
        this.settings = settings;
        this.metrics = metrics;
        this.openApi = openApi.clone();
    }

    public Route route() {
        return onRequestTimeout(() -> mapResponse(this::count, () ->
                handleExceptions(exceptions(), () -> handleRejections(rejections(), () ->
                concat(
                        path("metrics", () -> get(this::metricsRoute)),
                        pathPrefix("v1", () -> concat(
                                path("openapi.json", () -> get(() -> complete(HttpResponse.create()
                                        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, openApi))))),
                                path("tx", () -> post(this::submitRoute)),
                                path(PathMatchers.segment("tx").slash(PathMatchers.segment()), hash -> get(() -> txRoute(hash))),
                                path(PathMatchers.segment("accounts").slash(PathMatchers.segment()), id -> get(() -> accountRoute(id))),
                                path(PathMatchers.segment("accounts").slash(PathMatchers.segment()).slash("events"),
                                        id -> get(() -> eventsRoute(id))),
                                path("markets", () -> get(() -> json(ask(ChainIndex.GetMarkets::new)))),
                                path(PathMatchers.segment("markets").slash(PathMatchers.segment()), id -> get(() -> marketRoute(id))),
                                path(PathMatchers.segment("blocks").slash(PathMatchers.segment()), id -> get(() -> blockRoute(id))),
                                path("validators", () -> get(() -> json(this.<ChainIndex.ChainSummary>ask(ChainIndex.GetChain::new)
                                        .thenApply(ChainIndex.ChainSummary::validators)))),
                                path("status", () -> get(() -> json(status()))),
                                path("stream", () -> get(this::streamRoute)))))))));
    }

    /**
     * What Pekko HTTP answers when the route has not answered within {@code pekko.http.server.request-timeout}
     * (a request served in-process, without the server's timeout, passes as it is).
     */
    private Route onRequestTimeout(Supplier<Route> inner) {
        return extractRequest(request -> {
            request.getHeader(org.apache.pekko.http.javadsl.model.headers.TimeoutAccess.class)
                    .ifPresent(access -> access.timeoutAccess().updateHandler(ApiRoutes::timedOut));
            return inner.get();
        });
    }

    private static HttpResponse timedOut(org.apache.pekko.http.javadsl.model.HttpRequest request) {
        return problemResponse(new ApiError(503, ProblemCode.RESPONSE_TIMEOUT, "the node did not answer "
                + request.method().name() + " " + request.getUri().path() + " within its request timeout", 1));
    }

    // ---- routes ---------------------------------------------------------------------------

    private Route submitRoute() {
        return parameterOptional("wait", wait -> {
            if (wait.isPresent() && !wait.get().equals("final") && !wait.get().equals("none")) {
                return problem(ApiError.badRequest(ProblemCode.BAD_PARAMETER, "wait must be \"final\" or \"none\""));
            }
            boolean waitFinal = wait.isPresent() && wait.get().equals("final");
            return extractRequestEntity(entity -> {
                if (!entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
                    return problem(new ApiError(415, ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                            "send the signed transaction as application/json, not " + entity.getContentType()));
                }
                if (entity.getContentLengthOption().isPresent()
                        && entity.getContentLengthOption().getAsLong() > settings.maxBodyBytes()) {
                    return problem(tooLarge());
                }
                return withSizeLimit(settings.maxBodyBytes(), () -> extractStrictEntity(BODY_TIMEOUT, strict -> {
                    String body;
                    try {
                        body = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT)
                                .decode(ByteBuffer.wrap(strict.getData().toArray())).toString();
                    } catch (CharacterCodingException e) {
                        return problem(ApiError.badRequest(ProblemCode.MALFORMED_JSON, "the body is not UTF-8"));
                    }
                    return completeWithFuture(submission.submit(body, waitFinal)
                            .thenApply(outcome -> jsonResponse(outcome.status(), outcome.body()))
                            .exceptionally(this::errorResponse));
                }));
            });
        });
    }

    private Route txRoute(String hash) {
        if (!HEX_32.matcher(hash).matches()) {
            return problem(ApiError.badRequest(ProblemCode.BAD_PARAMETER, "a transaction hash is 64 hex digits"));
        }
        String key = hash.toLowerCase();
        return json(this.<TxReceiptView>ask(replyTo -> new ChainIndex.GetReceipt(key, replyTo)).thenCompose(receipt -> {
            if (receipt != null) {
                return CompletableFuture.completedFuture(new TxStatusView(key, "COMMITTED", receipt));
            }
            return pending(key).thenApply(pending -> {
                if (!pending) {
                    throw ApiError.notFound(ProblemCode.TX_NOT_FOUND, "transaction " + key
                            + " is neither pending here nor in the blocks this node keeps");
                }
                return new TxStatusView(key, "PENDING", null);
            });
        }));
    }

    /** Whether this node admitted the transaction (it is then pending until a block carries it). */
    private CompletionStage<Boolean> pending(String hash) {
        return CompletableFuture.completedFuture(submission.wasAdmitted(hash));
    }

    private Route accountRoute(String id) {
        Bytes32 key = accountKey(id);
        return parameterOptional("proof", proof -> {
            boolean withProof = flag(proof, "proof");
            return json(this.<io.ballast.api.model.AccountView>ask(replyTo -> new ChainIndex.GetAccount(key, withProof, replyTo),
                    withProof ? settings.limits().proofWait().plusSeconds(2) : settings.askTimeout()));
        });
    }

    private Route eventsRoute(String id) {
        Bytes32 key = accountKey(id);
        return parameterOptional("after", after -> parameterOptional("limit", limit -> {
            long afterSequence = number(after, "after", 0, 0, Long.MAX_VALUE);
            int pageSize = (int) number(limit, "limit", 100, 1, 500);
            return json(this.<io.ballast.api.model.AccountEventsPage>ask(replyTo -> new ChainIndex.GetEvents(key, afterSequence, pageSize, replyTo)));
        }));
    }

    private Route marketRoute(String id) {
        return json(this.<List<MarketView>>ask(ChainIndex.GetMarkets::new).thenApply(markets -> markets.stream()
                .filter(market -> market.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiError.notFound(ProblemCode.UNKNOWN_MARKET, "no market \"" + id + "\""))));
    }

    private Route blockRoute(String id) {
        long height;
        if (id.equals("latest")) {
            height = -1;
        } else if (HEIGHT.matcher(id).matches() && Long.parseLong(id) > 0) {
            height = Long.parseLong(id);
        } else {
            return problem(ApiError.badRequest(ProblemCode.BAD_PARAMETER, "a height is a positive integer or \"latest\""));
        }
        return json(this.<BlockView>ask(replyTo -> new ChainIndex.GetBlock(height, replyTo)));
    }

    private Route metricsRoute() {
        return completeWithFuture(mempool().thenApply(depths -> HttpResponse.create()
                .withEntity(HttpEntities.create(PROMETHEUS_TEXT, metrics.scrape()))));
    }

    /**
     * Server-Sent Events: one {@code block} event per committed block (data: {@link BlockView} with receipts;
     * id: its height), from {@code ?fromHeight=} or after {@code Last-Event-ID}, else from the next block.
     */
    private Route streamRoute() {
        return parameterOptional("fromHeight", from -> optionalHeaderValueByName("Last-Event-ID", lastId -> {
            long start;
            if (lastId.isPresent() && HEIGHT.matcher(lastId.get()).matches()) {
                start = Long.parseLong(lastId.get()) + 1;
            } else if (lastId.isPresent()) {
                return problem(ApiError.badRequest(ProblemCode.BAD_PARAMETER, "Last-Event-ID must be a height"));
            } else if (from.isPresent()) {
                start = number(from, "fromHeight", 1, 1, Long.MAX_VALUE / 2);
            } else {
                start = -1;
            }
            CompletionStage<Long> firstHeight = this.<ChainIndex.ChainSummary>ask(ChainIndex.GetChain::new).thenCompose(chain -> {
                long first = start < 0 ? chain.height() + 1 : start;
                CompletionStage<BlockView> probe = first <= chain.height()
                        ? this.<BlockView>ask(replyTo -> new ChainIndex.GetBlock(first, replyTo)) : CompletableFuture.completedFuture(null);
                return probe.thenApply(retained -> first);
            });
            return onSuccess(firstHeight, first -> completeOK(blockEvents(first), EventStreamMarshalling.toEventStream()));
        }));
    }

    private Source<ServerSentEvent, org.apache.pekko.NotUsed> blockEvents(long first) {
        return Source.unfoldAsync(first, height ->
                        this.<BlockView>ask(replyTo -> new ChainIndex.AwaitBlock(height, Duration.ofSeconds(15), replyTo),
                                        Duration.ofSeconds(20))
                                .thenApply(block -> Optional.of(block == null
                                        ? Pair.create(height, Optional.<ServerSentEvent>empty())
                                        : Pair.create(height + 1, Optional.of(ServerSentEvent.create(
                                                new String(ApiJson.bytes(block), StandardCharsets.UTF_8), "block",
                                                Long.toString(height)))))))
                .mapConcat(event -> event.map(List::of).orElse(List.of()))
                .keepAlive(Duration.ofSeconds(10), ServerSentEvent::heartbeat)
                .mapMaterializedValue(ignored -> org.apache.pekko.NotUsed.getInstance());
    }

    // ---- status ---------------------------------------------------------------------------

    private CompletionStage<StatusView> status() {
        return this.<ChainIndex.ChainSummary>ask(ChainIndex.GetChain::new).thenCombine(mempool(), (chain, depths) -> {
            long[] sorted = chain.recentIntervalsMillis().stream().mapToLong(Long::longValue).sorted().toArray();
            long[] submit = submission.finalityPercentiles();
            StatusView.Finality finality = new StatusView.Finality(sorted.length, Percentiles.nearestRank(sorted, 50, 0),
                    Percentiles.nearestRank(sorted, 99, 0), submit[0], submit[1], submit[2]);
            List<StatusView.OracleAge> oracles = new ArrayList<>();
            chain.markets().forEach(market -> oracles.add(new StatusView.OracleAge(market.id(), market.indexAgeMillis(),
                    market.safeMode())));
            return new StatusView(chain.chainId(), chain.height(), chain.blockTimeMillis(), chain.stateRoot(), finality,
                    ValidatorViews.stake(chain.validators()), chain.security(), oracles, depths);
        });
    }

    /** Every validator entity's mempool depth per lane (those that do not answer in time are left out). */
    private CompletionStage<List<StatusView.Mempool>> mempool() {
        ClusterSharding sharding = ClusterSharding.get(system);
        List<CompletableFuture<StatusView.Mempool>> asks = new ArrayList<>();
        for (String id : validatorIds) {
            asks.add(sharding.entityRefFor(ValidatorEntity.TYPE_KEY, id)
                    .<ValidatorEntity.MempoolDepth>ask(ValidatorEntity.GetMempool::new, Duration.ofSeconds(1))
                    .thenApply(depth -> {
                        metrics.mempool(depth.validatorId(), depth.laneDepths());
                        return new StatusView.Mempool(depth.validatorId(), depth.height(), depth.round(), depth.laneDepths());
                    })
                    .exceptionally(failure -> null).toCompletableFuture());
        }
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApply(done -> asks.stream()
                .map(CompletableFuture::join).filter(java.util.Objects::nonNull).toList());
    }

    // ---- helpers --------------------------------------------------------------------------

    private <T> CompletionStage<T> ask(Function<ActorRef<Answer<T>>, ChainIndex.Command> message) {
        return ask(message, settings.askTimeout());
    }

    private <T> CompletionStage<T> ask(Function<ActorRef<Answer<T>>, ChainIndex.Command> message, Duration timeout) {
        return AskPattern.<ChainIndex.Command, Answer<T>>ask(index, message::apply, timeout, system.scheduler())
                .exceptionally(failure -> {
                    throw ApiError.unavailable("the chain index did not answer in " + timeout.toMillis() + " ms");
                })
                .thenApply(Answer::get);
    }

    private Route json(CompletionStage<?> value) {
        return completeWithFuture(value.thenApply(body -> jsonResponse(200, body)).exceptionally(this::errorResponse));
    }

    private static HttpResponse jsonResponse(int status, Object body) {
        return HttpResponse.create().withStatus(status)
                .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, ApiJson.bytes(body)));
    }

    private HttpResponse errorResponse(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ApiError error) {
            return problemResponse(error);
        }
        if (cause instanceof org.apache.pekko.http.scaladsl.model.EntityStreamSizeException) {
            return problemResponse(tooLarge());
        }
        if (cause instanceof org.apache.pekko.http.scaladsl.model.IllegalRequestException illegal) {
            // the body read (extractStrictEntity): 408 when it did not arrive in time, 400 when its framing broke
            int status = illegal.status().intValue();
            HttpResponse response = problemResponse(ProblemParsingErrors.error(status, status == 408
                    ? "the request body did not arrive within " + BODY_TIMEOUT.toSeconds() + " s" : illegal.info().summary()));
            return status == 408 ? response.addHeader(org.apache.pekko.http.javadsl.model.headers.Connection.create("close"))
                    : response;
        }
        system.log().warn("API: unexpected failure", cause);
        return problemResponse(new ApiError(503, ProblemCode.NODE_UNAVAILABLE, "the node could not answer: " + cause.getMessage(), 1));
    }

    static HttpResponse problemResponse(ApiError error) {
        HttpResponse response = HttpResponse.create().withStatus(error.status())
                .withEntity(HttpEntities.create(PROBLEM_JSON, ApiJson.bytes(error.problem())));
        return error.retryAfterSeconds() > 0
                ? response.addHeader(RawHeader.create("Retry-After", Long.toString(error.retryAfterSeconds()))) : response;
    }

    private Route problem(ApiError error) {
        return complete(problemResponse(error));
    }

    private ApiError tooLarge() {
        return new ApiError(413, ProblemCode.BODY_TOO_LARGE, "request bodies are limited to " + settings.maxBodyBytes() + " bytes");
    }

    private static Bytes32 accountKey(String id) {
        if (!HEX_32.matcher(id).matches()) {
            throw ApiError.badRequest(ProblemCode.BAD_PARAMETER, "an account id is a 64-hex-digit public key");
        }
        return Bytes32.fromHex(id.toLowerCase());
    }

    private static boolean flag(Optional<String> value, String name) {
        if (value.isEmpty() || value.get().equals("false")) {
            return false;
        }
        if (value.get().equals("true")) {
            return true;
        }
        throw ApiError.badRequest(ProblemCode.BAD_PARAMETER, name + " must be true or false");
    }

    private static long number(Optional<String> value, String name, long absent, long min, long max) {
        if (value.isEmpty()) {
            return absent;
        }
        if (!HEIGHT.matcher(value.get()).matches() || Long.parseLong(value.get()) < min || Long.parseLong(value.get()) > max) {
            throw ApiError.badRequest(ProblemCode.BAD_PARAMETER, name + " must be an integer in [" + min + ", " + max + "]");
        }
        return Long.parseLong(value.get());
    }

    private HttpResponse count(HttpResponse response) {
        metrics.response(response.status().intValue());
        return response;
    }

    private ExceptionHandler exceptions() {
        return ExceptionHandler.newBuilder()
                .match(ApiError.class, error -> complete(problemResponse(error)))
                .matchAny(failure -> complete(errorResponse(failure)))
                .build();
    }

    private RejectionHandler rejections() {
        return RejectionHandler.newBuilder()
                .handleAll(org.apache.pekko.http.javadsl.server.MethodRejection.class, rejections -> {
                    String allowed = String.join(", ", rejections.stream().map(rejection -> rejection.supported().name())
                            .distinct().sorted().toList());
                    return complete(problemResponse(new ApiError(405, ProblemCode.METHOD_NOT_ALLOWED, "use " + allowed
                            + " here")).addHeader(RawHeader.create("Allow", allowed)));
                })
                .handle(org.apache.pekko.http.javadsl.server.Rejection.class, rejection -> problem(
                        ApiError.badRequest(ProblemCode.BAD_REQUEST, rejection.toString())))
                .handleNotFound(problem(ApiError.notFound(ProblemCode.NOT_FOUND, "no such endpoint; see /v1/openapi.json")))
                .build();
    }
}
