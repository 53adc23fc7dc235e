package io.ballast.cluster.peer;

import java.util.Locale;

/**
 * Why a peer connection was refused or closed. {@link #peerFault()} reasons are the peer's misbehaviour (or a
 * stranger's) and count in {@code ballast_peer_rejections_total}; every close counts in
 * {@code ballast_peer_closes_total}.
 */
public enum CloseReason {
    // TLS handshake: the certificate and its binding to a validator key
    /** Not exactly one certificate, or a certificate that cannot be read. */
    BAD_CERTIFICATE(true),
    /** The certificate carries no binding, or a binding whose validator signature over the TLS key fails. */
    BAD_BINDING(true),
    /** The binding was signed for another chain. */
    WRONG_CHAIN(true),
    /** The certificate or its binding is outside its validity. */
    CERTIFICATE_EXPIRED(true),
    /** A validator key that is not in the peer set (a stranger, a removed operator, or our own key). */
    UNKNOWN_PEER(true),
    /** Outbound: the address answered with another operator's key than the one dialled. */
    WRONG_PEER(true),
    /** Any other TLS failure: not TLS at all, no client certificate, protocol or cipher mismatch, bad record. */
    TLS_FAILURE(true),
    HANDSHAKE_TIMEOUT(true),
    // admission, before or right after the handshake
    /** All peers: more handshakes in progress than max-pending-handshakes. */
    TOO_MANY_HANDSHAKES(true),
    /** All peers: more new connections per second than handshakes-per-second allows. */
    HANDSHAKE_RATE(true),
    /** The peer already holds max-connections-per-peer inbound connections. */
    TOO_MANY_CONNECTIONS(true),
    /** The peer reconnects faster than connects-per-minute-per-peer (a reconnect storm). */
    CONNECT_RATE(true),
    // frames
    FRAME_TOO_LARGE(true),
    /** An unknown frame kind, an empty frame, or a heartbeat with a body. */
    MALFORMED_FRAME(true),
    /** The connection ended in the middle of a frame. */
    TRUNCATED_FRAME(true),
    /** Application data on a direction that carries none (a dialled peer writing back). */
    UNEXPECTED_DATA(true),
    // liveness
    /** Inbound: no complete frame (not even a heartbeat) within idle-timeout. */
    IDLE(true),
    /** Outbound: the peer read nothing for stall-timeout while bytes were waiting for it. */
    STALLED(true),
    // not the peer's fault
    CONNECT_FAILED(false),
    /**
     * Outbound: the peer ended the handshake or the connection before admitting us, without our trust manager
     * objecting to it (its set may not list us yet, or its limits hold us back).
     */
    REFUSED_BY_PEER(false),
    CLOSED_BY_PEER(false),
    PEER_REMOVED(false),
    SHUTDOWN(false);

    private final boolean peerFault;

    CloseReason(boolean peerFault) {
        this.peerFault = peerFault;
    }

    public boolean peerFault() {
        return peerFault;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
