package io.ballast.chaos;

import io.ballast.api.client.BallastApiException;
import io.ballast.api.client.BallastClient;
import io.ballast.api.model.MarketView;
import io.ballast.api.model.TxReceiptView;
import io.ballast.api.model.TxStatusView;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chaos suite's load, through the nodes' HTTP APIs only ({@link BallastClient}, {@code POST /v1/tx?wait=final}).
 * One thread per signer: the collateral authority funds the traders (and keepers) with deposits; each trader
 * signs small market orders at the index price the nodes' oracles set. Each transaction goes to the next node in
 * rotation; on a time-out, refusal or error the <em>same signed bytes</em> go to the next node (a resubmission cannot
 * apply twice: the ledger's nonces are strict, and one signature over one body is one transaction hash), after
 * asking whether it is already committed. A signer re-reads its nonce only when a node says it is stale and the
 * transaction is not in a block, or when its transaction was given up; a new body signed with that nonce can then
 * commit only if the given-up one never does. Every receipt is acknowledged once: appended to {@code ackLog}
 * ({@code txHash height index accepted code}, synced) and its submit-to-final time, failovers included, to
 * {@code ackLog.latency} ({@code epochMillis ms}). Bounded: {@code duration}, {@code maxTransactions}, attempts and
 * time per transaction. Traffic goes only to the given URIs (127.0.0.x in the suite).
 *
 * <p>It runs inside the JVM that runs the cluster (the test JVM, or the supervisor of {@code bin/ballast cluster}):
 * a few HTTP client threads cost less than another JVM on a 2-core machine, it is never faulted (only nodes are), it
 * is not a cluster member (so it cannot make the split-brain resolver see partial partitions), and it stops with
 * the run.
 */
public final class HttpLoad implements AutoCloseable {
    static final long DEPOSIT_USD = 100_000;
    private static final int ATTEMPTS_MAX = 30;
    private static final Duration PER_TX_MAX = Duration.ofSeconds(60);

    /**
     * @param nodes           the validator hosts' API base URIs, in rotation order
     * @param traders         trading accounts (each its own thread), besides the authority's thread
     * @param fundOnly        accounts funded once by the authority (e.g. the liquidators' keepers)
     * @param requestTimeout  one HTTP exchange (and the client's wait for a 202 to become final)
     * @param duration        the load stops by itself after this long
     * @param maxTransactions ... or after this many acknowledged receipts
     */
    public record Options(List<URI> nodes, Genesis genesis, KeyPair authority, int traders, List<Bytes32> fundOnly,
                          Path ackLog, Duration requestTimeout, Duration thinkTime, Duration duration,
                          long maxTransactions, long seed, PrintStream log) {}

    private final Options options;
    private final List<BallastClient> clients = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failovers = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();
    private final AtomicLong nonceRereads = new AtomicLong();
    private final Map<String, AtomicLong> givenUpBy = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Long> pricesUsd = new HashMap<>();
    private final long deadlineNanos;
    private volatile boolean funded;

    private HttpLoad(Options options) {
        this.options = options;
        for (URI node : options.nodes()) {
            clients.add(new BallastClient(node, options.requestTimeout()));
        }
        for (MarketParams market : options.genesis().markets()) {
            pricesUsd.put(market.id(), market.initialIndexPriceUsd());
        }
        deadlineNanos = System.nanoTime() + options.duration().toNanos();
    }

    public static HttpLoad start(Options options) throws IOException {
        Files.createDirectories(options.ackLog().toAbsolutePath().getParent());
        HttpLoad load = new HttpLoad(options);
        List<KeyPair> traders = new ArrayList<>();
        for (int i = 0; i < options.traders(); i++) {
            traders.add(Ed25519.keyPairFromLabel("chaos/http/" + options.genesis().chainId() + "/trader-" + i));
        }
        load.spawn("http-load-authority", () -> load.authority(traders));
        for (int i = 0; i < traders.size(); i++) {
            KeyPair trader = traders.get(i);
            long seed = options.seed() * 31 + i;
            int rotationStart = traders.size() + i;
            load.spawn("http-load-trader-" + i, () -> load.trader(trader, new Random(seed), rotationStart));
        }
        return load;
    }

    /** The authority funded every account (it signs nothing after that). */
    public boolean funded() {
        return funded;
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    public String summary() {
        return String.format("%d acknowledged, %d failovers, %d given up %s, %d nonce re-reads", acknowledged.get(),
                failovers.get(), givenUp.get(), new java.util.TreeMap<>(givenUpBy), nonceRereads.get());
    }

    private void spawn(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                options.log().println("[load] " + name + " stopped: " + e);
            }
        }, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private boolean active() {
        return running.get() && System.nanoTime() < deadlineNanos && acknowledged.get() < options.maxTransactions()
                && !Thread.currentThread().isInterrupted();
    }

    // ---- signers --------------------------------------------------------------------------

    /** Funds every trader and fund-only account once (in order: the authority's nonces commit in order). */
    private void authority(List<KeyPair> traders) {
        KeyPair authority = options.authority();
        List<Bytes32> toFund = new ArrayList<>();
        traders.forEach(t -> toFund.add(t.publicKey()));
        toFund.addAll(options.fundOnly());
        long[] nonce = {readNonce(authority.publicKey(), 0, 0)};
        int rotation = 0;
        for (int i = 0; i < toFund.size() && active(); ) {
            TxBody deposit = new TxBody.Deposit(toFund.get(i), DEPOSIT_USD * Units.USD_SCALE);
            if (submit(authority, nonce, deposit, rotation++)) {
                i++;
            }
        }
        funded = true; // no more authority transactions: others (the suite's HTTP checks) sign deposits too
    }

    /** Small market orders (random market and side, limit 2 % off the index the nodes report). */
    private void trader(KeyPair trader, Random random, int rotationStart) {
        for (int waits = 0; !funded && active() && waits < 3_000; waits++) {
            pause(100);
        }
        long[] nonce = {readNonce(trader.publicKey(), rotationStart, 0)};
        int rotation = rotationStart;
        long pricesReadNanos = 0;
        while (active()) {
            if (System.nanoTime() - pricesReadNanos > 5_000_000_000L) {
                readPrices(rotation);
                pricesReadNanos = System.nanoTime();
            }
            List<MarketParams> markets = options.genesis().markets();
            MarketParams market = markets.get(random.nextInt(markets.size()));
            long indexUsd;
            synchronized (pricesUsd) {
                indexUsd = Math.max(1, pricesUsd.get(market.id()));
            }
            boolean buy = random.nextBoolean();
            long notionalUsd = (500 + random.nextInt(4_500)) * Units.USD_SCALE;
            long sizeE8 = Math.max(1, (long) ((double) notionalUsd / indexUsd * Units.SIZE_SCALE));
            long limitUsd = buy ? indexUsd + indexUsd / 50 : indexUsd - indexUsd / 50;
            submit(trader, nonce, new TxBody.Trade(market.id(), buy ? sizeE8 : -sizeE8, limitUsd), rotation++);
            pause(1 + random.nextInt((int) Math.max(1, 2 * options.thinkTime().toMillis())));
        }
    }

    // ---- one transaction ------------------------------------------------------------------

    private enum Outcome { FINAL, STALE_NONCE, GIVEN_UP }

    /**
     * Signs {@code body} with {@code nonce[0] + 1} and drives it to a final receipt. Returns true when it was
     * acknowledged as final and accepted (the nonce then advanced); on any other ending the nonce is re-read.
     */
    private boolean submit(KeyPair signer, long[] nonce, TxBody body, int rotation) {
        SignedTransaction tx = SignedTransaction.sign(options.genesis().chainId(), signer, nonce[0] + 1, body);
        long startNanos = System.nanoTime();
        TxReceiptView[] receipt = {null};
        Outcome outcome = drive(tx, rotation, receipt);
        if (outcome == Outcome.FINAL) {
            acknowledge(receipt[0], (System.nanoTime() - startNanos) / 1_000_000);
            if (receipt[0].accepted()) {
                nonce[0]++;
                return true;
            }
        } else if (outcome == Outcome.GIVEN_UP) {
            givenUp.incrementAndGet();
        }
        nonceRereads.incrementAndGet();
        nonce[0] = readNonce(signer.publicKey(), rotation + 1, nonce[0]);
        return false;
    }

    /** The same signed transaction to node after node until a receipt, a stale nonce, or the attempt/time bound. */
    private Outcome drive(SignedTransaction tx, int rotation, TxReceiptView[] receipt) {
        String hash = tx.hash().toHex();
        long deadline = System.nanoTime() + PER_TX_MAX.toNanos();
        String last = "TIME_OUT";
        int unknownSigner = 0;
        for (int attempt = 0; attempt < ATTEMPTS_MAX && System.nanoTime() < deadline && running.get(); attempt++) {
            BallastClient client = clients.get(Math.floorMod(rotation + attempt, clients.size()));
            if (attempt > 0) {
                failovers.incrementAndGet();
                TxReceiptView committed = committedReceipt(client, hash);
                if (committed != null) {
                    receipt[0] = committed; // an earlier attempt made it: acknowledged once, not resubmitted
                    return Outcome.FINAL;
                }
            }
            try {
                receipt[0] = client.submitAndWait(tx);
                return Outcome.FINAL;
            } catch (BallastApiException refused) {
                TxReceiptView committed = committedReceipt(client, hash);
                if (committed != null) {
                    receipt[0] = committed; // committed but rejected at execution, or committed by an earlier attempt
                    return Outcome.FINAL;
                }
                if (refused.code().equals("STALE_NONCE") || refused.code().equals("BAD_NONCE")) {
                    return Outcome.STALE_NONCE;
                }
                last = refused.code();
                // a node whose index is still catching up (just restarted) does not know the signer yet: next node,
                // unless a whole round of nodes says so
                if (last.equals("UNKNOWN_ACCOUNT") && ++unknownSigner < clients.size()) {
                    continue;
                }
                if (refused.status() / 100 == 4 && refused.status() != 409 && refused.status() != 429) {
                    return givenUp(last); // malformed or refused for good: never final
                }
                pause(Math.min(2_000, 200L * (1 + attempt / clients.size()))); // pending, lane full, busy, no validator
            } catch (UncheckedIOException | IllegalStateException unreachable) {
                last = "UNREACHABLE";
                pause(Math.min(2_000, 100L * (1 + attempt / clients.size()))); // refused connection or time-out
            }
        }
        return givenUp(running.get() ? last : "STOPPED");
    }

    private Outcome givenUp(String reason) {
        if (givenUpBy.size() < 32 || givenUpBy.containsKey(reason)) {
            givenUpBy.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        }
        return Outcome.GIVEN_UP;
    }

    private static TxReceiptView committedReceipt(BallastClient client, String hash) {
        try {
            TxStatusView status = client.tx(hash);
            return status.receipt();
        } catch (RuntimeException unknownOrUnreachable) {
            return null;
        }
    }

    /**
     * The signer's last committed nonce, from the first node (in rotation) that answers; asked again every 500 ms
     * while the load is active (all nodes may be down for a while); {@code fallback} once it stops.
     */
    private long readNonce(Bytes32 key, int rotation, long fallback) {
        for (int attempt = 0; active(); attempt++) {
            try {
                return clients.get(Math.floorMod(rotation + attempt, clients.size())).nextNonce(key) - 1;
            } catch (RuntimeException unreachable) {
                pause(500);
            }
        }
        return fallback;
    }

    private void readPrices(int rotation) {
        try {
            for (MarketView market : clients.get(Math.floorMod(rotation, clients.size())).markets()) {
                long price = Units.parseUsd(market.indexPriceUsd());
                if (price > 0) {
                    synchronized (pricesUsd) {
                        pricesUsd.put(market.id(), price);
                    }
                }
            }
        } catch (RuntimeException unreachable) {
            // keep the last prices
        }
    }

    /** Times to final receipt (ms, failovers included) acknowledged between the two instants, ascending. */
    public static List<Long> latencies(Path ackLog, long fromMillis, long toMillis) {
        Path file = Path.of(ackLog + ".latency");
        List<Long> samples = new ArrayList<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] parts = line.split(" "); // "epochMillis latencyMillis", written by acknowledge
                    if (parts.length == 2) {
                        long at = Long.parseLong(parts[0]);
                        if (at >= fromMillis && at <= toMillis) {
                            samples.add(Long.parseLong(parts[1]));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        java.util.Collections.sort(samples);
        return samples;
    }

    private synchronized void acknowledge(TxReceiptView receipt, long latencyMillis) {
        String line = JournalAudit.Ack.of(receipt).line();
        try {
            Files.writeString(options.ackLog(), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            Files.writeString(Path.of(options.ackLog() + ".latency"), System.currentTimeMillis() + " " + latencyMillis
                    + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acknowledged.incrementAndGet();
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    /** Stops every thread (bounded wait); receipts already acknowledged stay in the log. */
    @Override
    public void close() {
        running.set(false);
        for (Thread thread : threads) {
            thread.interrupt();
        }
        for (Thread thread : threads) {
            try {
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
