package io.ballast.cluster.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hostile operator H, in the peer set with a valid certificate, misbehaves against honest operator A while
 * A, B and C keep exchanging probes. Each attack must end in a closed (or throttled) connection with its own
 * counted reason, attributed to H, and cost the honest ring nothing: every probe still arrives, and the median
 * stays under a loose bound (2 shared, noisy cores: timings are printed; only a ring blocked by H fails).
 */
class PeerHostileTest {
    private static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    private static final int FRAMES_PER_SECOND = 200;
    private static final int FRAME_BURST = 20;
    private static final String LIMITS = """
            max-frame-payload-bytes = 64 KiB
            frames-per-second = 200
            frame-burst = 20
            bytes-per-second = 4 MiB
            byte-burst = 1 MiB
            idle-timeout = 1500ms
            heartbeat-interval = 300ms
            handshake-timeout = 10s
            stall-timeout = 1500ms
            connect-timeout = 2s
            max-connections-per-peer = 2
            connects-per-minute-per-peer = 6
            connect-burst = 3
            outbound-queue-frames = 256
            outbound-queue-bytes = 2 MiB
            socket-buffer-bytes = 32 KiB
            reconnect { min-backoff = 100ms, max-backoff = 1s }
            """;
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(30);
    private static final double HONEST_P50_BOUND_MILLIS = 2000;

    private PeerTestNet net;
    private PeerTestNet.Node a;
    private List<PeerTestNet.Node> honest;
    private PeerCredentials hostileCredentials;
    private HostilePeer hostile;
    private double baselineMillis;

