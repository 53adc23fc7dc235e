package io.ballast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.ballast.api.client.ApiJson;
import io.ballast.api.model.Problem;
import io.ballast.api.model.TxAccepted;
import io.ballast.api.model.TxReceiptView;
import io.ballast.api.model.TxStatusView;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Admission;
import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TransactionJson;
import io.ballast.keys.KeyFile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import scala.concurrent.duration.FiniteDuration;

/**
 * The API holds to its OpenAPI document: every operation is called over a real socket on its success and error
 * paths, including what the HTTP server refuses before the routes run (raw, malformed requests), and every response
 * is checked against the document (status documented for the operation, media type, required headers, body against
 * the schema with a JSON Schema validator). The last case fails if an operation of the document went untested.
 */
class ApiContractTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String JSON = "Content-Type: application/json";

    private final OpenApiContract contract = new OpenApiContract();

    @Test
    void theDocumentListsExactlyTheProblemCodesTheServerCanAnswer() {
        Set<String> documented = new TreeSet<>();
        contract.at("/components/schemas/Problem/properties/code/enum").forEach(code -> documented.add(code.asText()));
        assertEquals(ApiError.codes(), documented);
    }

    @Test
    void theEventKindEnumsListEveryLedgerEventAndTransactionType() {
        Set<String> ledgerEvents = new TreeSet<>();
        for (Class<?> event : LedgerEvent.class.getPermittedSubclasses()) {
            ledgerEvents.add(event.getSimpleName());
        }
        Set<String> documented = new TreeSet<>();
        contract.at("/components/schemas/LedgerEvent/properties/kind/enum").forEach(kind -> documented.add(kind.asText()));
        assertEquals(ledgerEvents, documented);
        Set<String> accountKinds = new TreeSet<>(ledgerEvents);
        for (Class<?> body : TxBody.class.getPermittedSubclasses()) {
            String simple = body.getSimpleName();
            accountKinds.add(Character.toLowerCase(simple.charAt(0)) + simple.substring(1)); // TransactionJson.typeName
        }
        Set<String> documentedKinds = new TreeSet<>();
        contract.at("/components/schemas/AccountEvent/properties/kind/enum").forEach(kind -> documentedKinds.add(kind.asText()));
        assertEquals(accountKinds, documentedKinds);
        assertTrue(documentedKinds.containsAll(List.of("ValidatorRewarded", "StakeSlashed", "bondStake", "unbond",
                "withdrawUnbonded")));
    }

    @Test
    void everyOperationHasAnIdATagNoSecurityAndTheAnswersAnyRequestCanGet() {
        Set<String> tags = new HashSet<>();
        contract.at("/tags").forEach(tag -> tags.add(tag.path("name").asText()));
        Set<String> ids = new HashSet<>();
        for (OpenApiContract.Operation operation : contract.operations()) {
            JsonNode node = operation.node();
            String where = operation.method() + " " + operation.template();
            assertFalse(operation.id().isEmpty(), where + " has no operationId");
            assertTrue(ids.add(operation.id()), "operationId " + operation.id() + " twice");
            assertFalse(node.path("tags").isEmpty(), where + " has no tag");
            node.path("tags").forEach(tag -> assertTrue(tags.contains(tag.asText()), where + ": undeclared tag " + tag));
            assertTrue(node.path("security").isArray() && node.path("security").isEmpty(), where + ": security must be []");
            for (String status : List.of("400", "405", "414", "431", "501", "503", "505")) {
                assertTrue(node.path("responses").has(status), where + " does not document " + status);
            }
            assertEquals("#/components/responses/RetryLater", node.path("responses").path("503").path("$ref").asText(),
                    where + ": 503 carries Retry-After");
        }
        assertTrue(contract.at("/components/responses/RetryLater/headers/Retry-After/required").asBoolean());
        assertTrue(contract.at("/components/responses/MethodNotAllowed/headers/Allow/required").asBoolean());
    }

    @Test
    void eachBodyA202CanCarryMatchesExactlyOneAlternative() {
        String pointer = "/paths/" + OpenApiContract.escape("/v1/tx") + "/post/responses/202/content/"
                + OpenApiContract.escape("application/json") + "/schema";
        String hash = "ab".repeat(32);
        String accepted = new String(ApiJson.bytes(new TxAccepted(hash, "PENDING", "TRADE")), StandardCharsets.UTF_8);
        String pending = new String(ApiJson.bytes(new TxStatusView(hash, "PENDING", null)), StandardCharsets.UTF_8);
        // oneOf fails when both alternatives match: passing means exactly one did
        assertEquals(List.of(), contract.validate(pointer, accepted));
        assertEquals(List.of(), contract.validate(pointer, pending));
        assertFalse(contract.validate("/components/schemas/TxPending", accepted).isEmpty());
        assertFalse(contract.validate("/components/schemas/TxAccepted", pending).isEmpty());
        assertFalse(contract.validate("/components/schemas/TxStatus", "{\"txHash\":\"" + hash
                + "\",\"status\":\"COMMITTED\",\"receipt\":null}").isEmpty(), "a committed status has its receipt");
    }

    @TestFactory
    List<DynamicTest> everyOperationAnswersAsItsDocumentSays() throws Exception {
        TestChain chain = TestChain.shared();
        InetSocketAddress node = chain.api.address();
        KeyPair trader = KeyFile.generate();
        SignedTransaction deposit = chain.txs.deposit(chain.authority, chain.client.nextNonce(chain.authority.publicKey()),
                trader.publicKey(), "20000");
        chain.client.submitAndWait(deposit);
        TxReceiptView bought = chain.client.submitAndWait(chain.txs.trade(trader, chain.client.nextNonce(trader.publicKey()),
                "BTC-PERP", "0.1", "70000"));
        String traderId = trader.publicKey().toHex();
        String stranger = KeyFile.generate().publicKey().toHex();
        Cases cases = new Cases(node);

        // ---- transactions ----
        cases.add("submitTransaction 202: admitted", () -> {
            KeyPair account = KeyFile.generate();
            SignedTransaction tx = chain.txs.deposit(chain.authority, chain.client.nextNonce(chain.authority.publicKey()),
                    account.publicKey(), "100");
            RawHttp.Response response = cases.call("POST", "/v1/tx", List.of(JSON), json(tx), 202, null);
            assertEquals(tx.hash().toHex(), ApiJson.mapper().readValue(response.body(), TxAccepted.class).txHash());
            awaitCommitted(chain, tx); // before the next deposit takes the authority's next nonce
        });
        cases.add("submitTransaction 200: final", () -> {
            SignedTransaction tx = chain.txs.trade(trader, chain.client.nextNonce(trader.publicKey()), "BTC-PERP", "0.01", "70000");
            RawHttp.Response response = cases.call("POST", "/v1/tx?wait=final", List.of(JSON), json(tx), 200, null);
            assertTrue(ApiJson.mapper().readValue(response.body(), TxReceiptView.class).accepted());
        });
        cases.add("submitTransaction 422: committed but rejected, with its block position", () -> {
            SignedTransaction tx = chain.txs.trade(trader, chain.client.nextNonce(trader.publicKey()), "BTC-PERP", "50", "70000");
            RawHttp.Response response = cases.call("POST", "/v1/tx?wait=final", List.of(JSON), json(tx), 422,
                    "INSUFFICIENT_MARGIN");
            Problem problem = ApiJson.mapper().readValue(response.body(), Problem.class);
            TxReceiptView receipt = chain.client.tx(tx.hash().toHex()).receipt();
            assertFalse(receipt.accepted());
            assertEquals(tx.hash().toHex(), problem.txHash());
            assertEquals(receipt.height(), problem.height());
            assertEquals(receipt.index(), problem.index());
        });
        cases.add("getTransaction 200: pending", () -> {
            boolean pendingSeen = false;
            for (int attempt = 0; attempt < 5 && !pendingSeen; attempt++) {
                SignedTransaction tx = chain.txs.trade(trader, chain.client.nextNonce(trader.publicKey()), "BTC-PERP",
                        "0.001", "70000");
                cases.call("POST", "/v1/tx", List.of(JSON), json(tx), 202, null);
                RawHttp.Response status = cases.call("GET", "/v1/tx/" + tx.hash().toHex(), List.of(), null, 200, null);
                pendingSeen = ApiJson.mapper().readValue(status.body(), TxStatusView.class).status().equals("PENDING");
                // again: DUPLICATE while a mempool holds it, ALREADY_COMMITTED once a block does
                RawHttp.Response again = cases.call("POST", "/v1/tx", List.of(JSON), json(tx), -1, null);
                assertTrue(again.status() == 202 || again.status() == 409, again.text());
                awaitCommitted(chain, tx);
            }
            assertTrue(pendingSeen, "a transaction read right after its admission was pending at least once in 5 tries");
        });
        cases.add("getTransaction 200: committed", () -> {
            RawHttp.Response response = cases.call("GET", "/v1/tx/" + bought.txHash(), List.of(), null, 200, null);
            assertEquals(bought, ApiJson.mapper().readValue(response.body(), TxStatusView.class).receipt());
        });
        cases.add("submitTransaction 409: replayed", () -> cases.call("POST", "/v1/tx", List.of(JSON), json(deposit), 409,
                "STALE_NONCE"));
        cases.add("submitTransaction 409: nonce too far ahead", () -> cases.call("POST", "/v1/tx", List.of(JSON),
                json(chain.txs.trade(trader, chain.client.nextNonce(trader.publicKey()) + Admission.MAX_NONCE_AHEAD,
                        "BTC-PERP", "0.01", "70000")), 409, "NONCE_TOO_FAR_AHEAD"));
        cases.add("submitTransaction 403: not the collateral authority", () -> cases.call("POST", "/v1/tx", List.of(JSON),
                json(chain.txs.deposit(trader, chain.client.nextNonce(trader.publicKey()), trader.publicKey(), "1000")), 403,
                "NOT_AUTHORIZED"));
        cases.add("submitTransaction 422: bad signature", () -> {
            String valid = TransactionJson.toJson(chain.txs.trade(trader, chain.client.nextNonce(trader.publicKey()),
                    "BTC-PERP", "0.01", "70000"));
            int at = valid.indexOf("\"signature\":\"") + 13;
            String forged = valid.substring(0, at) + (valid.charAt(at) == '0' ? '1' : '0') + valid.substring(at + 1);
            cases.call("POST", "/v1/tx", List.of(JSON), forged.getBytes(StandardCharsets.UTF_8), 422, "BAD_SIGNATURE");
        });
        cases.add("submitTransaction 400: not JSON", () -> cases.call("POST", "/v1/tx", List.of(JSON), bytes("{\"type\":"),
                400, "MALFORMED_JSON"));
        cases.add("submitTransaction 400: unknown wait", () -> cases.call("POST", "/v1/tx?wait=forever", List.of(JSON),
                bytes("{}"), 400, "BAD_PARAMETER"));
        cases.add("submitTransaction 415: not JSON media", () -> cases.call("POST", "/v1/tx", List.of("Content-Type: text/plain"),
                json(deposit), 415, "UNSUPPORTED_MEDIA_TYPE"));
        cases.add("submitTransaction 413: declared too large", () -> cases.raw("POST", "/v1/tx", bytes("POST /v1/tx HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n"), 413, "BODY_TOO_LARGE"));
        cases.add("submitTransaction 413: chunked past the limit", () -> {
            String chunk = "x".repeat(1000);
            String chunks = (Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").repeat(6) + "0\r\n\r\n";
            cases.raw("POST", "/v1/tx", bytes("POST /v1/tx HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + chunks), 413, "BODY_TOO_LARGE");
        });
        cases.add("submitTransaction 408: the body stops arriving", () -> {
            RawHttp.Response response = cases.raw("POST", "/v1/tx", bytes("POST /v1/tx HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"type\":\"trade\""), 408, "BODY_TIMEOUT");
            assertEquals("close", response.header("Connection").orElse("").toLowerCase(java.util.Locale.ROOT));
        });
        cases.add("submitTransaction 405: GET", () -> cases.expectAllow(cases.call("GET", "/v1/tx", List.of(), null, 405,
                "METHOD_NOT_ALLOWED"), "POST"));
        cases.add("getTransaction 400: not a hash", () -> cases.call("GET", "/v1/tx/zz", List.of(), null, 400, "BAD_PARAMETER"));
        cases.add("getTransaction 404: unknown", () -> cases.call("GET", "/v1/tx/" + "0f".repeat(32), List.of(), null, 404,
                "TX_NOT_FOUND"));

        // ---- accounts ----
        cases.add("getAccount 200: with a position", () -> {
            RawHttp.Response response = cases.call("GET", "/v1/accounts/" + traderId, List.of(), null, 200, null);
            JsonNode account = ApiJson.mapper().readTree(response.body());
            assertFalse(account.get("marginRatio").isNull());
            assertFalse(account.get("positions").isEmpty());
        });
        cases.add("getAccount 200: with its proof", () -> assertFalse(ApiJson.mapper().readTree(cases.call("GET",
                "/v1/accounts/" + traderId + "?proof=true", List.of(), null, 200, null).body()).get("proof").isNull()));
        cases.add("getAccount 200: no such account (nulls)", () -> {
            JsonNode account = ApiJson.mapper().readTree(cases.call("GET", "/v1/accounts/" + stranger, List.of(), null, 200,
                    null).body());
            assertFalse(account.get("exists").asBoolean());
            assertTrue(account.get("marginRatio").isNull() && account.get("proof").isNull());
        });
        cases.add("getAccount 404: no proof of what does not exist", () -> cases.call("GET", "/v1/accounts/" + stranger
                + "?proof=true", List.of(), null, 404, "ACCOUNT_NOT_FOUND"));
        cases.add("getAccount 400: not a key", () -> cases.call("GET", "/v1/accounts/xyz", List.of(), null, 400, "BAD_PARAMETER"));
        cases.add("getAccount 400: proof=maybe", () -> cases.call("GET", "/v1/accounts/" + traderId + "?proof=maybe", List.of(),
                null, 400, "BAD_PARAMETER"));
        cases.add("getAccount 503: the request timeout", () -> requestTimeout(chain, cases, traderId));
        cases.add("listAccountEvents 200: first page and last page", () -> {
            JsonNode first = ApiJson.mapper().readTree(cases.call("GET", "/v1/accounts/" + traderId + "/events?limit=1",
                    List.of(), null, 200, null).body());
            assertFalse(first.get("nextCursor").isNull());
            JsonNode last = ApiJson.mapper().readTree(cases.call("GET", "/v1/accounts/" + traderId + "/events?limit=500",
                    List.of(), null, 200, null).body());
            assertTrue(last.get("nextCursor").isNull());
        });
        cases.add("listAccountEvents 400: limit=0", () -> cases.call("GET", "/v1/accounts/" + traderId + "/events?limit=0",
                List.of(), null, 400, "BAD_PARAMETER"));
        cases.add("an unknown path under an account is 404", () -> cases.call("GET", "/v1/accounts/" + traderId + "/nope",
                List.of(), null, 404, "NOT_FOUND"));

        // ---- markets ----
        cases.add("listMarkets 200", () -> cases.call("GET", "/v1/markets", List.of(), null, 200, null));
        cases.add("listMarkets 405: DELETE", () -> cases.expectAllow(cases.call("DELETE", "/v1/markets", List.of(), null,
                405, "METHOD_NOT_ALLOWED"), "GET"));
        cases.add("getMarket 200", () -> cases.call("GET", "/v1/markets/BTC-PERP", List.of(), null, 200, null));
        cases.add("getMarket 404", () -> cases.call("GET", "/v1/markets/NOPE", List.of(), null, 404, "UNKNOWN_MARKET"));

        // ---- blocks ----
        cases.add("getLatestBlock 200", () -> cases.call("GET", "/v1/blocks/latest", List.of(), null, 200, null));
        cases.add("getLatestBlock 405: POST", () -> cases.call("POST", "/v1/blocks/latest", List.of(JSON), bytes("{}"), 405,
                "METHOD_NOT_ALLOWED"));
        cases.add("getBlock 200: with a transaction and its receipt", () -> {
            JsonNode block = ApiJson.mapper().readTree(cases.call("GET", "/v1/blocks/" + bought.height(), List.of(), null,
                    200, null).body());
            assertFalse(block.get("transactions").isEmpty());
            assertFalse(block.get("receipts").isEmpty());
        });
        cases.add("getBlock 400", () -> cases.call("GET", "/v1/blocks/abc", List.of(), null, 400, "BAD_PARAMETER"));
        cases.add("getBlock 404: not yet", () -> cases.call("GET", "/v1/blocks/999999999999", List.of(), null, 404,
                "BLOCK_NOT_FOUND"));
        cases.add("streamBlocks 200: the first event is a block", () -> {
            RawHttp.Response response = cases.stream("/v1/stream?fromHeight=1", List.of());
            String text = response.text();
            String data = text.lines().filter(line -> line.startsWith("data:")).findFirst().orElseThrow()
                    .substring(5).trim();
            assertTrue(text.lines().anyMatch(line -> line.matches("event: ?block")), text);
            assertEquals(List.of(), contract.validate("/components/schemas/Block", data));
            assertEquals(1, ApiJson.mapper().readTree(data).get("height").asLong());
        });
        cases.add("streamBlocks 400: fromHeight=abc", () -> cases.call("GET", "/v1/stream?fromHeight=abc", List.of(), null, 400,
                "BAD_PARAMETER"));
        cases.add("streamBlocks 400: Last-Event-ID not a height", () -> cases.call("GET", "/v1/stream",
                List.of("Last-Event-ID: x"), null, 400, "BAD_PARAMETER"));

        // ---- chain ----
        cases.add("listValidators 200: the certifying set with bonds, power and uptime", () -> {
            JsonNode validators = ApiJson.mapper().readTree(cases.call("GET", "/v1/validators", List.of(), null, 200, null)
                    .body());
            assertEquals(4, validators.size());
            for (int i = 0; i < 4; i++) {
                assertEquals(i, validators.get(i).get("index").asInt());
                assertTrue(validators.get(i).get("active").asBoolean());
                assertEquals(chain.genesis.validators().get(i).key().toHex(), validators.get(i).get("publicKey").asText());
            }
        });
        cases.add("listValidators 405: PUT", () -> cases.call("PUT", "/v1/validators", List.of(JSON), bytes("{}"), 405,
                "METHOD_NOT_ALLOWED"));
        cases.add("getStatus 200: the current set's stake and the cost of corruption", () -> {
            JsonNode status = ApiJson.mapper().readTree(cases.call("GET", "/v1/status", List.of(), null, 200, null).body());
            JsonNode security = status.get("security");
            assertEquals(chain.genesis.staking().enabled(), security.get("staking").asBoolean(), security.toString());
            assertEquals(4, security.get("validators").asInt());
            assertEquals(4, status.get("stake").get("validators").asInt());
            assertFalse(security.get("corruptionCostRatio").isNull(), "collateral is at risk: " + security);
        });
        cases.add("getStatus 405: OPTIONS", () -> cases.expectAllow(cases.call("OPTIONS", "/v1/status", List.of(), null, 405,
                "METHOD_NOT_ALLOWED"), "GET"));

        // ---- what the server refuses before the routes run ----
        cases.add("getStatus 414: URI too long", () -> cases.call("GET", "/v1/status?pad=" + "a".repeat(3000), List.of(), null,
                414, "URI_TOO_LONG"));
        cases.add("getStatus 431: a header too long", () -> cases.call("GET", "/v1/status", List.of("X-Pad: " + "a".repeat(9000)),
                null, 431, "HEADERS_TOO_LARGE"));
        cases.add("getStatus 400: too many headers", () -> {
            List<String> headers = new ArrayList<>();
            for (int i = 0; i < 70; i++) {
                headers.add("X-Pad-" + i + ": " + i);
            }
            cases.call("GET", "/v1/status", headers, null, 400, "MALFORMED_REQUEST");
        });
        cases.add("getStatus 400: no Host header", () -> cases.raw("GET", "/v1/status",
                bytes("GET /v1/status HTTP/1.1\r\nConnection: close\r\n\r\n"), 400, "MALFORMED_REQUEST"));
        cases.add("getStatus 400: a header that does not parse", () -> cases.raw("GET", "/v1/status",
                bytes("GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ten\r\n\r\n"), 400, "MALFORMED_REQUEST"));
        cases.add("getStatus 501: an unknown method", () -> cases.raw("BREW", "/v1/status",
                bytes("BREW /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 501, "METHOD_NOT_IMPLEMENTED"));
        cases.add("getStatus 422: a body on TRACE", () -> cases.raw("TRACE", "/v1/status",
                bytes("TRACE /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello"), 422, "BODY_NOT_ALLOWED"));
        cases.add("getStatus 505: HTTP/3.0", () -> cases.raw("GET", "/v1/status",
                bytes("GET /v1/status HTTP/3.0\r\nHost: 127.0.0.1\r\n\r\n"), 505, "HTTP_VERSION_NOT_SUPPORTED"));
        cases.add("a request line that does not parse is 400", () -> cases.raw("GET", "/",
                bytes("GET /v1/sta<tus HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 400, "MALFORMED_REQUEST"));
        cases.add("an unknown path is 404", () -> cases.call("GET", "/v1/nope", List.of(), null, 404, "NOT_FOUND"));

        // ---- meta ----
        cases.add("getOpenApiDocument 200: the document itself", () -> assertTrue(Arrays.equals(OpenApiContract.bytes(),
                cases.call("GET", "/v1/openapi.json", List.of(), null, 200, null).body())));
        cases.add("getOpenApiDocument 405: DELETE", () -> cases.call("DELETE", "/v1/openapi.json", List.of(), null, 405,
                "METHOD_NOT_ALLOWED"));
        cases.add("getMetrics 200", () -> assertTrue(cases.call("GET", "/metrics", List.of(), null, 200, null).text()
                .contains("ballast_build_info")));
        cases.add("getMetrics 405: POST", () -> cases.call("POST", "/metrics", List.of(JSON), bytes("{}"), 405,
                "METHOD_NOT_ALLOWED"));

        List<DynamicTest> tests = new ArrayList<>(cases.tests);
        tests.add(dynamicTest("every operation of the document answered a success and an error", () -> {
            System.out.println("contract test: statuses per operation " + contract.statusesSeen());
            assertEquals(List.of(), contract.uncovered());
        }));
        return tests;
    }

    private static void awaitCommitted(TestChain chain, SignedTransaction tx) throws InterruptedException {
        TestChain.await("transaction " + tx.hash().toHex() + " committed", Duration.ofSeconds(30),
                () -> chain.client.tx(tx.hash().toHex()).status().equals("COMMITTED"));
    }

    /** A second binding of the same routes whose request timeout (1 ms) ends before any proof is ready. */
    private void requestTimeout(TestChain chain, Cases cases, String traderId) throws Exception {
        ServerSettings settings = ApiServer.serverSettings(chain.system);
        settings = settings.withTimeouts(settings.getTimeouts().withRequestTimeout(FiniteDuration.create(1, TimeUnit.MILLISECONDS)));
        ServerBinding binding = Http.get(chain.system).newServerAt("127.0.0.1", 0).withSettings(settings)
                .bind(chain.api.route()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            Cases quick = new Cases(binding.localAddress());
            boolean timedOut = false;
            for (int attempt = 0; attempt < 5 && !timedOut; attempt++) {
                RawHttp.Response response = quick.call("GET", "/v1/accounts/" + traderId + "?proof=true", List.of(), null,
                        -1, null);
                timedOut = response.status() == 503;
                if (timedOut) {
                    assertEquals("RESPONSE_TIMEOUT", ApiJson.mapper().readValue(response.body(), Problem.class).code());
                } else {
                    assertEquals(200, response.status());
                }
            }
            assertTrue(timedOut, "a 1 ms request timeout cut a proof request short at least once in 5 tries");
        } finally {
            binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Named exchanges with the node: each one's response is checked against the document. */
    private final class Cases {
        final List<DynamicTest> tests = new ArrayList<>();
        private final InetSocketAddress address;

        Cases(InetSocketAddress address) {
            this.address = address;
        }

        void add(String name, org.junit.jupiter.api.function.Executable body) {
            tests.add(dynamicTest(name, body));
        }

        /** A well-formed request; {@code expectedStatus} -1: any (the caller checks). */
        RawHttp.Response call(String method, String target, List<String> headers, byte[] body, int expectedStatus,
                              String expectedCode) throws IOException {
            return raw(method, target, RawHttp.request(method, target, headers, body), expectedStatus, expectedCode);
        }

        /** Any bytes; {@code method} and {@code target} say which operation they address. */
        RawHttp.Response raw(String method, String target, byte[] request, int expectedStatus, String expectedCode)
                throws IOException {
            RawHttp.Response response = RawHttp.send(address, request, TIMEOUT);
            String what = method + " " + (target.length() > 80 ? target.substring(0, 80) + "..." : target) + " -> "
                    + response.status() + " " + response.text().substring(0, Math.min(300, response.text().length()));
            if (expectedStatus >= 0) {
                assertEquals(expectedStatus, response.status(), what);
            }
            assertEquals(List.of(), contract.check(method, target, response), what);
            if (response.status() >= 400) {
                Problem problem = ApiJson.mapper().readValue(response.body(), Problem.class);
                assertEquals(response.status(), problem.status(), what);
                assertFalse(problem.detail().isEmpty(), what);
                if (expectedCode != null) {
                    assertEquals(expectedCode, problem.code(), what);
                }
            }
            return response;
        }

        /** {@code GET target} on the event stream, read until its first event has arrived. */
        RawHttp.Response stream(String target, List<String> headers) throws IOException {
            RawHttp.Response response = RawHttp.send(address, RawHttp.request("GET", target, headers, null), TIMEOUT,
                    soFar -> {
                        String text = new String(soFar, StandardCharsets.UTF_8);
                        return text.contains("data:") && text.indexOf("\n\n", text.indexOf("data:")) > 0;
                    });
            assertEquals(200, response.status(), response.text());
            assertEquals(List.of(), contract.check("GET", target, response));
            return response;
        }

        void expectAllow(RawHttp.Response response, String allowed) {
            assertEquals(allowed, response.header("Allow").orElse(""));
        }
    }

    private static byte[] json(SignedTransaction tx) {
        return bytes(TransactionJson.toJson(tx));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
