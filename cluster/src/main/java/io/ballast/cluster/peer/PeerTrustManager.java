package io.ballast.cluster.peer;

import io.ballast.core.crypto.Bytes32;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Decides, inside the TLS handshake of one connection, whether the other side's certificate is a peer: exactly
 * one certificate, within its validity, carrying a binding for our chain whose validator key is acceptable
 * ({@code acceptable}: in the peer set, or exactly the dialled key) and whose signature certifies the
 * certificate's key. No CA and no host name are involved: the validator set is the trust root. It records the
 * authenticated key, or why it refused, for the connection that owns it.
 */
final class PeerTrustManager extends X509ExtendedTrustManager {
    private final Bytes32 chainId;
    private final Predicate<Bytes32> acceptable;
    private final CloseReason unacceptable;
    private final LongSupplier clockMillis;
    private volatile Bytes32 authenticated;
    private volatile CloseReason refusal;

    /**
     * @param unacceptable the reason when the binding is sound but {@code acceptable} says no
     *     (UNKNOWN_PEER inbound, WRONG_PEER when dialling one key)
     */
    PeerTrustManager(Bytes32 chainId, Predicate<Bytes32> acceptable, CloseReason unacceptable, LongSupplier clockMillis) {
        this.chainId = chainId;
        this.acceptable = acceptable;
        this.unacceptable = unacceptable;
        this.clockMillis = clockMillis;
    }

    /** The peer's validator key once the handshake accepted its certificate. */
    Optional<Bytes32> authenticated() {
        return Optional.ofNullable(authenticated);
    }

    /** Why this trust manager refused the peer, if it did. */
    Optional<CloseReason> refusal() {
        return Optional.ofNullable(refusal);
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        CloseReason reason = verdict(chain);
        if (reason != null) {
            refusal = reason;
            throw new CertificateException("peer refused: " + reason);
        }
        authenticated = PeerBinding.of(chain[0]).orElseThrow().validatorKey();
    }

    private CloseReason verdict(X509Certificate[] chain) {
        if (chain == null || chain.length != 1) {
            return CloseReason.BAD_CERTIFICATE;
        }
        X509Certificate certificate = chain[0];
        Optional<PeerBinding> found = PeerBinding.of(certificate);
        if (found.isEmpty()) {
            return CloseReason.BAD_BINDING;
        }
        PeerBinding binding = found.get();
        if (!binding.chainId().equals(chainId)) {
            return CloseReason.WRONG_CHAIN;
        }
        if (!acceptable.test(binding.validatorKey())) {
            return unacceptable;
        }
        long nowMillis = clockMillis.getAsLong();
        try {
            certificate.checkValidity(new java.util.Date(nowMillis));
        } catch (CertificateException expired) {
            return CloseReason.CERTIFICATE_EXPIRED;
        }
        if (binding.notAfterEpochSeconds() * 1000 < nowMillis) {
            return CloseReason.CERTIFICATE_EXPIRED;
        }
        return binding.certifies(certificate.getPublicKey()) ? null : CloseReason.BAD_BINDING;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
