package io.ballast.api;

import io.ballast.actors.validator.ConsensusSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ballast.actors.validator.ValidatorIds;
import io.ballast.actors.validator.ValidatorSetup;
import io.ballast.api.client.BallastClient;
import io.ballast.keys.KeyFile;
import io.ballast.api.client.TrustStore;
import io.ballast.api.model.StatusView;
import io.ballast.api.model.TxReceiptView;
import io.ballast.core.crypto.KeyPair;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API over HTTPS with a key store from bin/ballast-tls-certs: a client trusting the CA gets status and a final
 * receipt; a client trusting only the JVM's CAs fails the handshake; plain HTTP on the TLS port gets no API answer;
 * a wrong key-store password stops startup with the reason and leaves the port closed, and a node checks its key
 * store before it joins the cluster.
 */
class HttpsTest {
    private static final String HOST = "127.0.0.1";

    @Test
    void onlyClientsTrustingTheCaTalkToTheHttpsApi(@TempDir Path dir) throws Exception {
        Path pki = dir.resolve("pki");
        TlsCertificates.generate(pki, HOST);
        SSLContext trustCa = TrustStore.sslContext(pki.resolve("ca.pem"), null);
        TestChain chain = new TestChain(dir.resolve("chain"),
                HttpsSettings.keyStore(pki.resolve("http-" + HOST + ".p12"), TlsCertificates.PASSWORD), trustCa);
        try {
            URI url = URI.create(chain.api.url());
            assertEquals("https", url.getScheme());

            StatusView status = chain.client.status();
            assertEquals(chain.genesis.chainId(), status.chainId());
            KeyPair trader = KeyFile.generate();
            TxReceiptView receipt = chain.client.submitAndWait(chain.txs.deposit(chain.authority,
                    chain.client.nextNonce(chain.authority.publicKey()), trader.publicKey(), "250"));
            assertTrue(receipt.accepted(), receipt.detail());
            assertEquals("deposit", receipt.type());
            assertEquals("250", chain.client.account(trader.publicKey(), false).collateralUsd());

            BallastClient viaPkcs12 = new BallastClient(url, Duration.ofSeconds(10), TrustStore.sslContext(
                    pki.resolve("truststore.p12"), TlsCertificates.PASSWORD.toCharArray()));
            assertEquals(status.chainId(), viaPkcs12.status().chainId());

            UncheckedIOException untrusted = assertThrows(UncheckedIOException.class,
                    () -> new BallastClient(url, Duration.ofSeconds(10)).status());
            assertInstanceOf(SSLHandshakeException.class, untrusted.getCause(), untrusted.toString());
            assertTrue(untrusted.getMessage().contains("TLS handshake failed"), untrusted.getMessage());

            assertEquals("TLSv1.3", negotiatedProtocol(trustCa, url, "TLSv1.3"));
            assertEquals("TLSv1.2", negotiatedProtocol(trustCa, url, "TLSv1.2"));

            String plainAnswer = plainHttpGet(url.getPort(), "/v1/status");
            assertFalse(plainAnswer.startsWith("HTTP/"), "plain HTTP on the TLS port was answered: " + plainAnswer);
            assertFalse(plainAnswer.contains(status.chainId()), plainAnswer);
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(URI.create("http://" + HOST + ":"
                    + url.getPort() + "/v1/status")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        } finally {
            chain.stop();
        }
    }

    @Test
    void aWrongKeyStorePasswordStopsStartupWithTheReasonAndNothingListens(@TempDir Path dir) throws Exception {
        Path pki = dir.resolve("pki");
        TlsCertificates.generate(pki, HOST);
        Path keyStore = pki.resolve("http-" + HOST + ".p12");
        int port = freePort();
        TestChain chain = TestChain.shared();
        Config config = ConfigFactory.parseMap(Map.of("ballast.http.port", port, "ballast.http.tls.enabled", "on",
                "ballast.http.tls.key-store", keyStore.toString(), "ballast.http.tls.password", "not-the-password"));
        ApiSettings settings = ApiSettings.load(config);

        List<String> validatorIds = new ValidatorIds(chain.genesis).all();

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ApiServer.start(chain.system,
                chain.genesis, ConsensusSettings.defaults(chain.genesis), validatorIds, chain.node, settings));
        assertEquals("HTTP API TLS: wrong password for key store " + keyStore
                + " (ballast.http.tls.password, from BALLAST_HTTP_TLS_PASSWORD or BALLAST_TLS_PASSWORD)", refused.getMessage());
        assertThrows(ConnectException.class, () -> new Socket(HOST, port).close(), "nothing listens on " + port);
    }

    /** Handshakes with only {@code protocol} enabled; returns what was negotiated. */
    private static String negotiatedProtocol(SSLContext trust, URI url, String protocol) throws IOException {
        try (SSLSocket socket = (SSLSocket) trust.getSocketFactory().createSocket(url.getHost(), url.getPort())) {
            socket.setEnabledProtocols(new String[] {protocol});
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    /** A plain-text request on a raw socket; whatever comes back before the server closes (or 10 s pass). */
    private static String plainHttpGet(int port, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            try {
                return new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
            } catch (IOException closedHard) {
                return "";
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }
}
