package io.ballast.cluster.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import org.apache.pekko.stream.javadsl.Flow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Honest operators over real TLS sockets on 127.0.0.1. */
class PeerTransportTest {
    @Test
    void fourOperatorsExchangeMessagesOverMutualTls() {
        try (PeerTestNet net = new PeerTestNet("four", "handshake-timeout = 30s")) {
            List<PeerTestNet.Node> nodes = List.of(net.start("a"), net.start("b"), net.start("c"), net.start("d"));
            net.connectAll(Map.of());
            // the sets are installed one node after the other: a node may dial another that does not know it yet,
            // which refuses it as UNKNOWN_PEER until its set arrives and the dialler's reconnection gets in
            PeerTestNet.await("every pair connected both ways", Duration.ofSeconds(60), () -> nodes.stream().allMatch(
                    node -> node.metrics().openedTotal(PeerMetrics.Direction.IN) == 3
                            && node.metrics().openedTotal(PeerMetrics.Direction.OUT) == 3));
            Map<String, List<String>> startupRejections = new java.util.HashMap<>();
            for (PeerTestNet.Node node : nodes) {
                List<String> rejections = rejectionLines(node);
                assertTrue(rejections.stream().allMatch(line -> line.contains("reason=\"unknown_peer\"")),
                        "only the start-up race refuses an operator: " + rejections);
                startupRejections.put(node.name(), rejections);
            }
            int perPair = 20;
            for (PeerTestNet.Node from : nodes) {
                for (PeerTestNet.Node to : nodes) {
                    for (int i = 0; i < perPair && from != to; i++) {
                        assertEquals(SendResult.QUEUED, from.transport().send(to.key(),
                                (from.name() + ">" + to.name() + "#" + i).getBytes(StandardCharsets.UTF_8)));
                    }
                }
            }
            PeerTestNet.await("every message delivered", Duration.ofSeconds(60),
                    () -> nodes.stream().allMatch(node -> node.received().size() == 3 * perPair));
            for (PeerTestNet.Node node : nodes) {
                for (PeerTestNet.Node from : nodes) {
                    if (from == node) {
                        continue;
                    }
                    List<String> texts = node.messagesFrom(from.key()).stream()
                            .map(m -> m.payload().utf8String()).toList();
                    List<String> expected = java.util.stream.IntStream.range(0, perPair)
                            .mapToObj(i -> from.name() + ">" + node.name() + "#" + i).toList();
                    assertEquals(expected, texts, "from " + from.name() + " to " + node.name() + ", in order");
                }
                String exposition = new String(node.metrics().scrape(), StandardCharsets.UTF_8);
                assertTrue(exposition.contains("ballast_peer_frames_total{direction=\"in\"} 60.0"), exposition);
                assertEquals(startupRejections.get(node.name()), rejectionLines(node),
                        "honest operators exchanging messages are never refused: " + exposition);
                assertEquals(3, node.metrics().openedTotal(PeerMetrics.Direction.IN), node.name() + " accepted");
                assertEquals(3, node.metrics().openedTotal(PeerMetrics.Direction.OUT), node.name() + " dialled");
            }
        }
    }

    private static List<String> rejectionLines(PeerTestNet.Node node) {
        return new String(node.metrics().scrape(), StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith("ballast_peer_rejections_total")).toList();
    }

    @Test
    void certificatesFromNoOperatorAreRefusedAtTheHandshake() throws Exception {
        try (PeerTestNet net = new PeerTestNet("strangers", "handshake-timeout = 30s")) {
            PeerTestNet.Node a = net.start("a");
            PeerTestNet.Node b = net.start("b");
            net.connectAll(Map.of());
            KeyPair member = PeerTestNet.validator("b");
            KeyPair stranger = PeerTestNet.validator("stranger");
            SecureRandom random = new SecureRandom();
            long now = Instant.now().getEpochSecond();
            java.security.KeyPair tlsKey = PeerCertificates.newTlsKey(random);
            // b's validator key claimed, but signed by the stranger: the binding does not verify
            PeerBinding forged = new PeerBinding(PeerTestNet.CHAIN, member.publicKey(), now + 3600,
                    PeerBinding.sign(stranger, PeerTestNet.CHAIN, tlsKey.getPublic(), now + 3600).signature());
            Map<CloseReason, HostilePeer> attempts = new java.util.LinkedHashMap<>();
            attempts.put(CloseReason.UNKNOWN_PEER, new HostilePeer(PeerTestNet.credentials("stranger")));
            attempts.put(CloseReason.WRONG_CHAIN, new HostilePeer(PeerTestNet.credentials(member,
                    Ed25519.keyPairFromLabel("another chain").publicKey())));
            attempts.put(CloseReason.BAD_BINDING, new HostilePeer(tlsKey.getPrivate(),
                    PeerCertificates.certificate(tlsKey, forged, now - 60, random)));
            attempts.put(CloseReason.CERTIFICATE_EXPIRED, new HostilePeer(PeerCertificates.create(member,
                    PeerTestNet.CHAIN, Instant.now().minus(Duration.ofDays(2)), Duration.ofDays(1), random)));
            for (Map.Entry<CloseReason, HostilePeer> attempt : attempts.entrySet()) {
                try (HostilePeer peer = attempt.getValue()) {
                    Socket socket;
                    try {
                        socket = peer.connect(a.address());
                        socket.getOutputStream().write(HostilePeer.frame(FrameCodec.DATA, new byte[] {1}));
                    } catch (java.io.IOException refusedDuringHandshake) {
                        socket = null;
                    }
                    assertTrue(socket == null || HostilePeer.awaitClosed(socket, Duration.ofSeconds(30)),
                            attempt.getKey() + ": closed");
                    PeerTestNet.await(attempt.getKey() + " counted", Duration.ofSeconds(30),
                            () -> a.metrics().rejections(attempt.getKey(), null) == 1);
                }
            }
            assertEquals(0, a.metrics().openedTotal(PeerMetrics.Direction.IN) - 1, "only b was ever admitted");
            assertEquals(0, a.received().size(), "nothing from a stranger reached the consumer");
            assertEquals(SendResult.QUEUED, b.transport().send(a.key(), new byte[] {42}));
            PeerTestNet.await("b still reaches a", Duration.ofSeconds(30), () -> a.receivedFrom(b.key()) == 1);
        }
    }