    @BeforeEach
    void honestRingAndAHostileMember() throws Exception {
        net = new PeerTestNet("hostile", LIMITS);
        a = net.start("a");
        honest = List.of(a, net.start("b"), net.start("c"));
        hostileCredentials = PeerTestNet.credentials("h");
        hostile = new HostilePeer(hostileCredentials);
        PeerAddress hostileAddress = hostile.listenAndNeverRead(4096);
        net.connectAll(Map.of(hostileCredentials.validatorKey(), hostileAddress));
        baselineMillis = PeerTestNet.probe("baseline", honest, 30, Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() throws Exception {
        hostile.close();
        net.close();
    }

    @Test
    void anUnknownFrameKindClosesTheConnectionAsMalformed() throws Exception {
        SSLSocket socket = hostile.connect(a.address());
        socket.getOutputStream().write(HostilePeer.frame((byte) 0x7f, "garbage".getBytes(StandardCharsets.UTF_8)));
        socket.getOutputStream().flush();
        assertTrue(HostilePeer.awaitClosed(socket, CLOSE_WITHIN), "A closes the connection");
        assertRejected(CloseReason.MALFORMED_FRAME, hostileKey());
        assertHonestRingUnaffected("malformed");
    }

    @Test
    void bytesThatAreNotTlsAreRefusedBeforeAnyFrameIsRead() throws Exception {
        Socket socket = hostile.connectPlain(a.address());
        socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".repeat(20).getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        assertTrue(HostilePeer.awaitClosed(socket, CLOSE_WITHIN), "A closes the connection");
        assertRejected(CloseReason.TLS_FAILURE, null);
        assertHonestRingUnaffected("not-tls");
    }

    @Test
    void anOversizedFrameIsRefusedFromItsHeader() throws Exception {
        SSLSocket socket = hostile.connect(a.address());
        byte[] header = java.nio.ByteBuffer.allocate(FrameCodec.HEADER_BYTES).putInt(MAX_PAYLOAD_BYTES + 2)
                .put(FrameCodec.DATA).array();
        socket.getOutputStream().write(header);
        socket.getOutputStream().flush();
        assertTrue(HostilePeer.awaitClosed(socket, CLOSE_WITHIN), "A closes without waiting for the body");
        assertRejected(CloseReason.FRAME_TOO_LARGE, hostileKey());
        assertEquals(0, a.receivedFrom(hostileKey()));
        assertHonestRingUnaffected("oversized");
    }

    @Test
    void aConnectionEndingInsideAFrameIsCountedAsTruncated() throws Exception {
        SSLSocket socket = hostile.connect(a.address());
        byte[] header = java.nio.ByteBuffer.allocate(FrameCodec.HEADER_BYTES + 10).putInt(1000).put(FrameCodec.DATA)
                .array();
        socket.getOutputStream().write(header);
        socket.getOutputStream().flush();
        PeerTestNet.sleep(200);
        socket.close();
        PeerTestNet.await("A to count the truncated frame", CLOSE_WITHIN,
                () -> a.metrics().rejections(CloseReason.TRUNCATED_FRAME, hostileKey()) == 1);
        assertRejected(CloseReason.TRUNCATED_FRAME, hostileKey());
        assertHonestRingUnaffected("truncated");
    }

    @Test
    void aFrameFloodIsThrottledToThePeersRate() throws Exception {
        SSLSocket socket = hostile.connect(a.address());
        AtomicLong written = new AtomicLong();
        Thread flooder = new Thread(() -> {
            byte[] frame = HostilePeer.frame(FrameCodec.DATA, "flood".getBytes(StandardCharsets.UTF_8));
            byte[] batch = new byte[frame.length * 100];
            for (int i = 0; i < 100; i++) {
                System.arraycopy(frame, 0, batch, i * frame.length, frame.length);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            try {
                OutputStream out = socket.getOutputStream();
                for (int i = 0; i < 2000 && System.nanoTime() < deadline; i++) {
                    out.write(batch);
                    written.addAndGet(100);
                }
            } catch (java.io.IOException closedAtTheEnd) {
                // the test closes the socket while a write is blocked on the closed window
            }
        }, "flooder");
        flooder.setDaemon(true);
        long start = System.nanoTime();
        flooder.start();
        PeerTestNet.await("the flood to reach A", CLOSE_WITHIN, () -> a.receivedFrom(hostileKey()) > FRAME_BURST);
        double duringMillis = PeerTestNet.probe("flood", honest, 30, Duration.ofSeconds(60));
        PeerTestNet.sleep(1000);
        long delivered = a.receivedFrom(hostileKey());
        double elapsedSeconds = (System.nanoTime() - start) / 1e9;
        hostile.close();
        flooder.join(10_000);
        System.out.printf("flood: %d frames written, %d delivered in %.1f s (limit %d/s + burst %d); "
                + "honest p50 %.1f ms before, %.1f ms during%n", written.get(), delivered, elapsedSeconds,
                FRAMES_PER_SECOND, FRAME_BURST, baselineMillis, duringMillis);
        assertTrue(written.get() > 4 * delivered, "the flood outran the limit: " + written.get() + " written");
        assertTrue(delivered <= FRAME_BURST + FRAMES_PER_SECOND * elapsedSeconds * 1.1 + 10,
                "at most the rate plus the burst reached A's consumer: " + delivered);
        assertTrue(a.metrics().throttled(hostileKey()) > 0, "the throttling is counted");
        assertTrue(duringMillis < HONEST_P50_BOUND_MILLIS, "honest p50 during the flood: " + duringMillis + " ms");
        assertHonestRingUnaffected("after-flood");
    }

    @Test
    void aPeerThatNeverWritesIsClosedAsIdle() throws Exception {
        SSLSocket socket = hostile.connect(a.address());
        assertTrue(HostilePeer.awaitClosed(socket, CLOSE_WITHIN), "A closes the silent connection");
        assertRejected(CloseReason.IDLE, hostileKey());
        assertHonestRingUnaffected("idle");
    }

    @Test
    void aPeerThatNeverFinishesTheHandshakeIsClosed() throws Exception {
        Socket socket = hostile.connectPlain(a.address());
        assertTrue(HostilePeer.awaitClosed(socket, CLOSE_WITHIN), "A closes the silent connection");
        assertRejected(CloseReason.HANDSHAKE_TIMEOUT, null);
        assertHonestRingUnaffected("handshake-timeout");
    }

    @Test
    void aPeerThatNeverReadsFillsOnlyItsOwnQueueAndIsCutOffAsStalled() {
        PeerTestNet.await("A's connection to H", CLOSE_WITHIN, () -> hostile.accepted() >= 3);
        byte[] payload = new byte[32 * 1024];
        int queueFull = 0;
        for (int i = 0; i < 400; i++) {
            if (a.transport().send(hostileKey(), payload) == SendResult.QUEUE_FULL) {
                queueFull++;
            }
        }
        long[] queued = a.transport().queued(hostileKey()).orElseThrow();
        assertTrue(queued[1] <= 2 * 1024 * 1024, "H's queue stays within outbound-queue-bytes: " + queued[1]);
        assertTrue(queueFull > 0, "sends beyond the bound are refused");
        assertEquals(queueFull, a.metrics().drops(SendResult.QUEUE_FULL, hostileKey()), "and counted");
        double duringMillis = PeerTestNet.probe("stalled", honest, 30, Duration.ofSeconds(60));
        PeerTestNet.await("A to cut H off as stalled", CLOSE_WITHIN,
                () -> a.metrics().rejections(CloseReason.STALLED, hostileKey()) >= 1);
        System.out.printf("never-reads: %d of 400 sends refused; honest p50 %.1f ms before, %.1f ms during%n",
                queueFull, baselineMillis, duringMillis);
        assertTrue(duringMillis < HONEST_P50_BOUND_MILLIS, "honest p50 while H stalls: " + duringMillis + " ms");
        assertHonestRingUnaffected("after-stall");
    }

    @Test
    void aReconnectStormIsRefusedBeyondTheConnectionLimits() throws Exception {
        List<SSLSocket> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(hostile.connect(a.address()));
            held.get(i).getOutputStream().write(HostilePeer.frame(FrameCodec.HEARTBEAT, new byte[0]));
        }
        PeerTestNet.await("the third concurrent connection refused", CLOSE_WITHIN,
                () -> a.metrics().rejections(CloseReason.TOO_MANY_CONNECTIONS, hostileKey()) == 1);
        for (SSLSocket socket : held) {
            socket.close();
        }
        for (int i = 0; i < 10; i++) {
            SSLSocket socket = hostile.connect(a.address());
            socket.getOutputStream().write(HostilePeer.frame(FrameCodec.HEARTBEAT, new byte[0]));
            socket.close();
        }
        PeerTestNet.await("reconnects beyond the per-minute budget refused", CLOSE_WITHIN,
                () -> a.metrics().rejections(CloseReason.CONNECT_RATE, hostileKey()) >= 5);
        assertHonestRingUnaffected("storm");
    }

    private io.ballast.core.crypto.Bytes32 hostileKey() {
        return hostileCredentials.validatorKey();
    }

    private void assertRejected(CloseReason reason, io.ballast.core.crypto.Bytes32 peer) {
        PeerTestNet.await(reason + " counted", CLOSE_WITHIN, () -> a.metrics().rejections(reason, peer) >= 1);
        assertEquals(1, a.metrics().rejections(reason, peer), reason + " counted once");
    }

    /** The honest ring still delivers every probe, and no honest operator was refused anything. */
    private void assertHonestRingUnaffected(String run) {
        double millis = PeerTestNet.probe(run, honest, 30, Duration.ofSeconds(60));
        System.out.printf("%s: honest p50 %.1f ms (baseline %.1f ms)%n", run, millis, baselineMillis);
        assertTrue(millis < HONEST_P50_BOUND_MILLIS, run + ": honest p50 " + millis + " ms");
        for (PeerTestNet.Node node : honest) {
            for (PeerTestNet.Node peer : honest) {
                assertEquals(0, node.metrics().rejectionsOf(peer.key()),
                        node.name() + " refused nothing of " + peer.name());
            }
        }
    }
}
