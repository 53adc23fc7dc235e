package io.ballast.core.crypto;

import java.util.Arrays;
import java.util.HexFormat;

/** An Ed25519 signature: 64 immutable bytes. */
public final class Signature {
    public static final int LENGTH = 64;

    private final byte[] bytes;

    private Signature(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Signature wrap(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("expected " + LENGTH + " signature bytes, got " + bytes.length);
        }
        return new Signature(bytes.clone());
    }

    static Signature wrapOwned(byte[] bytes) {
        return new Signature(bytes);
    }

    public static Signature fromHex(String hex) {
        if (hex.length() != LENGTH * 2) {
            throw new IllegalArgumentException("expected " + LENGTH * 2 + " hex characters, got " + hex.length());
        }
        return new Signature(HexFormat.of().parseHex(hex));
    }

    public byte[] toArray() {
        return bytes.clone();
    }

    byte[] raw() {
        return bytes;
    }

    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, LENGTH);
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Signature that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