    @Test
    void aRestartedPeerIsReachedAgainThroughReconnection() {
        String fast = "reconnect { min-backoff = 50ms, max-backoff = 500ms }";
        try (PeerTestNet net = new PeerTestNet("restart", fast)) {
            PeerTestNet.Node a = net.start("a");
            PeerTestNet.Node b = net.start("b");
            PeerTestNet.Node c = net.start("c");
            PeerSet set = net.connectAll(Map.of());
            PeerTestNet.probe("before", List.of(a, b, c), 9, Duration.ofSeconds(60));
            int port = c.address().port();
            long stoppedAt = System.nanoTime();
            net.stop(c);
            PeerTestNet.await("a to lose c", Duration.ofSeconds(30),
                    () -> a.metrics().openConnections(PeerMetrics.Direction.OUT) == 1);
            PeerTestNet.sleep(1500); // a few failed redials while c is down
            long failedDials = a.metrics().closes(PeerMetrics.Direction.OUT, CloseReason.CONNECT_FAILED);
            assertTrue(failedDials >= 1, "a kept redialling c: " + failedDials);
            // backoff 50, 100, 200, 400, then 500 ms (each shortened by at most 20%)
            long downMillis = (System.nanoTime() - stoppedAt) / 1_000_000;
            assertTrue(failedDials <= 5 + downMillis / 400, "with backoff, not in a storm: " + failedDials
                    + " dials in " + downMillis + " ms");
            assertEquals(SendResult.QUEUED, a.transport().send(c.key(), "while down".getBytes(StandardCharsets.UTF_8)));

            PeerTestNet.Node restarted = net.start("c", PeerTestNet.credentials("c"),
                    PeerTestNet.settings(fast + "\nbind-port = " + port));
            restarted.transport().updatePeers(set);
            PeerTestNet.await("the frame queued while c was down", Duration.ofSeconds(60),
                    () -> restarted.receivedFrom(a.key()) == 1);
            PeerTestNet.probe("after", List.of(a, b, restarted), 9, Duration.ofSeconds(60));
        }
    }

    @Test
    void aSlowConsumerFillsBoundedQueuesAndDropsAreCounted() {
        String small = """
                outbound-queue-frames = 64
                outbound-queue-bytes = 256 KiB
                inbound-buffer-frames = 4
                socket-buffer-bytes = 16 KiB
                max-frame-payload-bytes = 64 KiB
                byte-burst = 1 MiB
                """;
        try (PeerTestNet net = new PeerTestNet("slow", small)) {
            PeerTestNet.Node a = net.start("a");
            PeerTestNet.Node slow = net.start("slow", PeerTestNet.credentials("slow"), net.settings,
                    Flow.of(PeerMessage.class).throttle(20, Duration.ofSeconds(1)));
            PeerTestNet.Node c = net.start("c");
            net.connectAll(Map.of());
            byte[] payload = new byte[8 * 1024];
            long queued = 0;
            long maxQueuedBytes = 0;
            for (int i = 0; i < 3000; i++) {
                if (a.transport().send(slow.key(), payload) == SendResult.QUEUED) {
                    queued++;
                }
                maxQueuedBytes = Math.max(maxQueuedBytes, a.transport().queued(slow.key()).orElseThrow()[1]);
                if (i % 100 == 0) {
                    PeerTestNet.sleep(20);
                }
            }
            long dropped = a.metrics().drops(SendResult.QUEUE_FULL, slow.key());
            System.out.printf("slow consumer: %d queued, %d dropped, outbox peak %d bytes%n", queued, dropped,
                    maxQueuedBytes);
            assertEquals(3000, queued + dropped, "every send is either queued or a counted drop");
            assertTrue(dropped > 1000, "most of the burst was dropped at the bound: " + dropped);
            assertTrue(maxQueuedBytes <= 256 * 1024, "the outbox never exceeds its byte bound: " + maxQueuedBytes);
            assertTrue(slow.receivedFrom(a.key()) < queued, "the consumer really is behind");
            PeerTestNet.probe("beside-the-slow-one", List.of(a, c), 10, Duration.ofSeconds(60));
        }
    }
}
