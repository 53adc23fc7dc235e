package io.ballast.cluster.peer;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.Hashing;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.crypto.Signature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * The statement that ties an operator's TLS key to its validator key: the validator's Ed25519 signature over
 * {@code "ballast/peer-tls-binding/v1" 0x00 || chainId || validatorKey || SHA-256(TLS SubjectPublicKeyInfo) ||
 * notAfterEpochSeconds}. It travels inside the TLS certificate as a critical extension ({@link #EXTENSION_OID}), so
 * the handshake itself proves possession of the TLS key (TLS 1.3 CertificateVerify) and the extension proves the
 * validator authorised that key for this chain until {@code notAfterEpochSeconds}. The validator key never
 * signs TLS transcripts and never enters a JDK key store.
 */
public record PeerBinding(Bytes32 chainId, Bytes32 validatorKey, long notAfterEpochSeconds, Signature signature) {
    /** An OID under the UUID arc 2.25 (ITU-T X.667): no registration needed, no collision in practice. */
    public static final String EXTENSION_OID = "2.25.304098205332021897895346668727890154446";
    static final byte VERSION = 1;
    static final int ENCODED_BYTES = 1 + Bytes32.LENGTH + Bytes32.LENGTH + Long.BYTES + Signature.LENGTH;
    private static final byte[] DOMAIN = "ballast/peer-tls-binding/v1".getBytes(StandardCharsets.US_ASCII);

    public static PeerBinding sign(KeyPair validator, Bytes32 chainId, PublicKey tlsKey, long notAfterEpochSeconds) {
        byte[] statement = statement(chainId, validator.publicKey(), tlsKey, notAfterEpochSeconds);
        return new PeerBinding(chainId, validator.publicKey(), notAfterEpochSeconds, Ed25519.sign(validator, statement));
    }

    /** True when the validator key signed this statement for exactly {@code tlsKey}. */
    public boolean certifies(PublicKey tlsKey) {
        return Ed25519.verify(validatorKey, statement(chainId, validatorKey, tlsKey, notAfterEpochSeconds), signature);
    }

    static byte[] statement(Bytes32 chainId, Bytes32 validatorKey, PublicKey tlsKey, long notAfterEpochSeconds) {
        Bytes32 tlsKeyHash = Hashing.sha256(tlsKey.getEncoded());
        ByteBuffer out = ByteBuffer.allocate(DOMAIN.length + 1 + 3 * Bytes32.LENGTH + Long.BYTES);
        out.put(DOMAIN).put((byte) 0).put(chainId.toArray()).put(validatorKey.toArray()).put(tlsKeyHash.toArray())
                .putLong(notAfterEpochSeconds);
        return out.array();
    }

    /** The extension's content: version || chainId || validatorKey || notAfterEpochSeconds || signature. */
    byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(ENCODED_BYTES);
        out.put(VERSION).put(chainId.toArray()).put(validatorKey.toArray()).putLong(notAfterEpochSeconds)
                .put(signature.toArray());
        return out.array();
    }

    /** The binding of exactly {@link #ENCODED_BYTES} bytes of version 1, or empty. */
    static Optional<PeerBinding> decode(byte[] bytes) {
        if (bytes.length != ENCODED_BYTES || bytes[0] != VERSION) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        Bytes32 chainId = Bytes32.wrap(take(in, Bytes32.LENGTH));
        Bytes32 validatorKey = Bytes32.wrap(take(in, Bytes32.LENGTH));
        long notAfter = in.getLong();
        return Optional.of(new PeerBinding(chainId, validatorKey, notAfter, Signature.wrap(take(in, Signature.LENGTH))));
    }

    /** The binding carried by {@code certificate}, or empty if it has none or an unreadable one. */
    public static Optional<PeerBinding> of(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(EXTENSION_OID);
        if (extension == null) {
            return Optional.empty();
        }
        try {
            // getExtensionValue answers the DER OCTET STRING extnValue, whose content is our DER OCTET STRING.
            ASN1Primitive outer = ASN1Primitive.fromByteArray(extension);
            ASN1Primitive inner = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(outer).getOctets());
            return decode(ASN1OctetString.getInstance(inner).getOctets());
        } catch (IOException | IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private static byte[] take(ByteBuffer in, int length) {
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }
}
