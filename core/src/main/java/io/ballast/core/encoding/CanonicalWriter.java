package io.ballast.core.encoding;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Signature;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one byte encoding of everything Ballast hashes or signs: big-endian fixed-width integers,
 * length-prefixed variable data, no optional framing. Equal values always encode to equal bytes.
 */
public final class CanonicalWriter {
    private byte[] buffer;
    private int size;

    public CanonicalWriter() {
        this(128);
    }

    public CanonicalWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    public CanonicalWriter putByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    public CanonicalWriter putBoolean(boolean value) {
        return putByte(value ? 1 : 0);
    }

    public CanonicalWriter putInt(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    public CanonicalWriter putLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    /** Count (int) followed by the values. */
    public CanonicalWriter putLongs(long[] values) {
        putInt(values.length);
        for (long value : values) {
            putLong(value);
        }
        return this;
    }

    public CanonicalWriter putBytes32(Bytes32 value) {
        ensure(Bytes32.LENGTH);
        value.copyTo(buffer, size);
        size += Bytes32.LENGTH;
        return this;
    }

    public CanonicalWriter putSignature(Signature value) {
        ensure(Signature.LENGTH);
        value.copyTo(buffer, size);
        size += Signature.LENGTH;
        return this;
    }

    /** Length (int) followed by the bytes. */
    public CanonicalWriter putBytes(byte[] value) {
        putInt(value.length);
        return putRaw(value);
    }

    /** The bytes with no length prefix (fixed-width fields, nested encodings already framed). */
    public CanonicalWriter putRaw(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, buffer, size, value.length);
        size += value.length;
        return this;
    }

    /** UTF-8 with an int length prefix. */
    public CanonicalWriter putString(String value) {
        return putBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int extra) {
        int needed = Math.addExact(size, extra);
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }
}
