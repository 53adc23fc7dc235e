package io.ballast.core.encoding;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Signature;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Reads what {@link CanonicalWriter} wrote; every malformed input is a {@link DecodingException}. */
public final class CanonicalReader {
    private final byte[] data;
    private int position;
    private final int end;

    public CanonicalReader(byte[] data) {
        this(data, 0, data.length);
    }

    public CanonicalReader(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IllegalArgumentException("range outside the array");
        }
        this.data = data;
        this.position = offset;
        this.end = offset + length;
    }

    public int getByte() {
        require(1, "byte");
        return data[position++] & 0xff;
    }

    public boolean getBoolean() {
        int value = getByte();
        if (value > 1) {
            throw new DecodingException("boolean byte must be 0 or 1, got " + value);
        }
        return value == 1;
    }

    public int getInt() {
        require(4, "int");
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (data[position++] & 0xff);
        }
        return value;
    }

    /** The next int without consuming it (to tell optional, tagged sections apart). */
    public int peekInt() {
        int saved = position;
        int value = getInt();
        position = saved;
        return value;
    }

    public long getLong() {
        require(8, "long");
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (data[position++] & 0xff);
        }
        return value;
    }

    public Bytes32 getBytes32() {
        require(Bytes32.LENGTH, "32-byte value");
        Bytes32 value = Bytes32.copyOf(data, position);
        position += Bytes32.LENGTH;
        return value;
    }

    public Signature getSignature() {
        require(Signature.LENGTH, "signature");
        Signature value = Signature.wrap(Arrays.copyOfRange(data, position, position + Signature.LENGTH));
        position += Signature.LENGTH;
        return value;
    }

    /** A length-prefixed byte string of at most {@code maxLength} bytes. */
    public byte[] getBytes(int maxLength) {
        int length = getLength(maxLength, "byte string");
        byte[] value = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return value;
    }

    public String getString(int maxLengthBytes) {
        byte[] utf8 = getBytes(maxLengthBytes);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DecodingException("string is not valid UTF-8");
        }
    }

    /** A count prefix for a list, bounded by {@code maxCount}. */
    public int getCount(int maxCount, String what) {
        int count = getInt();
        if (count < 0 || count > maxCount) {
            throw new DecodingException(what + " count " + count + " outside 0.." + maxCount);
        }
        return count;
    }

    public int remaining() {
        return end - position;
    }

    /** Throws unless every byte was consumed: trailing bytes would make two encodings of one value. */
    public void expectEnd() {
        if (position != end) {
            throw new DecodingException((end - position) + " trailing bytes");
        }
    }

    private int getLength(int maxLength, String what) {
        int length = getInt();
        if (length < 0 || length > maxLength) {
            throw new DecodingException(what + " length " + length + " outside 0.." + maxLength);
        }
        require(length, what);
        return length;
    }

    private void require(int count, String what) {
        if (end - position < count) {
            throw new DecodingException("truncated input: " + what + " needs " + count + " bytes, "
                    + (end - position) + " left");
        }
    }
}
