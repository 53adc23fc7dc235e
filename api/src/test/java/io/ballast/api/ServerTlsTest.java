package io.ballast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ballast.http.tls} settings and every way a key store can be unusable: each fails with its reason. */
class ServerTlsTest {
    @TempDir
    static Path pki;

    @BeforeAll
    static void certificates() throws Exception {
        TlsCertificates.generate(pki, "127.0.0.1");
    }

    @Test
    void httpsIsOffByDefaultAndOnlyTls12And13AreAccepted() {
        HttpsSettings defaults = ApiSettings.load(ConfigFactory.empty()).tls();
        assertFalse(defaults.enabled());
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), defaults.protocols());
        IllegalArgumentException old = assertThrows(IllegalArgumentException.class,
                () -> new HttpsSettings(true, keyStore(), "changeit", List.of("TLSv1.3", "TLSv1.1")));
        assertTrue(old.getMessage().contains("ballast.http.tls.protocols"), old.getMessage());
    }

    @Test
    void enablingHttpsWithoutKeyStoreOrPasswordIsRefusedAtLoad() {
        IllegalArgumentException noKeyStore = assertThrows(IllegalArgumentException.class,
                () -> ApiSettings.load(ConfigFactory.parseMap(Map.of("ballast.http.tls.enabled", "on"))));
        assertTrue(noKeyStore.getMessage().contains("ballast.http.tls.key-store is not set"), noKeyStore.getMessage());
        IllegalArgumentException noPassword = assertThrows(IllegalArgumentException.class,
                () -> ApiSettings.load(ConfigFactory.parseMap(Map.of("ballast.http.tls.enabled", "on",
                        "ballast.http.tls.key-store", keyStore().toString(), "ballast.http.tls.password", ""))));
        assertTrue(noPassword.getMessage().contains("ballast.http.tls.password is empty"), noPassword.getMessage());
    }

    @Test
    void thePasswordNeverAppearsInTheSettingsText() {
        assertFalse(HttpsSettings.keyStore(keyStore(), "s3cret-value").toString().contains("s3cret-value"));
    }

    @Test
    void aUsableKeyStoreGivesATlsContext() {
        assertTrue(ServerTls.connectionContext(HttpsSettings.keyStore(keyStore(), TlsCertificates.PASSWORD)).isSecure());
    }

    @Test
    void aMissingKeyStoreIsNamed() {
        Path missing = pki.resolve("missing.p12");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServerTls.connectionContext(HttpsSettings.keyStore(missing, TlsCertificates.PASSWORD)));
        assertEquals("HTTP API TLS: key store " + missing + " (ballast.http.tls.key-store) does not exist or is not a file",
                e.getMessage());
    }

    @Test
    void aFileThatIsNoKeyStoreIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServerTls.connectionContext(HttpsSettings.keyStore(pki.resolve("ca.pem"), TlsCertificates.PASSWORD)));
        assertTrue(e.getMessage().startsWith("HTTP API TLS: cannot read key store " + pki.resolve("ca.pem") + " as PKCS12"),
                e.getMessage());
    }

    @Test
    void aTrustStoreWithoutKeyIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ServerTls.connectionContext(
                HttpsSettings.keyStore(pki.resolve("truststore.p12"), TlsCertificates.PASSWORD)));
        assertTrue(e.getMessage().contains("holds 0 private keys"), e.getMessage());
    }

    @Test
    void aKeyStoreWithTwoKeysIsRefusedRatherThanServingEitherOne() throws Exception {
        char[] password = TlsCertificates.PASSWORD.toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keyStore())) {
            store.load(in, password);
        }
        store.setKeyEntry("second", store.getKey("node", password), password, store.getCertificateChain("node"));
        Path twoKeys = pki.resolve("two-keys.p12");
        try (OutputStream out = Files.newOutputStream(twoKeys)) {
            store.store(out, password);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServerTls.connectionContext(HttpsSettings.keyStore(twoKeys, TlsCertificates.PASSWORD)));
        assertTrue(e.getMessage().contains("holds 2 private keys"), e.getMessage());
    }

    private static Path keyStore() {
        return pki.resolve("http-127.0.0.1.p12");
    }
}
