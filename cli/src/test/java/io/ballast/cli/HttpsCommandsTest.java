package io.ballast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API commands over https, against a stand-in TLS server (the JDK's) with a key store from bin/ballast-tls-certs:
 * {@code --trust-store} (PEM or PKCS12, or BALLAST_TRUST_STORE) decides whether the handshake succeeds.
 */
class HttpsCommandsTest {
    private static final String PASSWORD = "changeit";
    @TempDir
    static Path pki;
    private static HttpsServer server;
    private static String url;

    private record Run(int exitCode, String out, String err) {}

    @BeforeAll
    static void startServer() throws Exception {
        certificates(pki, "127.0.0.1");
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(pki.resolve("http-127.0.0.1.p12"))));
        server.createContext("/v1/markets", exchange -> {
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        url = "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Test
    void theCaFromTheTrustStoreOptionVerifiesTheNode() {
        Run pem = run("markets", "--node", url, "--trust-store", pki.resolve("ca.pem").toString());
        assertEquals(0, pem.exitCode(), pem.err());
        assertTrue(pem.out().startsWith("market"), pem.out());
    }

    @Test
    void withoutTheCaTheHandshakeFailsWithAHint() {
        Run untrusted = run("markets", "--node", url);
        assertEquals(1, untrusted.exitCode());
        assertTrue(untrusted.err().contains("TLS handshake failed"), untrusted.err());
    }

    @Test
    void aPkcs12TrustStoreFromTheEnvironmentNeedsItsPassword() {
        String trustStore = pki.resolve("truststore.p12").toString();
        assertEquals(List.of(), NodeClient.connect(url, null, Map.of(NodeClient.TRUST_STORE_ENV, trustStore,
                NodeClient.TRUST_STORE_PASSWORD_ENV, PASSWORD)).markets());
        IllegalArgumentException noPassword = assertThrows(IllegalArgumentException.class,
                () -> NodeClient.connect(url, null, Map.of(NodeClient.TRUST_STORE_ENV, trustStore)));
        assertTrue(noPassword.getMessage().contains("holds no certificates (a PKCS12 trust store needs its password)"),
                noPassword.getMessage());
    }

    @Test
    void aTrustStoreForAPlainHttpNodeOrAMissingFileIsAnError() {
        Run plain = run("markets", "--node", "http://127.0.0.1:1", "--trust-store", pki.resolve("ca.pem").toString());
        assertEquals(2, plain.exitCode());
        assertTrue(plain.err().contains("--trust-store applies to https URLs only"), plain.err());
        Path missing = pki.resolve("missing.pem");
        Run absent = run("markets", "--node", url, "--trust-store", missing.toString());
        assertEquals(1, absent.exitCode());
        assertTrue(absent.err().contains("trust store " + missing + " does not exist"), absent.err());
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static SSLContext serverContext(Path keyStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static void certificates(Path dir, String... addresses) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of("..", "bin", "ballast-tls-certs").toString(), dir.toString()));
        command.addAll(List.of(addresses));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("BALLAST_TLS_PASSWORD");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "ballast-tls-certs finished");
        assertEquals(0, process.exitValue(), output);
    }
}
