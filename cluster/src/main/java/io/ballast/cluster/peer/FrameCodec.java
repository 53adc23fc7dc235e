package io.ballast.cluster.peer;

import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;
import java.nio.ByteOrder;

/**
 * Wire format of one frame: a 4-byte big-endian length (of what follows: kind byte + payload), a kind byte,
 * the payload. DATA carries an opaque payload; HEARTBEAT is empty and only proves the sender is alive; ADMITTED
 * is empty and is the one frame an accepting node ever writes: the dialler's identity passed the certificate
 * check and admission, so the dialler may start sending (in TLS 1.3 the client finishes its handshake before
 * the server has judged the client's certificate, so "handshake done" alone would let frames fall into a
 * connection about to be refused).
 */
final class FrameCodec {
    static final int LENGTH_BYTES = 4;
    static final int HEADER_BYTES = LENGTH_BYTES + 1;
    static final byte DATA = 1;
    static final byte HEARTBEAT = 2;
    static final byte ADMITTED = 3;
    static final ByteString HEARTBEAT_FRAME = frame(HEARTBEAT, new byte[0]);
    static final ByteString ADMITTED_FRAME = frame(ADMITTED, new byte[0]);

    private FrameCodec() {}

    static ByteString data(byte[] payload) {
        return frame(DATA, payload);
    }

    private static ByteString frame(byte kind, byte[] payload) {
        ByteStringBuilder builder = new ByteStringBuilder();
        builder.sizeHint(HEADER_BYTES + payload.length);
        builder.putInt(1 + payload.length, ByteOrder.BIG_ENDIAN);
        builder.putByte(kind);
        builder.putBytes(payload);
        return builder.result();
    }
}
