package io.ballast.actors.node;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.SignatureVerifier;
import io.ballast.core.ledger.tx.SignedTransaction;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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

    private static final ExtensionId<NodeSignatures> ID = new ExtensionId<>() {
        @Override
        public NodeSignatures createExtension(ActorSystem<?> system) {
            return new NodeSignatures(CAPACITY);
        }
    };

    private final int capacity;
    private final Map<Bytes32, Boolean> verified = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Bytes32> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Map<Purpose, AtomicLong> verifications = new EnumMap<>(Purpose.class);

    NodeSignatures(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        for (Purpose purpose : Purpose.values()) {
            verifications.put(purpose, new AtomicLong());
        }
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

    /** Ed25519 verifications this node performed for {@code purpose} (cache misses). */
    public long verifications(Purpose purpose) {
        return verifications.get(purpose).get();
    }

    public int size() {
        return size.get();
    }
}
