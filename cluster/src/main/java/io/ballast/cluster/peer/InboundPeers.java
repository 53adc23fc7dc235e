package io.ballast.cluster.peer;

import io.ballast.core.crypto.Bytes32;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Per-peer inbound state shared by that peer's connections: its rate limits, its reconnect budget and its open
 * connections. Keys outside the peer set have no entry; removing a peer closes its connections.
 */
final class InboundPeers {
    /** An open, admitted connection: closed by {@link #retain} when its peer leaves the set. */
    interface Admitted {
        void close(CloseReason reason);
    }

    private static final class Entry {
        final PeerRateLimit rateLimit;
        final TokenBucket connects;
        final Set<Admitted> open = new HashSet<>();

        Entry(PeerSettings settings, long nowNanos) {
            rateLimit = new PeerRateLimit(settings, nowNanos);
            connects = new TokenBucket(settings.connectsPerMinutePerPeer(), TokenBucket.NANOS_PER_MINUTE,
                    settings.connectBurst(), nowNanos);
        }
    }

    private final PeerSettings settings;
    private final LongSupplier nanoClock;
    private final Map<Bytes32, Entry> entries = new HashMap<>();

    InboundPeers(PeerSettings settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
    }

    synchronized boolean isPeer(Bytes32 key) {
        return entries.containsKey(key);
    }

    /** Makes exactly {@code peers} acceptable; connections of the others are closed with PEER_REMOVED. */
    void retain(Set<Bytes32> peers) {
        List<Admitted> removed = new java.util.ArrayList<>();
        synchronized (this) {
            entries.entrySet().removeIf(entry -> {
                if (peers.contains(entry.getKey())) {
                    return false;
                }
                removed.addAll(entry.getValue().open);
                return true;
            });
            long now = nanoClock.getAsLong();
            for (Bytes32 peer : peers) {
                entries.computeIfAbsent(peer, key -> new Entry(settings, now));
            }
        }
        removed.forEach(connection -> connection.close(CloseReason.PEER_REMOVED));
    }

    /**
     * Admits an authenticated connection of {@code peer} and answers the peer's shared rate limit, or throws
     * {@link PeerProtocolException} with the reason it is refused.
     */
    synchronized PeerRateLimit admit(Bytes32 peer, Admitted connection) {
        Entry entry = entries.get(peer);
        if (entry == null) {
            throw new PeerProtocolException(CloseReason.UNKNOWN_PEER);
        }
        if (entry.open.size() >= settings.maxConnectionsPerPeer()) {
            throw new PeerProtocolException(CloseReason.TOO_MANY_CONNECTIONS);
        }
        if (!entry.connects.tryTake(1, nanoClock.getAsLong())) {
            throw new PeerProtocolException(CloseReason.CONNECT_RATE);
        }
        entry.open.add(connection);
        return entry.rateLimit;
    }

    synchronized void release(Bytes32 peer, Admitted connection) {
        Entry entry = entries.get(peer);
        if (entry != null) {
            entry.open.remove(connection);
        }
    }
}
