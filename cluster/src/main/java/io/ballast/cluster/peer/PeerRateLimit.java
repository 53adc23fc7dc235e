package io.ballast.cluster.peer;

/** One peer's inbound frame and byte rates, shared by all its connections. */
final class PeerRateLimit {
    /** How long to hold a frame back, and which limit required it (null when it passes at once). */
    record Hold(long delayNanos, PeerMetrics.Limit limit) {
        static final Hold NONE = new Hold(0, null);
    }

    private final TokenBucket frames;
    private final TokenBucket bytes;

    PeerRateLimit(PeerSettings settings, long nowNanos) {
        frames = new TokenBucket(settings.framesPerSecond(), TokenBucket.NANOS_PER_SECOND, settings.frameBurst(), nowNanos);
        bytes = new TokenBucket(settings.bytesPerSecond(), TokenBucket.NANOS_PER_SECOND, settings.byteBurst(), nowNanos);
    }

    /** Charges one frame of {@code wireBytes} to both limits. */
    Hold reserve(int wireBytes, long nowNanos) {
        long framesDelay = frames.reserveNanos(1, nowNanos);
        long bytesDelay = bytes.reserveNanos(wireBytes, nowNanos);
        if (framesDelay == 0 && bytesDelay == 0) {
            return Hold.NONE;
        }
        return framesDelay >= bytesDelay ? new Hold(framesDelay, PeerMetrics.Limit.FRAMES)
                : new Hold(bytesDelay, PeerMetrics.Limit.BYTES);
    }
}
