package io.ballast.cluster.peer;

import io.ballast.core.crypto.Bytes32;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * This operator's identity on the peer transport: its TLS key and the self-signed certificate whose binding says
 * which validator key (and chain) the TLS key speaks for. Built by {@link PeerCertificates}; checked here so a
 * node never starts with a certificate its peers would refuse.
 */
public record PeerCredentials(PrivateKey tlsKey, X509Certificate certificate, PeerBinding binding) {
    public PeerCredentials {
        PeerBinding carried = PeerBinding.of(certificate)
                .orElseThrow(() -> new IllegalArgumentException("the certificate carries no peer binding"));
        if (!carried.equals(binding)) {
            throw new IllegalArgumentException("the certificate carries another binding");
        }
        if (!binding.certifies(certificate.getPublicKey())) {
            throw new IllegalArgumentException("the binding's validator signature does not certify the TLS key");
        }
        if (!certificate.getPublicKey().getAlgorithm().equals(tlsKey.getAlgorithm())) {
            throw new IllegalArgumentException("the TLS key does not match the certificate");
        }
    }

    public Bytes32 validatorKey() {
        return binding.validatorKey();
    }

    public Bytes32 chainId() {
        return binding.chainId();
    }

    @Override
    public String toString() {
        return "PeerCredentials[validator=" + validatorKey().shortHex() + ", chain=" + chainId().shortHex()
                + ", notAfter=" + binding.notAfterEpochSeconds() + "]";
    }
}
