package io.ballast.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 (ephemeral port) in front of a node's HTTP API that can cut, like a failing proxy or
 * network, every connection that carries a block stream ({@code GET /v1/stream}); other requests pass untouched.
 */
final class CuttingProxy implements AutoCloseable {
    private static final byte[] STREAM_REQUEST = "GET /v1/stream".getBytes(StandardCharsets.US_ASCII);
    private static final int CONNECTIONS_MAX = 64;

    /** One client connection and its upstream connection. */
    private static final class Link {
        final Socket client;
        final Socket upstream;
        volatile boolean carriesStream;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void close() {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicInteger cuts = new AtomicInteger();
    private final Thread acceptor;

    CuttingProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "cutting-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Closes every connection that has carried a stream request; returns how many it closed. */
    int cutStreams() {
        int closed = 0;
        for (Link link : links) {
            if (link.carriesStream) {
                link.close();
                links.remove(link);
                closed++;
            }
        }
        cuts.addAndGet(closed);
        return closed;
    }

    int cuts() {
        return cuts.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                links.removeIf(link -> link.client.isClosed());
                if (links.size() >= CONNECTIONS_MAX) {
                    closeQuietly(client);
                    continue;
                }
                Link link = new Link(client, new Socket(target.getAddress(), target.getPort()));
                links.add(link);
                pump(link, link.client, link.upstream, true);
                pump(link, link.upstream, link.client, false);
            } catch (IOException closedOrRefused) {
                // the proxy closed, or the node refused one connection
            }
        }
    }

    private static void pump(Link link, Socket from, Socket to, boolean fromClient) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (fromClient && contains(buffer, n, STREAM_REQUEST)) {
                        link.carriesStream = true;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException cut) {
                // either side closed
            } finally {
                link.close();
            }
        }, "cutting-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static boolean contains(byte[] buffer, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buffer[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        links.forEach(Link::close);
        links.clear();
    }
}
