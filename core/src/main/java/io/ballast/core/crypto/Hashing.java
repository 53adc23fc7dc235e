package io.ballast.core.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 with one-byte domain tags, so that a leaf can never be read as an inner node. */
public final class Hashing {
    public static final byte TAG_MERKLE_LEAF = 0x00;
    public static final byte TAG_MERKLE_NODE = 0x01;
    public static final byte TAG_MERKLE_ROOT = 0x02;
    public static final byte TAG_TRANSACTION = 0x10;
    public static final byte TAG_BLOCK = 0x11;
    public static final byte TAG_VOTE = 0x12;
    public static final byte TAG_ORACLE_REPORT = 0x13;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Hashing::newDigest);

    private Hashing() {}

    public static Bytes32 sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }

    public static Bytes32 sha256(byte[] data, int offset, int length) {
        MessageDigest digest = SHA256.get();
        digest.update(data, offset, length);
        return Bytes32.wrapOwned(digest.digest());
    }

    /** SHA-256 of {@code tag || data}. */
    public static Bytes32 tagged(byte tag, byte[] data) {
        MessageDigest digest = SHA256.get();
        digest.update(tag);
        digest.update(data);
        return Bytes32.wrapOwned(digest.digest());
    }

    /** SHA-256 of {@code tag || left || right}: one Merkle inner node. */
    public static Bytes32 node(Bytes32 left, Bytes32 right) {
        byte[] buffer = new byte[1 + 2 * Bytes32.LENGTH];
        buffer[0] = TAG_MERKLE_NODE;
        left.copyTo(buffer, 1);
        right.copyTo(buffer, 1 + Bytes32.LENGTH);
        return sha256(buffer);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
