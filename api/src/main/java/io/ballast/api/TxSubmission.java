package io.ballast.api;

import io.ballast.core.math.Percentiles;
import io.ballast.actors.chain.NodeClient;
import io.ballast.actors.node.NodeSignatures;
import io.ballast.actors.validator.TxAdmission;
import io.ballast.api.model.TxAccepted;
import io.ballast.api.model.TxReceiptView;
import io.ballast.api.model.TxStatusView;
import io.ballast.core.json.Json;
import io.ballast.core.json.JsonException;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.SignatureVerifier;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TransactionJson;
import io.ballast.core.ledger.tx.TxBody;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * {@code POST /v1/tx}: strict parsing, stateless checks, signature, stateful pre-checks against the latest
 * indexed state, then the mempool; with {@code wait=final}, the committed receipt. Every refusal is an
 * {@link ApiError} with its own code; nothing reaches a validator unless it parsed, verified and passed the
 * pre-checks, so bad input never changes state.
 */
final class TxSubmission {
    /** Numbers in a transaction never need more digits than this (longs have 19); bounds BigDecimal work. */
    private static final int MAX_NUMBER_DIGITS = 40;

    /** What a successful submission answers: HTTP status and body. */
    record Outcome(int status, Object body) {}

    private final ActorSystem<?> system;
    private final Genesis genesis;
    private final ActorRef<ChainIndex.Command> index;
    private final NodeClient client;
    private final NodeSignatures signatures;
    private final ApiSettings settings;
    private final ApiMetrics metrics;
    private final long[] finalitySamplesMillis = new long[1024];
    private long finalitySamples;
    private final java.util.Set<String> admittedRecently = java.util.Collections.newSetFromMap(
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
                    return size() > 100_000;
                }
            }));

    TxSubmission(ActorSystem<?> system, Genesis genesis, ActorRef<ChainIndex.Command> index, NodeClient client,
                 ApiSettings settings, ApiMetrics metrics) {
        this.system = system;
        this.genesis = genesis;
        this.index = index;
        this.client = client;
        this.signatures = NodeSignatures.get(system);
        this.settings = settings;
        this.metrics = metrics;
    }

    CompletionStage<Outcome> submit(String body, boolean waitFinal) {
        SignedTransaction tx;
        try {
            tx = parse(body);
            checkRanges(tx);
            if (!signatures.verify(tx, genesis.chainId(), SignatureVerifier.Purpose.API)) {
                throw ApiError.unprocessable(ProblemCode.BAD_SIGNATURE, "the signature does not verify for signer "
                        + tx.signer().toHex() + " over this transaction on chain " + genesis.chainId());
            }
        } catch (ApiError error) {
            metrics.admission(error.code());
            return CompletableFuture.failedFuture(error);
        }
        long startNanos = System.nanoTime();
        return this.<Boolean>ask(replyTo -> new ChainIndex.Precheck(tx, replyTo), settings.askTimeout())
                .thenCompose(ok -> client.submit(tx.encode()).exceptionally(failure -> {
                    throw ApiError.unavailable("no validator answered: " + failure.getMessage());
                }))
                .thenCompose(admission -> admitted(tx, admission, waitFinal, startNanos))
                .whenComplete((outcome, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
                        metrics.admission(cause instanceof ApiError error ? error.code() : "FAILED");
                    }
                });
    }

    private CompletionStage<Outcome> admitted(SignedTransaction tx, TxAdmission admission, boolean waitFinal, long startNanos) {
        if (!admission.admitted()) {
            throw refusal(admission);
        }
        metrics.admission(admission.outcome().name());
        String hash = tx.hash().toHex();
        admittedRecently.add(hash);
        if (!waitFinal) {
            return CompletableFuture.completedFuture(new Outcome(202, new TxAccepted(hash,
                    admission.outcome() == TxAdmission.Outcome.ACCEPTED ? "PENDING" : admission.outcome().name(),
                    tx.lane().name())));
        }
        return awaitReceiptView(hash)
                .thenApply(receipt -> {
                    if (receipt == null) {
                        return new Outcome(202, new TxStatusView(hash, "PENDING", null));
                    }
                    recordFinality((System.nanoTime() - startNanos) / 1_000_000);
                    if (!receipt.accepted()) {
                        throw ApiError.rejectedInBlock(receipt);
                    }
                    return new Outcome(200, receipt);
                });
    }

    /**
     * Waits at the node's chain follower (its one registry of receipt waiters) for the transaction's block, then
     * reads the full receipt view once this API's index has that height; null if not final within the wait.
     */
    private CompletionStage<TxReceiptView> awaitReceiptView(String hash) {
        return client.awaitReceipt(hash, settings.waitFinalMax())
                .exceptionally(failure -> {
                    throw ApiError.unavailable("the chain follower did not answer: " + failure.getMessage());
                })
                .thenCompose(receipt -> receipt == null ? CompletableFuture.<TxReceiptView>completedFuture(null)
                        : this.<io.ballast.api.model.BlockView>ask(replyTo -> new ChainIndex.AwaitBlock(receipt.height(),
                                settings.askTimeout(), replyTo), settings.askTimeout().plusSeconds(1))
                        .thenCompose(block -> this.<TxReceiptView>ask(replyTo -> new ChainIndex.GetReceipt(hash, replyTo),
                                settings.askTimeout())));
    }

    static ApiError refusal(TxAdmission admission) {
        String detail = admission.detail() == null ? "" : admission.detail();
        return switch (admission.refusal()) {
            case LANE_FULL -> new ApiError(429, ProblemCode.LANE_FULL, "the mempool lane is full: " + detail,
                    Math.max(1, (admission.retryAfterMillis() + 999) / 1000));
            case TOO_LARGE -> new ApiError(413, ProblemCode.TX_TOO_LARGE, detail);
            case ALREADY_COMMITTED -> new ApiError(409, ProblemCode.ALREADY_COMMITTED, "transaction " + admission.txHash()
                    + " is already in a committed block");
            case UNAVAILABLE -> ApiError.unavailable(detail);
            case INVALID -> admission.code() == null ? ApiError.unprocessable(ProblemCode.INVALID_TRANSACTION, detail)
                    : ApiError.ofRejection(admission.code(), detail);
        };
    }

    private <T> CompletionStage<T> ask(java.util.function.Function<ActorRef<Answer<T>>, ChainIndex.Command> message,
                                       Duration timeout) {
        return AskPattern.<ChainIndex.Command, Answer<T>>ask(index, message::apply, timeout, system.scheduler())
                .exceptionally(failure -> {
                    throw ApiError.unavailable("the chain index did not answer: " + failure.getMessage());
                })
                .thenApply(Answer::get);
    }

    static SignedTransaction parse(String body) {
        Object parsed;
        try {
            parsed = Json.parse(body);
        } catch (JsonException | NumberFormatException | StackOverflowError malformed) {
            throw ApiError.badRequest(ProblemCode.MALFORMED_JSON, "the body is not JSON: " + malformed.getMessage());
        }
        if (!(parsed instanceof Map)) {
            throw ApiError.badRequest(ProblemCode.MALFORMED_JSON, "the body must be a JSON object (a signed transaction)");
        }
        checkNumbers(parsed);
        try {
            return TransactionJson.fromObject(parsed);
        } catch (JsonException | IllegalArgumentException | ArithmeticException invalid) {
            String message = String.valueOf(invalid.getMessage());
            if (message.contains("unknown field")) {
                throw ApiError.badRequest(ProblemCode.UNKNOWN_FIELD, message);
            }
            if (message.contains("decimal") || message.contains("64 bits") || message.contains("whole number")) {
                throw ApiError.badRequest(ProblemCode.BAD_AMOUNT, message);
            }
            throw ApiError.badRequest(ProblemCode.INVALID_FIELD, message);
        }
    }

    /** Refuses numbers with more than {@link #MAX_NUMBER_DIGITS} digits or exponents (e.g. 1e999999999). */
    private static void checkNumbers(Object value) {
        if (value instanceof BigDecimal number) {
            if (number.precision() > MAX_NUMBER_DIGITS || Math.abs(number.scale()) > MAX_NUMBER_DIGITS) {
                throw ApiError.badRequest(ProblemCode.BAD_AMOUNT, "number out of range: at most " + MAX_NUMBER_DIGITS + " digits");
            }
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(TxSubmission::checkNumbers);
        } else if (value instanceof List<?> list) {
            list.forEach(TxSubmission::checkNumbers);
        }
    }

    private void checkRanges(SignedTransaction tx) {
        if (tx.nonce() < 0 || tx.priorityFeeUsd() < 0) {
            throw ApiError.unprocessable(ProblemCode.OUT_OF_RANGE, "nonce and priorityFeeUsd must not be negative");
        }
        byte[] encoded;
        try {
            encoded = tx.encode();
        } catch (IllegalArgumentException tooLong) {
            throw ApiError.badRequest(ProblemCode.INVALID_FIELD, tooLong.getMessage());
        }
        if (encoded.length > SignedTransaction.MAX_ENCODED_BYTES) {
            throw new ApiError(413, ProblemCode.TX_TOO_LARGE, encoded.length + " bytes encoded > " + SignedTransaction.MAX_ENCODED_BYTES);
        }
        TxBody body = tx.body();
        if (body instanceof TxBody.Deposit d) {
            positive("amountUsd", d.amountUsd());
        } else if (body instanceof TxBody.Withdraw w) {
            positive("amountUsd", w.amountUsd());
        } else if (body instanceof TxBody.Trade t) {
            market(t.marketId());
            if (t.sizeDeltaE8() == 0 || Math.abs(t.sizeDeltaE8()) > Units.MAX_SIZE_E8) {
                throw ApiError.unprocessable(ProblemCode.OUT_OF_RANGE, "sizeDelta must be non-zero and at most "
                        + Units.formatSize(Units.MAX_SIZE_E8) + " in absolute value");
            }
            price("limitPriceUsd", t.limitPriceUsd(), false);
        } else if (body instanceof TxBody.ClosePosition c) {
            market(c.marketId());
            price("worstPriceUsd", c.worstPriceUsd(), true);
        } else if (body instanceof TxBody.LpDeposit l) {
            positive("amountUsd", l.amountUsd());
        } else if (body instanceof TxBody.LpWithdraw l) {
            positive("shares", l.shares());
        } else if (body instanceof TxBody.OracleReport o) {
            market(o.marketId());
            price("priceUsd", o.priceUsd(), false);
            positive("timestampMillis", o.timestampMillis());
        } else if (body instanceof TxBody.VolReport v) {
            market(v.marketId());
            positive("volPpm", v.volPpm());
            positive("timestampMillis", v.timestampMillis());
        } else if (body instanceof TxBody.ListOption l) {
            market(l.marketId());
            price("strikeUsd", l.strikeUsd(), false);
            positive("contractSize", l.contractSizeE8());
            positive("expiryMillis", l.expiryMillis());
        }
    }

    private static void positive(String field, long value) {
        if (value <= 0) {
            throw ApiError.unprocessable(ProblemCode.OUT_OF_RANGE, field + " must be positive");
        }
    }

    private static void price(String field, long value, boolean zeroAllowed) {
        if (value < 0 || (!zeroAllowed && value == 0) || value > Units.MAX_PRICE_USD) {
            throw ApiError.unprocessable(ProblemCode.OUT_OF_RANGE, field + " must be " + (zeroAllowed ? "at least 0" : "positive")
                    + " and at most " + Units.formatUsd(Units.MAX_PRICE_USD));
        }
    }

    /** A genesis market, or a well-formed option series id on a market with options (the ledger knows if it is listed). */
    private void market(String id) {
        for (MarketParams market : genesis.markets()) {
            if (market.id().equals(id)) {
                return;
            }
        }
        if (optionSeriesIdOnAMarketWithOptions(id)) {
            return;
        }
        throw ApiError.unprocessable(ProblemCode.UNKNOWN_MARKET, "no market \"" + id + "\"; markets: "
                + genesis.markets().stream().map(MarketParams::id).toList());
    }

    private boolean optionSeriesIdOnAMarketWithOptions(String id) {
        io.ballast.core.options.OptionSeriesId series;
        try {
            series = io.ballast.core.options.OptionSeriesId.parse(id);
        } catch (IllegalArgumentException notASeries) {
            return false;
        }
        return genesis.options().markets().stream().anyMatch(
                p -> io.ballast.core.options.OptionSeriesId.underlyingPrefix(p.marketId()).equals(series.underlying()));
    }

    /** Admitted by this node recently (then PENDING until its block is indexed). */
    boolean wasAdmitted(String hash) {
        return admittedRecently.contains(hash);
    }

    private synchronized void recordFinality(long millis) {
        finalitySamplesMillis[(int) (finalitySamples++ % finalitySamplesMillis.length)] = millis;
        metrics.finalitySeconds(millis / 1000.0);
    }

    /** Submit-to-final percentiles over the last 1,024 waits: {samples, p50, p99}. */
    synchronized long[] finalityPercentiles() {
        int n = (int) Math.min(finalitySamples, finalitySamplesMillis.length);
        if (n == 0) {
            return new long[] {0, 0, 0};
        }
        long[] sorted = Arrays.copyOf(finalitySamplesMillis, n);
        Arrays.sort(sorted);
        return new long[] {finalitySamples, Percentiles.nearestRank(sorted, 50, 0), Percentiles.nearestRank(sorted, 99, 0)};
    }
}
