package io.ballast.cluster.peer;

import org.apache.pekko.util.ByteString;

/**
 * Splits a peer's byte stream into frames (see {@link FrameCodec}), one at a time, so it never holds more than
 * the frame being read plus the rest of the last chunk. A header announcing more than the maximum is refused
 * before any of its body is buffered. Not thread-safe: one per connection.
 */
final class FrameDecoder {
    /** What {@link #next()} found. */
    sealed interface Result permits Frame, NeedMore, Violation {}

    /** A complete frame: its kind and payload (empty for a heartbeat). */
    record Frame(byte kind, ByteString payload) implements Result {
        /** Bytes it took on the wire, header included. */
        int wireBytes() {
            return FrameCodec.HEADER_BYTES + payload.size();
        }
    }

    /** The buffered bytes end inside a frame (or are empty). */
    enum NeedMore implements Result { INSTANCE }

    /** The stream broke the protocol; the connection must close with this reason. */
    record Violation(CloseReason reason) implements Result {}

    private final int maxPayloadBytes;
    private ByteString buffer = ByteString.emptyByteString();
    private Violation violation;

    FrameDecoder(int maxPayloadBytes) {
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive");
        }
        this.maxPayloadBytes = maxPayloadBytes;
    }

    void feed(ByteString chunk) {
        if (violation != null) {
            throw new IllegalStateException("fed after a violation: " + violation.reason());
        }
        buffer = buffer.concat(chunk);
    }

    Result next() {
        if (violation != null) {
            return violation;
        }
        if (buffer.size() < FrameCodec.LENGTH_BYTES) {
            return NeedMore.INSTANCE;
        }
        long length = Integer.toUnsignedLong(buffer.iterator().getInt(java.nio.ByteOrder.BIG_ENDIAN));
        if (length == 0) {
            return violate(CloseReason.MALFORMED_FRAME);
        }
        if (length - 1 > maxPayloadBytes) {
            return violate(CloseReason.FRAME_TOO_LARGE);
        }
        if (buffer.size() > FrameCodec.LENGTH_BYTES) {
            byte kind = buffer.apply(FrameCodec.LENGTH_BYTES);
            boolean empty = kind == FrameCodec.HEARTBEAT || kind == FrameCodec.ADMITTED;
            if (kind != FrameCodec.DATA && !empty || empty && length != 1) {
                return violate(CloseReason.MALFORMED_FRAME);
            }
        }
        long total = FrameCodec.LENGTH_BYTES + length;
        if (buffer.size() < total) {
            return NeedMore.INSTANCE;
        }
        int end = (int) total;
        Frame frame = new Frame(buffer.apply(FrameCodec.LENGTH_BYTES), buffer.slice(FrameCodec.HEADER_BYTES, end).compact());
        buffer = buffer.drop(end);
        return frame;
    }

    /** True when bytes of an unfinished frame are buffered (the stream ending now truncates it). */
    boolean inFrame() {
        return !buffer.isEmpty();
    }

    private Violation violate(CloseReason reason) {
        violation = new Violation(reason);
        buffer = ByteString.emptyByteString();
        return violation;
    }
}
