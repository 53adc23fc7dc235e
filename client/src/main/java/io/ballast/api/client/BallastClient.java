package io.ballast.api.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import io.ballast.api.model.AccountEventsPage;
import io.ballast.api.model.AccountView;
import io.ballast.api.model.BlockView;
import io.ballast.api.model.MarketView;
import io.ballast.api.model.Problem;
import io.ballast.api.model.StatusView;
import io.ballast.api.model.TxAccepted;
import io.ballast.api.model.TxReceiptView;
import io.ballast.api.model.TxStatusView;
import io.ballast.api.model.ValidatorView;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TransactionJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/**
 * A typed client of one node's HTTP API (java.net.http + Jackson; no Pekko), over http or https. Non-2xx answers
 * throw {@link BallastApiException} carrying the node's problem document. Thread-safe; reuses connections.
 */
public final class BallastClient {
    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    public BallastClient(URI base) {
        this(base, Duration.ofSeconds(30));
    }

    /** For https URIs, trusts what the JVM trusts by default (its cacerts). */
    public BallastClient(URI base, Duration timeout) {
        this(base, timeout, jvmDefaultTls());
    }

    /**
     * @param tls verifies the node's certificate on https URIs (e.g. {@link TrustStore#sslContext} for the CA of a
     *     node key store from bin/ballast-tls-certs); the host name in {@code base} must match the certificate's SAN
     */
    public BallastClient(URI base, Duration timeout, SSLContext tls) {
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new IllegalArgumentException("node URL must start with http:// or https://, got " + base);
        }
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .sslContext(tls).build();
    }

    private static SSLContext jvmDefaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no default TLS context", e);
        }
    }

    public URI base() {
        return base;
    }

    /** Submits; returns once the mempool admitted it (202). */
    public TxAccepted submit(SignedTransaction tx) {
        return post("/v1/tx", TransactionJson.toJson(tx), TxAccepted.class);
    }

    /** Submits and waits (bounded by the node) until the transaction is in a committed block; returns its receipt. */
    public TxReceiptView submitAndWait(SignedTransaction tx) {
        String hash = tx.hash().toHex();
        TxStatusView pending = null;
        HttpResponse<byte[]> response = exchange(HttpRequest.newBuilder(base.resolve("/v1/tx?wait=final"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(TransactionJson.toJson(tx))));
        if (response.statusCode() != 202) {
            return read(response, ApiJson.mapper().constructType(TxReceiptView.class));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            pending = tx(hash);
            if (pending.receipt() != null) {
                TxReceiptView receipt = pending.receipt();
                if (!receipt.accepted()) {
                    throw new BallastApiException(Problem.rejectedInBlock(receipt));
                }
                return receipt;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new BallastApiException(new Problem("about:blank", "Pending", 202, "transaction " + hash
                + " is still pending after " + timeout.toSeconds() + " s", "STILL_PENDING"));
    }

    public TxStatusView tx(String txHash) {
        return get("/v1/tx/" + txHash, TxStatusView.class);
    }

    public AccountView account(Bytes32 key, boolean withProof) {
        return get("/v1/accounts/" + key.toHex() + (withProof ? "?proof=true" : ""), AccountView.class);
    }

    /** The next nonce the account (or the collateral authority) must sign with. */
    public long nextNonce(Bytes32 key) {
        return account(key, false).nonce() + 1;
    }

    /** @param after the previous page's {@code nextCursor}, or null for the first page */
    public AccountEventsPage accountEvents(Bytes32 key, Long after, int limit) {
        return get("/v1/accounts/" + key.toHex() + "/events?limit=" + limit + (after == null ? "" : "&after=" + after),
                AccountEventsPage.class);
    }

    public List<MarketView> markets() {
        return get("/v1/markets", new TypeReference<List<MarketView>>() { });
    }

    public MarketView market(String id) {
        return get("/v1/markets/" + URLEncoder.encode(id, StandardCharsets.UTF_8), MarketView.class);
    }

    public BlockView latestBlock() {
        return get("/v1/blocks/latest", BlockView.class);
    }

    public BlockView block(long height) {
        return get("/v1/blocks/" + height, BlockView.class);
    }

    public List<ValidatorView> validators() {
        return get("/v1/validators", new TypeReference<List<ValidatorView>>() { });
    }

    /**
     * Opens {@code GET /v1/stream}: from {@code fromHeight}, or after {@code lastEventId} (a previous stream's
     * {@link BlockStream#lastEventId()}), or from the next block when both are null. The stream reconnects and
     * resumes by itself ({@link BlockStream.Options#defaults()}).
     */
    public BlockStream stream(Long fromHeight, String lastEventId) {
        return stream(fromHeight, lastEventId, BlockStream.Options.defaults());
    }

    /** As {@link #stream(Long, String)}, with its reconnection delays, attempts, idle time-out and size limits. */
    public BlockStream stream(Long fromHeight, String lastEventId, BlockStream.Options options) {
        return BlockStream.open(this, fromHeight, lastEventId, options);
    }

    /** One connection to {@code GET /v1/stream} (the time-out covers the answer's headers, not the endless body). */
    HttpResponse<InputStream> openStream(Long fromHeight, String lastEventId) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/v1/stream"
                        + (fromHeight == null ? "" : "?fromHeight=" + fromHeight))).timeout(timeout)
                .header("Accept", "text/event-stream").header("Cache-Control", "no-cache").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting to " + base);
        }
    }

    public StatusView status() {
        return get("/v1/status", StatusView.class);
    }

    private <T> T get(String path, Class<T> type) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), ApiJson.mapper().constructType(type));
    }

    private <T> T get(String path, TypeReference<T> type) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), ApiJson.mapper().constructType(type));
    }

    private <T> T post(String path, String json, Class<T> type) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), ApiJson.mapper().constructType(type));
    }

    private <T> T send(HttpRequest.Builder request, JavaType type) {
        return read(exchange(request), type);
    }

    private HttpResponse<byte[]> exchange(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(timeout).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    UncheckedIOException failure(IOException e) {
        if (e instanceof SSLHandshakeException) {
            return new UncheckedIOException("node " + base + ": TLS handshake failed (does the trust store hold the CA"
                    + " that signed the node's certificate, and does its SAN name " + base.getHost() + "?): "
                    + e.getMessage(), e);
        }
        return new UncheckedIOException("node " + base + ": " + e.getMessage(), e);
    }

    private <T> T read(HttpResponse<byte[]> response, JavaType type) {
        try {
            if (response.statusCode() / 100 != 2) {
                throw new BallastApiException(problemOf(response));
            }
            return ApiJson.mapper().readValue(response.body(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("node " + base + ": unreadable answer (" + response.statusCode() + ")", e);
        }
    }

    private static Problem problemOf(HttpResponse<byte[]> response) {
        return problemOf(response.statusCode(), response.body());
    }

    /** The node's problem document, or (a proxy or a non-Ballast server answered) one made of the status and body. */
    static Problem problemOf(int status, byte[] body) {
        try {
            Problem problem = ApiJson.mapper().readValue(body, Problem.class);
            if (problem.code() != null) {
                return problem;
            }
        } catch (IOException notAProblem) {
            // fall through: a proxy or a non-Ballast server answered
        }
        return new Problem("about:blank", "HTTP " + status, status, new String(body, StandardCharsets.UTF_8),
                "HTTP_" + status);
    }
}
