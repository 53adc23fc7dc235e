package io.ballast.cluster.peer;

/** What {@link PeerTransport#send} did with a payload; everything but QUEUED is a counted drop. */
public enum SendResult {
    QUEUED,
    /** The peer's outbound queue is at its frame or byte bound (a slow or absent peer). */
    QUEUE_FULL,
    /** The key is not in the current peer set. */
    UNKNOWN_PEER,
    /** The payload exceeds max-frame-payload-bytes. */
    TOO_LARGE,
    /** The transport is stopped. */
    STOPPED;

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
