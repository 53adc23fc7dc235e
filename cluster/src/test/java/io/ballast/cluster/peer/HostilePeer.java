package io.ballast.cluster.peer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A peer that does not follow the protocol: plain blocking JDK TLS sockets (not the transport under test) with
 * whatever key and certificate the test gives it, trusting anyone. Every socket it opens is closed by
 * {@link #close}; every wait is bounded.
 */
final class HostilePeer implements AutoCloseable {
    private final SSLContext context;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private SSLServerSocket server;
    private Thread acceptor;

    HostilePeer(PrivateKey key, X509Certificate certificate) throws Exception {
        char[] password = "hostile".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("peer", key, password, new java.security.cert.Certificate[] {certificate});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        context = SSLContext.getInstance("TLSv1.3");
        context.init(keys.getKeyManagers(), new TrustManager[] {new TrustEveryone()}, new SecureRandom());
    }

    HostilePeer(PeerCredentials credentials) throws Exception {
        this(credentials.tlsKey(), credentials.certificate());
    }

    /** A TLS connection to {@code target}, handshake done (the server's verdict on us may still be on its way). */
    SSLSocket connect(PeerAddress target) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress(target.host(), target.port()), 5_000);
        socket.setSoTimeout(30_000); // a loaded machine may take seconds to answer a handshake
        socket.setEnabledProtocols(new String[] {"TLSv1.3"});
        socket.startHandshake();
        socket.setSoTimeout(200);
        return socket;
    }

    /** A plain TCP connection (no TLS at all). */
    Socket connectPlain(PeerAddress target) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress(target.host(), target.port()), 5_000);
        socket.setSoTimeout(200);
        return socket;
    }

    /**
     * Listens on 127.0.0.1 with a tiny receive buffer; each connection is TLS-handshaken and then never read.
     * Answers the address to put in the peer set.
     */
    PeerAddress listenAndNeverRead(int receiveBufferBytes) throws IOException {
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        server.setReceiveBufferSize(receiveBufferBytes);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setNeedClientAuth(true);
        server.setEnabledProtocols(new String[] {"TLSv1.3"});
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    SSLSocket socket = (SSLSocket) server.accept();
                    sockets.add(socket);
                    socket.startHandshake();
                    socket.getOutputStream().write(FrameCodec.ADMITTED_FRAME.toArray()); // "go ahead", then deaf
                } catch (IOException closedOrRefused) {
                    // the server was closed, or one handshake failed: keep accepting until closed
                }
            }
        }, "hostile-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        return new PeerAddress("127.0.0.1", server.getLocalPort());
    }

    /** Sockets the never-reading server accepted. */
    long accepted() {
        return sockets.stream().filter(socket -> socket instanceof SSLSocket s && !s.getUseClientMode()).count();
    }

    static byte[] frame(byte kind, byte[] payload) {
        return ByteBuffer.allocate(FrameCodec.HEADER_BYTES + payload.length).putInt(1 + payload.length).put(kind)
                .put(payload).array();
    }

    /**
     * Reads until the other side closes (true) or {@code timeout} passes (false); anything beyond the one ADMITTED
     * frame an acceptor may write is an error.
     */
    static boolean awaitClosed(Socket socket, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int read = 0;
        try {
            InputStream in = socket.getInputStream();
            while (System.nanoTime() < deadline) {
                try {
                    int next = in.read();
                    if (next < 0) {
                        return true;
                    }
                    if (read >= FrameCodec.ADMITTED_FRAME.size() || next != (FrameCodec.ADMITTED_FRAME.apply(read) & 0xff)) {
                        throw new AssertionError("an acceptor writes nothing but ADMITTED, got byte " + next);
                    }
                    read++;
                } catch (SocketTimeoutException stillOpen) {
                    // poll again until the deadline
                }
            }
            return false;
        } catch (IOException closed) {
            return true;
        }
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.close();
            acceptor.join(5_000);
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException alreadyBroken) {
                // closing is all we want
            }
        }
    }

    private static final class TrustEveryone implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
