package io.ballast.core.crypto;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable 32-byte value (hash, public key): equality by content, ordered bytewise unsigned. */
public final class Bytes32 implements Comparable<Bytes32> {
    public static final int LENGTH = 32;
    public static final Bytes32 ZERO = new Bytes32(new byte[LENGTH]);

    private final byte[] bytes;
    /**
     * Computed on first use (0 until then, like String's), not in the constructor: on OpenJDK 17.0.15, once C2 had
     * compiled {@code LedgerState.restore}, hashing the fresh copy inside the constructor sometimes stored a wrong
     * hash for correct bytes (equal keys compared unequal; found by DeterminismPropertiesTest, not seen on JDK 25).
     */
    private int hashCode;

    private Bytes32(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Bytes32 wrap(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("expected " + LENGTH + " bytes, got " + bytes.length);
        }
        return new Bytes32(bytes.clone());
    }

    /** Takes ownership of a fresh array the caller will not touch again (digests). */
    static Bytes32 wrapOwned(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("expected " + LENGTH + " bytes, got " + bytes.length);
        }
        return new Bytes32(bytes);
    }

    /**
     * A copy of {@code source[offset .. offset + 32)}, with one array copy. (Decoding used
     * {@code wrap(Arrays.copyOfRange(..))}: on OpenJDK 17.0.15 C2 compiled that copy-then-clone so
     * that the cached hash code was computed from other bytes than the ones kept, after a few
     * hundred thousand decodes; equal keys then compared unequal. {@code Bytes32Test} repeats it.)
     */
    public static Bytes32 copyOf(byte[] source, int offset) {
        byte[] bytes = new byte[LENGTH];
        System.arraycopy(source, offset, bytes, 0, LENGTH);
        return new Bytes32(bytes);
    }

    public static Bytes32 fromHex(String hex) {
        if (hex.length() != LENGTH * 2) {
            throw new IllegalArgumentException("expected " + LENGTH * 2 + " hex characters, got " + hex.length());
        }
        return new Bytes32(HexFormat.of().parseHex(hex));
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        return bytes.clone();
    }

    public byte get(int index) {
        return bytes[index];
    }

    /** Copies the bytes into {@code target} at {@code offset} without allocating. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, LENGTH);
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** First 8 hex characters, for logs and tables. */
    public String shortHex() {
        return toHex().substring(0, 8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes32 that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        int h = hashCode;
        if (h == 0) {
            h = Arrays.hashCode(bytes);
            hashCode = h;
        }
        return h;
    }

    @Override
    public int compareTo(Bytes32 other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
