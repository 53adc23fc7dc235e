package io.ballast.cluster.peer;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;

/**
 * The peer transport's tunables from {@code ballast.peer} (conf/peer.conf, overridable per node). Every limit
 * applies to one peer unless its name says otherwise; the constructor refuses values that contradict each other.
 */
public record PeerSettings(
        String bindHost,
        int bindPort,
        List<String> cipherSuites,
        int maxFramePayloadBytes,
        int framesPerSecond,
        int frameBurst,
        long bytesPerSecond,
        long byteBurst,
        int maxConnectionsPerPeer,
        int connectsPerMinutePerPeer,
        int connectBurst,
        int maxPendingHandshakes,
        int handshakesPerSecond,
        int handshakeBurst,
        long handshakeTimeoutMillis,
        long idleTimeoutMillis,
        long heartbeatIntervalMillis,
        long stallTimeoutMillis,
        long connectTimeoutMillis,
        long minBackoffMillis,
        long maxBackoffMillis,
        double backoffRandomFactor,
        long backoffResetAfterMillis,
        int outboundQueueFrames,
        long outboundQueueBytes,
        int inboundBufferFrames,
        int socketBufferBytes) {

    public PeerSettings {
        cipherSuites = List.copyOf(cipherSuites);
        require(!bindHost.isBlank(), "bind-host is empty");
        require(bindPort >= 0 && bindPort <= 65535, "bind-port out of range: " + bindPort);
        require(!cipherSuites.isEmpty() && cipherSuites.stream().allMatch(s -> s.startsWith("TLS_AES_")
                || s.startsWith("TLS_CHACHA20_")), "cipher-suites must be TLS 1.3 suites: " + cipherSuites);
        positive(maxFramePayloadBytes, "max-frame-payload-bytes");
        require(maxFramePayloadBytes <= Integer.MAX_VALUE - FrameCodec.HEADER_BYTES, "max-frame-payload-bytes too large");
        positive(framesPerSecond, "frames-per-second");
        positive(frameBurst, "frame-burst");
        positive(bytesPerSecond, "bytes-per-second");
        require(byteBurst >= (long) maxFramePayloadBytes + FrameCodec.HEADER_BYTES,
                "byte-burst (" + byteBurst + ") must admit one largest frame (" + maxFramePayloadBytes + " + header)");
        positive(maxConnectionsPerPeer, "max-connections-per-peer");
        positive(connectsPerMinutePerPeer, "connects-per-minute-per-peer");
        positive(connectBurst, "connect-burst");
        positive(maxPendingHandshakes, "max-pending-handshakes");
        positive(handshakesPerSecond, "handshakes-per-second");
        positive(handshakeBurst, "handshake-burst");
        positive(handshakeTimeoutMillis, "handshake-timeout");
        positive(heartbeatIntervalMillis, "heartbeat-interval");
        require(heartbeatIntervalMillis * 2 <= idleTimeoutMillis,
                "heartbeat-interval must be at most half of idle-timeout, or honest idle peers are cut off");
        positive(stallTimeoutMillis, "stall-timeout");
        positive(connectTimeoutMillis, "connect-timeout");
        positive(minBackoffMillis, "reconnect.min-backoff");
        require(maxBackoffMillis >= minBackoffMillis, "reconnect.max-backoff below min-backoff");
        require(backoffRandomFactor >= 0 && backoffRandomFactor < 1, "reconnect.random-factor must be in [0, 1)");
        positive(backoffResetAfterMillis, "reconnect.backoff-reset-after");
        positive(outboundQueueFrames, "outbound-queue-frames");
        require(outboundQueueBytes >= (long) maxFramePayloadBytes + FrameCodec.HEADER_BYTES,
                "outbound-queue-bytes must hold one largest frame");
        positive(inboundBufferFrames, "inbound-buffer-frames");
        positive(socketBufferBytes, "socket-buffer-bytes");
    }

    /** {@code ballast.peer} of {@code config}, over the shipped conf/peer.conf. */
    public static PeerSettings load(Config config) {
        Config c = config.withFallback(ConfigFactory.parseResources("peer.conf")).resolve().getConfig("ballast.peer");
        Config reconnect = c.getConfig("reconnect");
        return new PeerSettings(
                c.getString("bind-host"),
                c.getInt("bind-port"),
                c.getStringList("tls.cipher-suites"),
                Math.toIntExact(c.getBytes("max-frame-payload-bytes")),
                c.getInt("frames-per-second"),
                c.getInt("frame-burst"),
                c.getBytes("bytes-per-second"),
                c.getBytes("byte-burst"),
                c.getInt("max-connections-per-peer"),
                c.getInt("connects-per-minute-per-peer"),
                c.getInt("connect-burst"),
                c.getInt("max-pending-handshakes"),
                c.getInt("handshakes-per-second"),
                c.getInt("handshake-burst"),
                c.getDuration("handshake-timeout").toMillis(),
                c.getDuration("idle-timeout").toMillis(),
                c.getDuration("heartbeat-interval").toMillis(),
                c.getDuration("stall-timeout").toMillis(),
                c.getDuration("connect-timeout").toMillis(),
                reconnect.getDuration("min-backoff").toMillis(),
                reconnect.getDuration("max-backoff").toMillis(),
                reconnect.getDouble("random-factor"),
                reconnect.getDuration("backoff-reset-after").toMillis(),
                c.getInt("outbound-queue-frames"),
                c.getBytes("outbound-queue-bytes"),
                c.getInt("inbound-buffer-frames"),
                Math.toIntExact(c.getBytes("socket-buffer-bytes")));
    }

    /** The shipped defaults (conf/peer.conf alone). */
    public static PeerSettings defaults() {
        return load(ConfigFactory.empty());
    }

    private static void positive(long value, String name) {
        require(value > 0, name + " must be positive, got " + value);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("ballast.peer: " + message);
        }
    }
}
