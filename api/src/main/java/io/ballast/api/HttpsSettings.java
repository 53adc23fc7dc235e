package io.ballast.api;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code ballast.http.tls} (conf/http.conf): whether the API serves HTTPS, from which PKCS12 key store, and which
 * protocol versions it accepts. {@link ServerTls} turns enabled settings into a TLS context.
 */
public record HttpsSettings(boolean enabled, Path keyStore, String password, List<String> protocols) {
    static final Set<String> ALLOWED_PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");
    public static final HttpsSettings DISABLED = new HttpsSettings(false, null, "", List.of("TLSv1.3", "TLSv1.2"));

    public HttpsSettings {
        protocols = List.copyOf(protocols);
        if (protocols.isEmpty() || !ALLOWED_PROTOCOLS.containsAll(protocols)) {
            throw new IllegalArgumentException("ballast.http.tls.protocols must list only " + ALLOWED_PROTOCOLS
                    + ", got " + protocols);
        }
        if (enabled && keyStore == null) {
            throw new IllegalArgumentException("ballast.http.tls.enabled = on but ballast.http.tls.key-store is not set"
                    + " (BALLAST_HTTP_TLS_KEYSTORE)");
        }
        if (enabled && password.isEmpty()) {
            throw new IllegalArgumentException("ballast.http.tls.enabled = on but ballast.http.tls.password is empty"
                    + " (BALLAST_HTTP_TLS_PASSWORD or BALLAST_TLS_PASSWORD)");
        }
    }

    /** @param tls the {@code ballast.http.tls} section */
    static HttpsSettings load(Config tls) {
        String keyStore = tls.getString("key-store");
        return new HttpsSettings(tls.getBoolean("enabled"), keyStore.isEmpty() ? null : Path.of(keyStore),
                tls.getString("password"), tls.getStringList("protocols"));
    }

    /** HTTPS with this key store and the default protocols (TLSv1.3, TLSv1.2). */
    public static HttpsSettings keyStore(Path keyStore, String password) {
        return new HttpsSettings(true, keyStore, password, DISABLED.protocols());
    }

    public String scheme() {
        return enabled ? "https" : "http";
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "HttpsSettings[enabled=" + enabled + ", keyStore=" + keyStore + ", protocols=" + protocols + "]";
    }
}
