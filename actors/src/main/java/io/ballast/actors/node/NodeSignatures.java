package io.ballast.actors.node;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.SignatureVerifier;
import io.ballast.core.ledger.tx.SignedTransaction;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The node's one verified-signature cache (an extension of its actor system): the HTTP API, every
 * validator entity hosted on the node and the chain follower verify through it, so a transaction's
 * Ed25519 signature is checked once per node whoever sees it first. Bounded (oldest evicted first);
 * thread-safe; it only ever holds hashes of transactions whose signature verified, so it changes cost,
 * never answers. Counts the verifications it actually performed, by purpose
 * ({@code ballast_signature_verifications_total{purpose}}).
 */
public final class NodeSignatures implements Extension, SignatureVerifier {
    /** Verified transaction hashes kept (about 2 s of a saturated node's traffic many times over). */
    public static final int CAPACITY = 1 << 20;

    /** Transactions per verification task: a gossip batch of thousands spreads over every pool thread. */
    static final int TRANSACTIONS_PER_TASK = 64;
    /** Verification tasks waiting for a pool thread; past it {@link #preverify} refuses (about 16,000 transactions). */
    static final int QUEUED_TASKS_MAX = 256;

    private static final ExtensionId<NodeSignatures> ID = new ExtensionId<>() {
        @Override
        public NodeSignatures createExtension(ActorSystem<?> system) {
            NodeSignatures signatures = new NodeSignatures(CAPACITY);
            system.getWhenTerminated().thenRun(signatures.pool::shutdownNow);
            return signatures;
        }
    };

    private final int capacity;
    private final Map<Bytes32, Boolean> verified = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Bytes32> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Map<Purpose, AtomicLong> verifications = new EnumMap<>(Purpose.class);
    private final AtomicLong preverifyRefusals = new AtomicLong();
    private final ThreadPoolExecutor pool;

    NodeSignatures(int capacity) {
        this(capacity, Runtime.getRuntime().availableProcessors(), QUEUED_TASKS_MAX);
    }

    NodeSignatures(int capacity, int threads, int queuedTasksMax) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        for (Purpose purpose : Purpose.values()) {
            verifications.put(purpose, new AtomicLong());
        }
        AtomicInteger threadNumber = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queuedTasksMax), task -> {
                    Thread thread = new Thread(task, "ballast-verify-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    public static NodeSignatures get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    @Override
    public boolean verify(SignedTransaction transaction, String chainId, Purpose purpose) {
        Bytes32 hash = transaction.hash();
        if (verified.containsKey(hash)) {
            return true;
        }
        verifications.get(purpose).incrementAndGet();
        if (!transaction.verifySignature(chainId)) {
            return false;
        }
        if (verified.putIfAbsent(hash, Boolean.TRUE) == null) {
            order.add(hash);
            if (size.incrementAndGet() > capacity) {
                Bytes32 eldest = order.poll();
                if (eldest != null && verified.remove(eldest) != null) {
                    size.decrementAndGet();
                }
            }
        }
        return true;
    }

    /**
     * Verifies the signatures of encoded {@code transactions} on the node's verification pool (one thread per core), so
     * that a validator's single-threaded admission of a gossip batch or a proposal finds them in the cache. Completes
     * when all are checked (undecodable or badly signed ones are left for admission to refuse); {@code null} when the
     * pool's queue is full: the caller decides whether to drop its message or verify in line.
     */
    public CompletableFuture<Void> preverify(List<byte[]> transactions, String chainId, Purpose purpose) {
        List<CompletableFuture<Void>> tasks = new ArrayList<>();
        try {
            for (int from = 0; from < transactions.size(); from += TRANSACTIONS_PER_TASK) {
                List<byte[]> chunk = transactions.subList(from, Math.min(transactions.size(), from + TRANSACTIONS_PER_TASK));
                tasks.add(CompletableFuture.runAsync(() -> verifyEncoded(chunk, chainId, purpose), pool));
            }
        } catch (RejectedExecutionException full) {
            preverifyRefusals.incrementAndGet();
            return null;
        }
        return CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new));
    }

    private void verifyEncoded(List<byte[]> transactions, String chainId, Purpose purpose) {
        for (byte[] encoded : transactions) {
            SignedTransaction transaction;
            try {
                transaction = SignedTransaction.decode(encoded);
            } catch (RuntimeException malformed) {
                continue;
            }
            verify(transaction, chainId, purpose);
        }
    }

    /** Times {@link #preverify} refused because the verification pool's queue was full. */
    public long preverifyRefusals() {
        return preverifyRefusals.get();
    }

    /** Ed25519 verifications this node performed for {@code purpose} (cache misses). */
    public long verifications(Purpose purpose) {
        return verifications.get(purpose).get();
    }

    public int size() {
        return size.get();
    }
}
