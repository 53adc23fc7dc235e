package io.ballast.cluster.peer;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;

/**
 * TLS 1.3 engines for peer connections. Each connection gets its own SSLContext around its own
 * {@link PeerTrustManager}: the verdict belongs to that connection, and no session cache or ticket key is
 * shared, so a session is never resumed — every connection proves its certificate against the current peer set.
 */
final class PeerTls {
    static final String PROTOCOL = "TLSv1.3";

    private final KeyManager[] keyManagers;
    private final String[] cipherSuites;
    private final SecureRandom random = new SecureRandom();

    PeerTls(PeerCredentials credentials, List<String> cipherSuites) {
        this.cipherSuites = cipherSuites.toArray(String[]::new);
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("peer", credentials.tlsKey(), password,
                    new java.security.cert.Certificate[] {credentials.certificate()});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            this.keyManagers = factory.getKeyManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot load the peer TLS key", e);
        }
    }

    /** The accepting side: requires the client's certificate. */
    SSLEngine serverEngine(PeerTrustManager trust) {
        SSLEngine engine = context(trust).createSSLEngine();
        engine.setUseClientMode(false);
        engine.setNeedClientAuth(true);
        return restrict(engine);
    }

    /** The dialling side. */
    SSLEngine clientEngine(PeerTrustManager trust) {
        SSLEngine engine = context(trust).createSSLEngine();
        engine.setUseClientMode(true);
        return restrict(engine);
    }

    private SSLEngine restrict(SSLEngine engine) {
        engine.setEnabledProtocols(new String[] {PROTOCOL});
        engine.setEnabledCipherSuites(cipherSuites);
        return engine;
    }

    private SSLContext context(PeerTrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(keyManagers, new TrustManager[] {trust}, random);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS 1.3", e);
        }
    }
}
