package io.ballast.api;

import io.ballast.keys.KeyFile;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TransactionJson;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of bad requests: malformed JSON, wrong types, huge and negative numbers, bad and reused
 * signatures, replayed nonces, unknown fields, oversized bodies, wrong content types, unknown markets and
 * accounts, bad paths, parameters and methods. Each is invalid by construction.
 */
final class HostileRequests {
    /** One request: method, path (with query), content type (null: none), body (null: none), and its kind. */
    record Request(String kind, String method, String path, String contentType, byte[] body) {}

    private static final String JSON = "application/json";
    private final Random random;
    private final String committedDeposit;
    private final String staleWithdraw;
    private final List<String> unauthorised = new ArrayList<>();
    private final String traderKey;
    private final String validTemplate;

    HostileRequests(long seed, TestChain chain, SignedTransaction committedDeposit, KeyPair trader, long traderNonce) {
        this.random = new Random(seed);
        this.committedDeposit = TransactionJson.toJson(committedDeposit);
        this.staleWithdraw = TransactionJson.toJson(chain.txs.withdraw(trader, traderNonce, "1"));
        this.traderKey = trader.publicKey().toHex();
        KeyPair stranger = KeyFile.generate();
        unauthorised.add(TransactionJson.toJson(chain.txs.trade(stranger, 1, "BTC-PERP", "1", "70000")));
        unauthorised.add(TransactionJson.toJson(chain.txs.deposit(trader, 1, trader.publicKey(), "1000000")));
        unauthorised.add(TransactionJson.toJson(chain.txs.oracleReport(trader, "BTC-PERP", "1", System.currentTimeMillis())));
        unauthorised.add(TransactionJson.toJson(chain.txs.trade(trader, traderNonce + 1, "DOGE-PERP", "1", "1")));
        unauthorised.add(TransactionJson.toJson(chain.txs.trade(trader, traderNonce + 1, "BTC-PERP", "0", "1")));
        unauthorised.add(TransactionJson.toJson(chain.txs.withdraw(trader, traderNonce + 1, "0")));
        this.validTemplate = TransactionJson.toJson(chain.txs.trade(trader, traderNonce + 1, "BTC-PERP", "0.01", "70000"));
    }

    Request next() {
        return switch (random.nextInt(14)) {
            case 0 -> post("truncated JSON", validTemplate.substring(0, 1 + random.nextInt(validTemplate.length() - 1)));
            case 1 -> new Request("garbage bytes", "POST", "/v1/tx", JSON, randomBytes(1 + random.nextInt(300)));
            case 2 -> post("wrong type", replaceValue(validTemplate, pick("nonce", "sizeDelta", "signer", "market", "signature",
                    "priorityFeeUsd", "type"), pick("true", "[]", "{}", "null", "\"x\"", "-1.5", "\"\"", "[1,2]")));
            case 3 -> post("huge or negative number", replaceValue(validTemplate, pick("nonce", "sizeDelta", "limitPriceUsd",
                    "priorityFeeUsd"), pick("1e30", "-1", "99999999999999999999", "1e999999999", "\"-5\"",
                    "\"99999999999999999999999\"", "\"1.000000001\"", "\"1e5\"", "-9223372036854775809", "0.5")));
            case 4 -> post("bad signature", replaceValue(validTemplate, "signature", "\"" + pick(hex(64), hex(63), hex(65),
                    signatureOf(committedDeposit)) + "\""));
            case 5 -> post("replayed nonce", pick(committedDeposit, staleWithdraw));
            case 6 -> post("unknown field", validTemplate.replace("{\"type\"", pick("{\"foo\":1,\"type\"",
                    "{\"nonce\":1,\"type\"", "{\"Type\":\"trade\",\"type\"", "{\"signature2\":\"00\",\"type\"")));
            case 7 -> new Request("oversized body", "POST", "/v1/tx", JSON, oversized());
            case 8 -> new Request("wrong content type", "POST", "/v1/tx", pick("text/plain", "application/xml",
                    "application/x-www-form-urlencoded", "application/octet-stream", "text/html"), validTemplate.getBytes());
            case 9 -> post("unauthorised, unknown market or account, out of range", unauthorised.get(random.nextInt(unauthorised.size())));
            case 10 -> get("bad path or parameter", pick("/v1/accounts/xyz", "/v1/accounts/" + traderKey + "?proof=maybe",
                    "/v1/blocks/0", "/v1/blocks/-5", "/v1/blocks/abc", "/v1/blocks/999999999999", "/v1/tx/zz",
                    "/v1/tx/" + hex(32), "/v1/markets/NOPE", "/v1/nope", "/v2/status", "/",
                    "/v1/accounts/" + traderKey + "/events?limit=0", "/v1/accounts/" + traderKey + "/events?limit=100000",
                    "/v1/accounts/" + traderKey + "/events?after=-1", "/v1/stream?fromHeight=abc",
                    "/v1/accounts/" + hex(32) + "?proof=true", "/v1/accounts/" + hex(33)));
            case 11 -> new Request("wrong method", pick("DELETE", "PUT", "PATCH"),
                    pick("/v1/status", "/v1/markets", "/v1/blocks/latest", "/v1/validators", "/v1/tx"), null, null);
            case 12 -> new Request("bad wait parameter", "POST", "/v1/tx?wait=" + pick("forever", "", "FINAL", "1"), JSON,
                    validTemplate.getBytes());
            default -> post("deep nesting", "[".repeat(1 + random.nextInt(3000)) + "]".repeat(random.nextInt(3)));
        };
    }

    private Request post(String kind, String body) {
        return new Request(kind, "POST", "/v1/tx", JSON, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private Request get(String kind, String path) {
        return new Request(kind, "GET", path, null, null);
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private String hex(int bytes) {
        return HexFormat.of().formatHex(randomBytes(bytes)).substring(0, bytes * 2 - (bytes % 2 == 1 && bytes > 60 ? 1 : 0));
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * Over sockets, bodies stay under ~12 KB: for larger ones the node answers 413 from the Content-Length and
     * closes the connection before the client has written the body (the client then sees a broken pipe).
     */
    void overSockets() {
        overSockets = true;
    }

    private boolean overSockets;

    private byte[] oversized() {
        int size = 4_097 + random.nextInt(overSockets || random.nextBoolean() ? 8_000 : 1_000_000);
        return (validTemplate.substring(0, validTemplate.length() - 1) + ",\"pad\":\"" + "x".repeat(size) + "\"}").getBytes();
    }

    private static String signatureOf(String json) {
        int at = json.indexOf("\"signature\":\"") + 13;
        return json.substring(at, at + 128);
    }

    /** Replaces the value of a top-level field of a flat JSON object (values without nested commas). */
    private static String replaceValue(String json, String field, String value) {
        int key = json.indexOf("\"" + field + "\":");
        if (key < 0) {
            return json;
        }
        int start = key + field.length() + 3;
        int end = start;
        if (json.charAt(start) == '"') {
            end = json.indexOf('"', start + 1) + 1;
        } else {
            while (end < json.length() && json.charAt(end) != ',' && json.charAt(end) != '}') {
                end++;
            }
        }
        return json.substring(0, start) + value + json.substring(end);
    }
}
