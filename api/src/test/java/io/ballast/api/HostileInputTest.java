package io.ballast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.api.client.ApiJson;
import io.ballast.keys.KeyFile;
import io.ballast.api.model.AccountView;
import io.ballast.api.model.Problem;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.tx.SignedTransaction;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.japi.function.Function;
import org.junit.jupiter.api.Test;

/**
 * 10,000 generated bad requests through the routes in-process plus 500 over real sockets: every answer is a 4xx
 * {@code application/problem+json} with a code, documented for the operation it addresses in the OpenAPI document
 * (and its body valid there), no validator admits anything, and the accounts do not change.
 */
class HostileInputTest {
    private static final int IN_PROCESS = 10_000;
    private static final int OVER_SOCKETS = 500;
    private static final OpenApiContract CONTRACT = new OpenApiContract();

    @Test
    void badRequestsGetProblemsAndChangeNothing() throws Exception {
        TestChain chain = TestChain.shared();
        KeyPair trader = KeyFile.generate();
        SignedTransaction deposit = chain.txs.deposit(chain.authority, chain.client.nextNonce(chain.authority.publicKey()),
                trader.publicKey(), "5000");
        chain.client.submitAndWait(deposit);
        chain.client.submitAndWait(chain.txs.trade(trader, 1, "BTC-PERP", "0.01", "70000"));
        HostileRequests requests = new HostileRequests(20261125L, chain, deposit, trader, 1);
        Map<String, Integer> byCode = new TreeMap<>();
        chain.pauseFeed();
        try {
            AccountView before = chain.client.account(trader.publicKey(), true);
            long authorityNonce = chain.client.nextNonce(chain.authority.publicKey());
            long admittedBefore = chain.api.metrics().admitted();
            long restartsBefore = chain.api.metrics().restarts();

            Function<HttpRequest, java.util.concurrent.CompletionStage<HttpResponse>> handler =
                    chain.api.route().seal().handler(chain.system);
            long startNanos = System.nanoTime();
            for (int i = 0; i < IN_PROCESS; i++) {
                HostileRequests.Request request = requests.next();
                HttpResponse response = handler.apply(toPekko(request)).toCompletableFuture().get(10, TimeUnit.SECONDS);
                byte[] body = response.entity().toStrict(5_000, chain.system).toCompletableFuture().get(10, TimeUnit.SECONDS)
                        .getData().toArray();
                Map<String, List<String>> headers = new TreeMap<>();
                response.getHeaders().forEach(header -> headers.computeIfAbsent(header.lowercaseName(), name -> new ArrayList<>())
                        .add(header.value()));
                headers.put("content-type", List.of(response.entity().getContentType().toString()));
                check(request, response.status().intValue(), headers, body, byCode);
            }
            long inProcessMillis = (System.nanoTime() - startNanos) / 1_000_000;

            requests.overSockets();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            startNanos = System.nanoTime();
            for (int i = 0; i < OVER_SOCKETS; i++) {
                HostileRequests.Request request = requests.next();
                java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(
                        URI.create(chain.api.url() + request.path())).timeout(Duration.ofSeconds(10));
                if (request.contentType() != null) {
                    builder.header("Content-Type", request.contentType());
                }
                builder.method(request.method(), request.body() == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofByteArray(request.body()));
                java.net.http.HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse_BYTES);
                check(request, response.statusCode(), response.headers().map(), response.body(), byCode);
            }
            long socketMillis = (System.nanoTime() - startNanos) / 1_000_000;

            AccountView after = chain.client.account(trader.publicKey(), true);
            assertEquals(before.proof().accountEncoding(), after.proof().accountEncoding(), "the account leaf is unchanged");
            assertEquals(authorityNonce, chain.client.nextNonce(chain.authority.publicKey()), "no deposit went through");
            assertEquals(admittedBefore, chain.api.metrics().admitted(), "no bad request reached a mempool");
            assertEquals(restartsBefore, chain.api.metrics().restarts(), "no validator entity restarted");
            System.out.printf("hostile test: %d in-process in %d ms, %d over sockets in %d ms; codes %s%n", IN_PROCESS,
                    inProcessMillis, OVER_SOCKETS, socketMillis, byCode);
            assertTrue(byCode.size() >= 15, "distinct problem codes: " + byCode.keySet());
        } finally {
            chain.resumeFeed();
        }
    }

    private static final java.net.http.HttpResponse.BodyHandler<byte[]> HttpResponse_BYTES =
            java.net.http.HttpResponse.BodyHandlers.ofByteArray();

    private static void check(HostileRequests.Request request, int status, Map<String, List<String>> headers, byte[] body,
                              Map<String, Integer> byCode) throws Exception {
        String what = request.kind() + ": " + request.method() + " " + request.path() + " "
                + (request.body() == null ? "" : new String(request.body(), 0, Math.min(200, request.body().length)));
        Map<String, List<String>> lowerCase = new TreeMap<>();
        headers.forEach((name, values) -> lowerCase.put(name.toLowerCase(java.util.Locale.ROOT), values));
        RawHttp.Response response = new RawHttp.Response(status, lowerCase, body);
        String contentType = response.header("Content-Type").orElse("");
        assertTrue(status >= 400 && status < 500, status + " for " + what + " -> " + new String(body));
        assertEquals(List.of(), CONTRACT.check(request.method(), request.path(), response), what);
        assertTrue(contentType.startsWith("application/problem+json"), contentType + " for " + what);
        Problem problem = ApiJson.mapper().readValue(body, Problem.class);
        assertNotNull(problem.code(), what);
        assertEquals(status, problem.status(), what);
        assertFalse(problem.detail() == null || problem.detail().isEmpty(), what);
        byCode.merge(problem.code(), 1, Integer::sum);
    }

    private static HttpRequest toPekko(HostileRequests.Request request) {
        HttpRequest pekko = HttpRequest.create(request.path()).withMethod(HttpMethods.lookup(request.method())
                .orElseThrow());
        if (request.body() != null) {
            pekko = pekko.withEntity(HttpEntities.create(request.contentType() == null ? ContentTypes.APPLICATION_OCTET_STREAM
                    : org.apache.pekko.http.javadsl.model.ContentTypes.parse(request.contentType()), request.body()));
        }
        return pekko;
    }
}
