package io.ballast.cluster.peer;

import io.ballast.core.crypto.Bytes32;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operators this node talks to: validator public key to address. Only these keys pass the TLS handshake;
 * the local validator's own key may be listed (the whole validator set) and is then ignored.
 */
public record PeerSet(Map<Bytes32, PeerAddress> addresses) {
    public PeerSet {
        addresses = Map.copyOf(addresses);
    }

    public static PeerSet empty() {
        return new PeerSet(Map.of());
    }

    public boolean contains(Bytes32 key) {
        return addresses.containsKey(key);
    }

    /** Without {@code key} (the local validator). */
    PeerSet without(Bytes32 key) {
        Map<Bytes32, PeerAddress> copy = new TreeMap<>(addresses);
        copy.remove(key);
        return new PeerSet(copy);
    }
}
