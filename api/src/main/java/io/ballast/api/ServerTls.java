package io.ballast.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;

/**
 * The server side of the API's HTTPS: the key store of {@link HttpsSettings} loaded into a TLS context whose engines
 * accept only the configured protocol versions. Every way the key store can be unusable throws
 * {@link IllegalStateException} naming the file and the setting to fix, so a node never starts without the TLS it was
 * told to use.
 */
final class ServerTls {
    private static final String PASSWORD_SOURCE = "ballast.http.tls.password, from BALLAST_HTTP_TLS_PASSWORD or BALLAST_TLS_PASSWORD";

    private ServerTls() {}

    static HttpsConnectionContext connectionContext(HttpsSettings settings) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("HTTPS is not enabled: " + settings);
        }
        SSLContext context = sslContext(settings);
        String[] protocols = settings.protocols().toArray(String[]::new);
        return ConnectionContext.httpsServer(() -> {
            SSLEngine engine = context.createSSLEngine();
            engine.setUseClientMode(false);
            engine.setEnabledProtocols(protocols);
            return engine;
        });
    }

    static SSLContext sslContext(HttpsSettings settings) {
        char[] password = settings.password().toCharArray();
        KeyStore keyStore = load(settings, password);
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (UnrecoverableKeyException e) {
            throw new IllegalStateException("HTTP API TLS: the private key in " + settings.keyStore()
                    + " does not open with the key store's password (" + PASSWORD_SOURCE + "); both must be the same", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HTTP API TLS: cannot use key store " + settings.keyStore() + ": " + e, e);
        }
    }

    private static KeyStore load(HttpsSettings settings, char[] password) {
        if (!Files.isRegularFile(settings.keyStore())) {
            throw new IllegalStateException("HTTP API TLS: key store " + settings.keyStore()
                    + " (ballast.http.tls.key-store) does not exist or is not a file");
        }
        KeyStore keyStore;
        try (InputStream in = Files.newInputStream(settings.keyStore())) {
            keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalStateException("HTTP API TLS: wrong password for key store " + settings.keyStore()
                        + " (" + PASSWORD_SOURCE + ")", e);
            }
            throw new IllegalStateException("HTTP API TLS: cannot read key store " + settings.keyStore()
                    + " as PKCS12: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HTTP API TLS: cannot read key store " + settings.keyStore() + ": " + e, e);
        }
        requireOnePrivateKey(keyStore, settings);
        return keyStore;
    }

    /** With several keys the JDK picks one by algorithm; the API must serve the certificate the operator chose. */
    private static void requireOnePrivateKey(KeyStore keyStore, HttpsSettings settings) {
        try {
            long privateKeys = 0;
            for (String alias : Collections.list(keyStore.aliases())) {
                if (keyStore.isKeyEntry(alias)) {
                    privateKeys++;
                }
            }
            if (privateKeys != 1) {
                throw new IllegalStateException("HTTP API TLS: key store " + settings.keyStore() + " holds " + privateKeys
                        + " private keys; it must hold exactly one (the server key with its certificate chain)");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HTTP API TLS: cannot list key store " + settings.keyStore() + ": " + e, e);
        }
    }
}
