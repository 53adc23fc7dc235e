package io.ballast.cluster.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Honest operators over real TLS sockets on 127.0.0.1. */
class PeerTransportTest {
    @Test
    void fourOperatorsExchangeMessagesOverMutualTls() {
        try (PeerTestNet net = new PeerTestNet("four", "")) {
            List<PeerTestNet.Node> nodes = List.of(net.start("a"), net.start("b"), net.start("c"), net.start("d"));
            net.connectAll(Map.of());
            int perPair = 20;
            for (PeerTestNet.Node from : nodes) {
                for (PeerTestNet.Node to : nodes) {
                    for (int i = 0; i < perPair && from != to; i++) {
                        assertEquals(SendResult.QUEUED, from.transport().send(to.key(),
                                (from.name() + ">" + to.name() + "#" + i).getBytes(StandardCharsets.UTF_8)));
                    }
                }
            }
            PeerTestNet.await("every message delivered", Duration.ofSeconds(30),
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
                assertEquals(0, exposition.lines().filter(line -> line.startsWith("ballast_peer_rejections_total")).count(),
                        exposition);
                assertEquals(3, node.metrics().openedTotal(PeerMetrics.Direction.IN), node.name() + " accepted");
                assertEquals(3, node.metrics().openedTotal(PeerMetrics.Direction.OUT), node.name() + " dialled");
            }
        }
    }
}
