package io.ballast.core.crypto;

/**
 * Ed25519 (RFC 8032) over BouncyCastle's low-level implementation, which verifies several times
 * faster than the JDK provider. Keys are derived from a 32-byte seed supplied by the caller:
 * core never draws randomness itself.
 */
public final class Ed25519 {
    static {
        org.bouncycastle.math.ec.rfc8032.Ed25519.precompute();
    }

    private Ed25519() {}

    /** A key pair from a 32-byte secret seed. */
    public static KeyPair keyPairFromSeed(byte[] seed) {
        if (seed.length != org.bouncycastle.math.ec.rfc8032.Ed25519.SECRET_KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 seed has 32 bytes, got " + seed.length);
        }
        byte[] publicKey = new byte[org.bouncycastle.math.ec.rfc8032.Ed25519.PUBLIC_KEY_SIZE];
        org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, publicKey, 0);
        return new KeyPair(seed.clone(), Bytes32.wrapOwned(publicKey));
    }

    /** A deterministic key pair for tests, simulations and devnets: seed = SHA-256(label). */
    public static KeyPair keyPairFromLabel(String label) {
        return keyPairFromSeed(Hashing.sha256(label.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toArray());
    }

    public static Signature sign(KeyPair keyPair, byte[] message) {
        byte[] signature = new byte[Signature.LENGTH];
        org.bouncycastle.math.ec.rfc8032.Ed25519.sign(
                keyPair.seed(), 0, keyPair.publicKeyBytes(), 0, message, 0, message.length, signature, 0);
        return Signature.wrapOwned(signature);
    }

    /** True when {@code signature} is a valid signature of {@code message} by {@code publicKey}. Never throws. */
    public static boolean verify(Bytes32 publicKey, byte[] message, Signature signature) {
        byte[] key = new byte[Bytes32.LENGTH];
        publicKey.copyTo(key, 0);
        try {
            return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
                    signature.raw(), 0, key, 0, message, 0, message.length);
        } catch (RuntimeException malformed) {
            return false;
        }
    }
}
