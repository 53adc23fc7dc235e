package io.ballast.cli;

import io.ballast.api.client.BallastClient;
import io.ballast.api.client.TrustStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The client of the API commands: {@code --node URL} (default http://127.0.0.1:8080); for an https URL,
 * {@code --trust-store FILE} (or {@code BALLAST_TRUST_STORE}) names the CA to trust instead of the JVM's: PEM
 * ({@code ca.pem}) or PKCS12 ({@code truststore.p12}, password from {@code BALLAST_TRUST_STORE_PASSWORD}).
 */
final class NodeClient {
    static final String DEFAULT_NODE = "http://127.0.0.1:8080";
    static final String TRUST_STORE_ENV = "BALLAST_TRUST_STORE";
    static final String TRUST_STORE_PASSWORD_ENV = "BALLAST_TRUST_STORE_PASSWORD";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Option(names = "--node", paramLabel = "URL", description = "the node's HTTP API (default ${DEFAULT-VALUE})")
    private String node = DEFAULT_NODE;
    @Option(names = "--trust-store", paramLabel = "FILE", description = {"for an https:// node, the CA to trust: ca.pem from"
            + " bin/ballast-tls-certs, or a PKCS12 truststore.p12 with " + TRUST_STORE_PASSWORD_ENV + " (default: "
            + TRUST_STORE_ENV + ", else the JVM's)"})
    private String trustStore;

    BallastClient connect(Map<String, String> env) {
        return connect(node, trustStore, env);
    }

    /** @param trustStore null: {@code BALLAST_TRUST_STORE} from {@code env}, else the JVM's trusted CAs */
    static BallastClient connect(String nodeUrl, String trustStore, Map<String, String> env) {
        URI node = URI.create(nodeUrl);
        boolean https = "https".equals(node.getScheme());
        if (trustStore != null && !https) {
            throw new UsageException("--trust-store applies to https URLs only, got --node " + node);
        }
        if (trustStore == null) {
            trustStore = env.get(TRUST_STORE_ENV);
        }
        if (!https || trustStore == null || trustStore.isEmpty()) {
            return new BallastClient(node, TIMEOUT);
        }
        String password = env.getOrDefault(TRUST_STORE_PASSWORD_ENV, "");
        return new BallastClient(node, TIMEOUT, TrustStore.sslContext(Path.of(trustStore), password.toCharArray()));
    }
}
