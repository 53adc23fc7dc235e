package io.ballast.cluster.peer;

/** Fails a connection's stream with a typed reason; the message is for logs only. */
final class PeerProtocolException extends RuntimeException {
    private final CloseReason reason;

    PeerProtocolException(CloseReason reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }

    CloseReason reason() {
        return reason;
    }
}
