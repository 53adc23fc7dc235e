package io.ballast.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.ballast.api.client.ApiJson;
import io.ballast.api.client.BallastClient;
import io.ballast.api.model.TxReceiptView;
import io.ballast.api.model.TxStatusView;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TransactionJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The benchmark's load: transactions signed in advance ({@link BenchAccounts}) sent with {@code POST /v1/tx?wait=final}
 * to the nodes' APIs in rotation, asynchronously (a few threads carry any number of requests). Two modes per step:
 * closed loop (C requests outstanding; a finished one starts the next at once) and open loop (requests due at a fixed
 * rate; a due request waits in the backlog for a free account, and its latency counts from when it was due, so a slow
 * cluster cannot hide its queueing: no coordinated omission). Every final receipt (accepted or rejected) is handed to
 * {@code ack} ({@link JournalAudit}'s ack log) and its latency recorded in the step's HdrHistogram. Bounded: the window,
 * the drain, the backlog ({@link #BACKLOG_MAX}); a request the HTTP client gives up on counts as an error.
 */
final class BenchLoad implements AutoCloseable {
    static final int BACKLOG_MAX = 200_000;
    private static final long HISTOGRAM_MAX_MICROS = TimeUnit.MINUTES.toMicros(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    /** One step's counts and latencies (µs, from the intended send time). */
    static final class Step {
        final String name;
        final String mode;
        final int clients;
        final double offeredPerSec;
        final Histogram latencyMicros = new Histogram(HISTOGRAM_MAX_MICROS, 3);
        final AtomicLong sent = new AtomicLong();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong acceptedInWindow = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong unfinished = new AtomicLong();
        final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        volatile long startNanos;
        volatile long windowEndNanos = Long.MAX_VALUE;
        volatile double windowSeconds;

        Step(String name, String mode, int clients, double offeredPerSec) {
            this.name = name;
            this.mode = mode;
            this.clients = clients;
            this.offeredPerSec = offeredPerSec;
        }

        void record(long micros) {
            synchronized (latencyMicros) {
                latencyMicros.recordValue(Math.min(HISTOGRAM_MAX_MICROS, Math.max(0, micros)));
            }
        }

        double percentileMillis(double percentile) {
            synchronized (latencyMicros) {
                return latencyMicros.getTotalCount() == 0 ? -1 : latencyMicros.getValueAtPercentile(percentile) / 1_000.0;
            }
        }

        long finals() {
            return accepted.get() + rejected.get();
        }

        long errorCount() {
            return errors.values().stream().mapToLong(AtomicLong::get).sum();
        }

        Map<String, Long> errorsByCode() {
            Map<String, Long> byCode = new TreeMap<>();
            errors.forEach((code, count) -> byCode.put(code, count.get()));
            return byCode;
        }

        double committedPerSec() {
            return windowSeconds <= 0 ? 0 : acceptedInWindow.get() / windowSeconds;
        }

        void error(String code) {
            if (errors.size() < 32 || errors.containsKey(code)) {
                errors.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    /**
     * One outstanding request: recorded exactly once (on its answer, or as unfinished when the drain ends);
     * {@code intendedNanos} is when its transaction was first due (a resend keeps the first attempt's time).
     */
    private record Request(BenchAccounts.Account account, SignedTransaction tx, long intendedNanos, Step step,
                           AtomicBoolean recorded) {}

    private final List<URI> nodes;
    private final List<BallastClient> clients;
    private final BenchAccounts accounts;
    private final Consumer<TxReceiptView> ack;
    private final ExecutorService httpThreads = Executors.newFixedThreadPool(3, daemon("bench-http"));
    private final ExecutorService resyncThread = Executors.newSingleThreadExecutor(daemon("bench-resync"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("bench-timer"));
    private final HttpClient http;
    private final ConcurrentLinkedQueue<BenchAccounts.Account> free = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> backlog = new ConcurrentLinkedQueue<>();
    private final AtomicInteger backlogSize = new AtomicInteger();
    private final Set<Request> outstanding = ConcurrentHashMap.newKeySet();
    private final AtomicInteger closedSlots = new AtomicInteger();
    private final AtomicLong rotation = new AtomicLong();
    private volatile Step step;
    private volatile boolean closedActive;

    BenchLoad(List<URI> nodes, BenchAccounts accounts, Consumer<TxReceiptView> ack) {
        this.nodes = List.copyOf(nodes);
        this.clients = nodes.stream().map(uri -> new BallastClient(uri, Duration.ofSeconds(10))).toList();
        this.accounts = accounts;
        this.ack = ack;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(httpThreads).build();
        free.addAll(accounts.all());
    }

    /** {@code clients} requests outstanding for {@code window}, then at most {@code drain} for the last answers. */
    Step closedLoop(String name, int clients, Duration window, Duration drain) {
        Step s = begin(new Step(name, "closed", clients, 0));
        closedSlots.set(clients);
        closedActive = true;
        pump();
        sleepUntil(s.startNanos + window.toNanos());
        closedActive = false;
        return end(s, drain);
    }

    /** Requests due at {@code ratePerSec} for {@code window} (latency from when each was due), then the drain. */
    Step openLoop(String name, double ratePerSec, Duration window, Duration drain) {
        Step s = begin(new Step(name, "open", 0, ratePerSec));
        long windowNanos = window.toNanos();
        long issued = 0;
        while (true) {
            long elapsed = System.nanoTime() - s.startNanos;
            if (elapsed >= windowNanos || backlogSize.get() > BACKLOG_MAX) {
                break;
            }
            long due = (long) (elapsed / 1e9 * ratePerSec);
            for (; issued < due; issued++) {
                backlog.add(s.startNanos + (long) (issued * 1e9 / ratePerSec));
                backlogSize.incrementAndGet();
            }
            pump();
            LockSupport.parkNanos(Math.max(200_000L, Math.min(5_000_000L, (long) (1e9 / ratePerSec / 2))));
        }
        return end(s, drain);
    }

    private Step begin(Step s) {
        s.startNanos = System.nanoTime();
        step = s;
        return s;
    }

    /** Window over; backlog (open loop) still served until the drain bound; whatever is left is recorded unfinished. */
    private Step end(Step s, Duration drain) {
        long windowEnd = System.nanoTime();
        s.windowEndNanos = windowEnd;
        s.windowSeconds = (windowEnd - s.startNanos) / 1e9;
        long drainEnd = windowEnd + drain.toNanos();
        while (System.nanoTime() < drainEnd && (backlogSize.get() > 0 || outstandingOf(s) > 0)) {
            pump();
            LockSupport.parkNanos(5_000_000L);
        }
        long now = System.nanoTime();
        for (Long intended; (intended = backlog.poll()) != null; ) {
            backlogSize.decrementAndGet();
            s.record((now - intended) / 1_000);
            s.unfinished.incrementAndGet();
        }
        for (Request request : outstanding) {
            if (request.step() == s && request.recorded().compareAndSet(false, true)) {
                s.record((now - request.intendedNanos()) / 1_000);
                s.unfinished.incrementAndGet();
            }
        }
        return s;
    }

    private long outstandingOf(Step s) {
        return outstanding.stream().filter(r -> r.step() == s && !r.recorded().get()).count();
    }

    /** Starts what the current mode allows with the free accounts. */
    private void pump() {
        Step s = step;
        if (s == null) {
            return;
        }
        if (s.mode.equals("closed")) {
            while (closedActive && takeSlot()) {
                BenchAccounts.Account account = free.poll();
                if (account == null) {
                    closedSlots.incrementAndGet();
                    return;
                }
                send(account, System.nanoTime(), s);
            }
            return;
        }
        while (backlogSize.get() > 0) {
            BenchAccounts.Account account = free.poll();
            if (account == null) {
                return;
            }
            Long intended = backlog.poll();
            if (intended == null) {
                free.add(account);
                return;
            }
            backlogSize.decrementAndGet();
            send(account, intended, s);
        }
    }

    private boolean takeSlot() {
        for (int slots = closedSlots.get(); slots > 0; slots = closedSlots.get()) {
            if (closedSlots.compareAndSet(slots, slots - 1)) {
                return true;
            }
        }
        return false;
    }

    private void send(BenchAccounts.Account account, long intendedNanos, Step s) {
        SignedTransaction tx = accounts.head(account);
        if (!tx.hash().equals(account.firstSentHash)) {
            account.firstSentHash = tx.hash();
            account.firstSentNanos = intendedNanos;
        }
        // a resend (after a time-out, 429/503 or a pending answer) counts from the transaction's first send in this step
        long firstSentNanos = Math.max(s.startNanos, Math.min(intendedNanos, account.firstSentNanos));
        Request request = new Request(account, tx, firstSentNanos, s, new AtomicBoolean());
        outstanding.add(request);
        s.sent.incrementAndGet();
        URI node = nodes.get((int) Math.floorMod(rotation.getAndIncrement(), (long) nodes.size()));
        HttpRequest post = HttpRequest.newBuilder(node.resolve("/v1/tx?wait=final")).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TransactionJson.toJson(tx))).build();
        http.sendAsync(post, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
            try {
                if (failure != null) {
                    failed(request, failure instanceof java.net.http.HttpTimeoutException
                            || failure.getCause() instanceof java.net.http.HttpTimeoutException ? "TIMEOUT" : "IO_ERROR");
                } else {
                    answered(request, node, response);
                }
            } catch (RuntimeException e) {
                failed(request, "LOAD_" + e.getClass().getSimpleName());
            }
        });
    }

    private void answered(Request request, URI node, HttpResponse<byte[]> response) throws RuntimeException {
        int status = response.statusCode();
        if (status == 200) {
            finalReceipt(request, read(response.body(), TxReceiptView.class));
            return;
        }
        String code = status == 202 ? "PENDING" : problemCode(response);
        if (status == 409 || status == 422) {
            // committed (accepted earlier, or rejected at execution), or refused on the nonce: look it up by hash
            HttpRequest get = HttpRequest.newBuilder(node.resolve("/v1/tx/" + request.tx().hash().toHex()))
                    .timeout(REQUEST_TIMEOUT).header("Accept", "application/json").GET().build();
            http.sendAsync(get, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((lookup, failure) -> {
                try {
                    TxReceiptView receipt = failure == null && lookup.statusCode() == 200
                            ? read(lookup.body(), TxStatusView.class).receipt() : null;
                    if (receipt != null) {
                        finalReceipt(request, receipt);
                    } else {
                        request.account().resync = code.equals("STALE_NONCE") || code.equals("BAD_NONCE");
                        failed(request, code);
                    }
                } catch (RuntimeException e) {
                    failed(request, code);
                }
            });
            return;
        }
        failed(request, code);
    }

    private void finalReceipt(Request request, TxReceiptView receipt) {
        ack.accept(receipt);
        long now = System.nanoTime();
        Step s = request.step();
        if (request.recorded().compareAndSet(false, true)) {
            s.record((now - request.intendedNanos()) / 1_000);
        }
        if (receipt.accepted()) {
            accounts.advance(request.account(), request.tx());
            s.accepted.incrementAndGet();
            if (now <= s.windowEndNanos) {
                s.acceptedInWindow.incrementAndGet();
            }
        } else {
            s.rejected.incrementAndGet();
            request.account().resync = true;
        }
        done(request, 0);
    }

    /** Not final: the same bytes go again later (a duplicate waits for the same commit). */
    private void failed(Request request, String code) {
        request.step().error(code);
        done(request, 200);
    }

    private void done(Request request, long backoffMillis) {
        outstanding.remove(request);
        BenchAccounts.Account account = request.account();
        if (request.step().mode.equals("closed") && request.step() == step) {
            closedSlots.incrementAndGet();
        }
        if (account.resync) {
            resyncThread.execute(() -> {
                try {
                    accounts.resync(account, clients.get(account.id % clients.size()));
                } catch (RuntimeException unreachable) {
                    account.resync = true;
                }
                release(account);
            });
        } else if (backoffMillis > 0) {
            timer.schedule(() -> release(account), backoffMillis, TimeUnit.MILLISECONDS);
        } else {
            release(account);
        }
    }

    private void release(BenchAccounts.Account account) {
        free.add(account);
        pump();
    }

    private static <T> T read(byte[] body, Class<T> type) {
        try {
            return ApiJson.mapper().readValue(body, type);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String problemCode(HttpResponse<byte[]> response) {
        try {
            JsonNode problem = ApiJson.mapper().readTree(response.body());
            String code = problem.path("code").asText("");
            return code.isEmpty() ? "HTTP_" + response.statusCode() : code;
        } catch (java.io.IOException notJson) {
            return "HTTP_" + response.statusCode();
        }
    }

    private static void sleepUntil(long nanos) {
        for (long left = nanos - System.nanoTime(); left > 0; left = nanos - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(left, 50_000_000L));
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        closedActive = false;
        step = null;
        timer.shutdownNow();
        resyncThread.shutdownNow();
        httpThreads.shutdownNow();
    }
}
