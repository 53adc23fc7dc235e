package io.ballast.api.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS context for {@link BallastClient} that trusts exactly the CA certificates in one file: PEM text
 * ({@code ca.pem} from bin/ballast-tls-certs, or any bundle of {@code BEGIN CERTIFICATE} blocks) or a PKCS12 trust
 * store ({@code truststore.p12}, which needs its password). Unusable files throw {@link IllegalArgumentException}
 * naming the file and the reason.
 */
public final class TrustStore {
    private static final String PEM_MARKER = "-----BEGIN CERTIFICATE-----";

    private TrustStore() {}

    /** @param password the PKCS12 store's password; ignored for PEM, may be null or empty then */
    public static SSLContext sslContext(Path file, char[] password) {
        KeyStore trusted = load(file, password);
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("trust store " + file + ": " + e, e);
        }
    }

    static KeyStore load(Path file, char[] password) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("trust store " + file + " does not exist or is not a file");
        }
        try {
            byte[] content = Files.readAllBytes(file);
            KeyStore store = new String(content, StandardCharsets.US_ASCII).contains(PEM_MARKER)
                    ? fromPem(content) : fromPkcs12(content, password, file);
            if (store.size() == 0) {
                throw new IllegalArgumentException("trust store " + file + " holds no certificates"
                        + (password == null || password.length == 0 ? " (a PKCS12 trust store needs its password)" : ""));
            }
            return store;
        } catch (IOException e) {
            throw new IllegalArgumentException("trust store " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("trust store " + file + ": " + e, e);
        }
    }

    private static KeyStore fromPem(byte[] content) throws GeneralSecurityException, IOException {
        Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(content));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int index = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + index++, certificate);
        }
        return store;
    }

    private static KeyStore fromPkcs12(byte[] content, char[] password, Path file)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(new ByteArrayInputStream(content), password == null || password.length == 0 ? null : password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalArgumentException("trust store " + file + ": wrong password", e);
            }
            throw new IllegalArgumentException("trust store " + file + " is neither PEM certificates nor a PKCS12 store: "
                    + e.getMessage(), e);
        }
        return store;
    }
}
