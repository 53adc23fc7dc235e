package io.ballast.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ballast.api.model.BlockView;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The block stream against a small SSE server on loopback that ends, stalls, repeats or refuses connections: it
 * resumes by itself with Last-Event-ID and returns every height once, in order, or fails with the reason.
 */
class BlockStreamTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final BlockStream.Options FAST = BlockStream.Options.defaults().withRetry(20, 200);

    /** How the fake node answers one connection. */
    private interface Behaviour {
        void serve(Connection connection) throws IOException, InterruptedException;
    }

    /** One request to /v1/stream: the height it asks to start at and how to answer. */
    private record Connection(HttpExchange exchange, long start, String lastEventId) {
        void open() throws IOException {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
        }

        void send(String text) throws IOException {
            OutputStream out = exchange.getResponseBody();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        void block(long height) throws IOException {
            send(blockEvent(height));
        }

        void refuse(int status, String code) throws IOException {
            byte[] body = ("{\"type\":\"about:blank\",\"title\":\"x\",\"status\":" + status + ",\"detail\":\"refused\","
                    + "\"code\":\"" + code + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private HttpServer server;
    private ExecutorService threads;
    private static final long LATEST_HEIGHT = 41;
    private final List<String> resumedAfter = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);

    private BallastClient start(Behaviour behaviour) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        threads = Executors.newCachedThreadPool();
        server.setExecutor(threads);
        server.createContext("/v1/blocks/latest", exchange -> {
            try (exchange) {
                byte[] body = blockJson(LATEST_HEIGHT).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.createContext("/v1/stream", exchange -> {
            try (exchange) {
                String lastId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
                String query = exchange.getRequestURI().getQuery();
                resumedAfter.add(lastId == null ? "-" : lastId);
                queries.add(String.valueOf(query));
                long start = lastId != null ? Long.parseLong(lastId) + 1
                        : query != null && query.startsWith("fromHeight=") ? Long.parseLong(query.substring(11)) : 1;
                behaviour.serve(new Connection(exchange, start, lastId));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException clientLeft) {
                // the stream's connection closed
            }
        });
        server.start();
        return new BallastClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5));
    }

    @AfterEach
    void stopServer() {
        stop.countDown();
        if (server != null) {
            stopServer(server);
            threads.shutdownNow();
        }
    }

    private final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();

    private void stopServer(HttpServer running) {
        if (stopped.compareAndSet(false, true)) {
            running.stop(0);
        }
    }

    static String blockJson(long height) {
        return "{\"height\":" + height + ",\"hash\":\"h" + height + "\",\"transactions\":[],\"receipts\":[],\"blockEvents\":[]}";
    }

    static String blockEvent(long height) {
        // Split over two data lines: the stream joins them with a line feed, which JSON reads as white space.
        return "event: block\nid: " + height + "\ndata: {\"height\":" + height + ",\"hash\":\"h" + height + "\",\n"
                + "data: \"transactions\":[],\"receipts\":[],\"blockEvents\":[]}\n\n";
    }

    private static List<Long> read(BlockStream stream, int blocks) {
        List<Long> heights = new ArrayList<>();
        for (int i = 0; i < blocks; i++) {
            BlockView block = stream.next();
            heights.add(block.height());
        }
        return heights;
    }

    private static List<Long> range(long from, int count) {
        List<Long> heights = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            heights.add(from + i);
        }
        return heights;
    }

    @Test
    void aStreamThatEndsEveryFewBlocksResumesAfterTheLastBlockItReturned() throws Exception {
        BallastClient client = start(connection -> {
            connection.open();
            connection.send(": hello\nretry: 30\n\n");
            for (long h = connection.start(); h < connection.start() + 4; h++) {
                connection.block(h);
            }
        });
        assertTimeoutPreemptively(LIMIT, () -> {
            try (BlockStream stream = client.stream(5L, null, FAST)) {
                assertEquals(range(5, 30), read(stream, 30));
                assertEquals("34", stream.lastEventId());
                assertTrue(stream.reconnects() >= 7, "reconnects: " + stream.reconnects());
            }
        });
        assertEquals("-", resumedAfter.get(0));
        for (int i = 1; i < 8; i++) {
            assertEquals(Long.toString(4 + 4L * i), resumedAfter.get(i), "connection " + i + " resumes after the last block");
        }
    }

    @Test
    void theNodesRetryFieldSetsTheReconnectionDelay() throws Exception {
        BallastClient client = start(connection -> {
            connection.open();
            connection.send("retry: 600\n");
            connection.block(connection.start());
        });
        assertTimeoutPreemptively(LIMIT, () -> {
            try (BlockStream stream = client.stream(1L, null, FAST.withRetry(20, 5_000))) {
                assertEquals(1, stream.next().height());
                long dropped = System.nanoTime();
                assertEquals(2, stream.next().height());
                long waitedMillis = (System.nanoTime() - dropped) / 1_000_000;
                assertTrue(waitedMillis >= 600 && waitedMillis < 5_000, "waited " + waitedMillis + " ms, not the node's 600");
            }
        });
    }

    @Test
    void aStreamFromTheNextBlockThatDropsBeforeItsFirstBlockResumesThereToo() throws Exception {
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        BallastClient client = start(connection -> {
            connection.open();
            if (connections.incrementAndGet() > 1) {
                connection.block(connection.start());
            } // the first connection ends before any block
        });
        assertTimeoutPreemptively(LIMIT, () -> {
            try (BlockStream stream = client.stream(null, null, FAST)) {
                assertEquals(LATEST_HEIGHT + 1, stream.next().height(), "the block after the latest one when it opened");
            }
        });
        assertEquals(List.of("fromHeight=42", "fromHeight=42"), queries.subList(0, 2));
    }

    @Test
    void blocksRepeatedAfterAReconnectAreReturnedOnce() throws Exception {
        BallastClient client = start(connection -> {
            connection.open();
            long from = Math.max(1, connection.start() - 2); // a node that replays two blocks too many
            for (long h = from; h < from + 5; h++) {
                connection.block(h);
            }
        });
        assertTimeoutPreemptively(LIMIT, () -> {
            try (BlockStream stream = client.stream(null, "9", FAST)) {
                assertEquals(range(10, 20), read(stream, 20));
            }
        });
    }

    @Test
    void aGapFailsTheStreamInsteadOfSkippingAHeight() throws Exception {
        BallastClient client = start(connection -> {
            connection.open();
            connection.block(connection.start());
            connection.block(connection.start() + 2);
        });
        assertTimeoutPreemptively(LIMIT, () -> {
            BlockStream stream = client.stream(1L, null, FAST);
            assertEquals(1, stream.next().height());
            IllegalStateException gap = assertThrows(IllegalStateException.class, stream::next);
            assertTrue(gap.getMessage().contains("expected height 2, got 3"), gap.getMessage());
            assertNull(stream.next(), "a failed stream is closed");
        });
    }

    @Test
    void anUnavailableNodeIsRetriedAndARefusalIsNot() throws Exception {
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        BallastClient client = start(connection -> {
            int n = connections.incrementAndGet();
            if (n == 2 || n == 3) {
                connection.refuse(503, "NODE_UNAVAILABLE");
            } else if (n == 5) {
                connection.refuse(410, "BLOCK_NOT_RETAINED");
            } else {
                connection.open();
                connection.block(connection.start());
                connection.block(connection.start() + 1);
            }
        });
        assertTimeoutPreemptively(LIMIT, () -> {
            BlockStream stream = client.stream(1L, null, FAST);
            assertEquals(range(1, 4), read(stream, 4));
            BallastApiException refused = assertThrows(BallastApiException.class, stream::next);
            assertEquals("BLOCK_NOT_RETAINED", refused.code());
            assertEquals(5, connections.get());
        });
        assertEquals(List.of("-", "2", "2", "2", "4"), resumedAfter);
    }

    @Test
    void aSilentConnectionIsDroppedAndResumed() throws Exception {
        BallastClient client = start(connection -> {
            connection.open();
            connection.block(connection.start());
            stop.await(10, TimeUnit.SECONDS); // then silence: no block, no heartbeat
        });
        assertTimeoutPreemptively(LIMIT, () -> {
            try (BlockStream stream = client.stream(1L, null, FAST.withIdleTimeoutMillis(300))) {
                long started = System.nanoTime();
                assertEquals(range(1, 3), read(stream, 3));
                assertEquals(2, stream.reconnects());
                assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(600), "waited out two silences");
            }
        });
    }

    @Test
    void aSlowConsumerIsNotMistakenForASilentNode() throws Exception {
        BallastClient client = start(connection -> {
            connection.open();
            for (long h = connection.start(); h < connection.start() + 3; h++) {
                connection.block(h);
                Thread.sleep(200);
            }
            stop.await(10, TimeUnit.SECONDS);
        });
        assertTimeoutPreemptively(LIMIT, () -> {
            try (BlockStream stream = client.stream(1L, null, FAST.withIdleTimeoutMillis(300))) {
                for (long h = 1; h <= 3; h++) {
                    assertEquals(h, stream.next().height());
                    Thread.sleep(700); // the consumer works on the block; nobody reads the connection meanwhile
                }
                assertEquals(0, stream.reconnects(), "the connection was kept");
            }
        });
    }

    @Test
    void theClientsRequestTimeOutBoundsTheAnswersHeadersNotTheEndlessBody() throws Exception {
        BallastClient oneSecond = new BallastClient(start(connection -> {
            connection.open();
            for (long h = connection.start(); h < connection.start() + 8; h++) {
                connection.block(h);
                Thread.sleep(300);
            }
        }).base(), Duration.ofSeconds(1));
        assertTimeoutPreemptively(LIMIT, () -> {
            try (BlockStream stream = oneSecond.stream(1L, null, FAST)) {
                assertEquals(range(1, 8), read(stream, 8));
                assertEquals(0, stream.reconnects(), "one connection for 2.4 s of blocks");
            }
        });
    }

    @Test
    void itGivesUpAfterTheConfiguredAttempts() throws Exception {
        BallastClient client = start(connection -> {
            connection.open();
            connection.block(connection.start());
        });
        assertTimeoutPreemptively(LIMIT, () -> {
            BlockStream stream = client.stream(1L, null, FAST.withReconnectsMax(3).withRetry(20, 40));
            assertEquals(1, stream.next().height());
            stopServer(server);
            java.io.UncheckedIOException gaveUp = null;
            for (int i = 0; i < 10 && gaveUp == null; i++) { // the server may have sent a block before it stopped
                try {
                    stream.next();
                } catch (java.io.UncheckedIOException e) {
                    gaveUp = e;
                }
            }
            assertTrue(gaveUp != null && gaveUp.getMessage().contains("3 reconnection attempts failed"), String.valueOf(gaveUp));
            assertNull(stream.next());
        });
    }

    @Test
    void closeFromAnotherThreadEndsABlockedRead() throws Exception {
        BallastClient client = start(connection -> {
            connection.open();
            connection.block(connection.start());
            stop.await(10, TimeUnit.SECONDS);
        });
        assertTimeoutPreemptively(LIMIT, () -> {
            BlockStream stream = client.stream(1L, null, FAST);
            assertEquals(1, stream.next().height());
            Thread closer = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                stream.close();
            });
            closer.start();
            assertNull(stream.next(), "closed while waiting for the next block");
            closer.join();
        });
    }

    @Test
    void badOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BlockStream.Options.defaults().withRetry(0, 10));
        assertThrows(IllegalArgumentException.class, () -> BlockStream.Options.defaults().withRetry(100, 10));
        assertThrows(IllegalArgumentException.class, () -> BlockStream.Options.defaults().withReconnectsMax(-1));
        assertThrows(IllegalArgumentException.class, () -> BlockStream.Options.defaults().withIdleTimeoutMillis(10));
        assertThrows(IllegalArgumentException.class, () -> BlockStream.Options.defaults().withLimits(0, 10));
    }
}
