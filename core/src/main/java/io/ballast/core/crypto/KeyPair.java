package io.ballast.core.crypto;

/** An Ed25519 key pair. The seed is secret: it is never printed and never part of any event. */
public final class KeyPair {
    private final byte[] seed;
    private final Bytes32 publicKey;
    private final byte[] publicKeyBytes;

    KeyPair(byte[] seed, Bytes32 publicKey) {
        this.seed = seed;
        this.publicKey = publicKey;
        this.publicKeyBytes = publicKey.toArray();
    }

    public Bytes32 publicKey() {
        return publicKey;
    }

    /** A copy of the secret seed, for writing a key file. */
    public byte[] secretSeed() {
        return seed.clone();
    }

    byte[] seed() {
        return seed;
    }

    byte[] publicKeyBytes() {
        return publicKeyBytes;
    }

    @Override
    public String toString() {
        return "KeyPair[publicKey=" + publicKey.toHex() + "]";
    }
}
