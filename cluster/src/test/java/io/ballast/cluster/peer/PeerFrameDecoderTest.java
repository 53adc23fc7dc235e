package io.ballast.cluster.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PeerFrameDecoderTest {
    private static final int MAX = 1024;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1_000_003})
    void framesSurviveAnySplitOfTheStream(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> payloads = new ArrayList<>();
        ByteString stream = ByteString.emptyByteString();
        for (int i = 0; i < 200; i++) {
            byte[] payload = new byte[random.nextInt(MAX + 1)];
            random.nextBytes(payload);
            payloads.add(payload);
            stream = stream.concat(FrameCodec.data(payload));
            if (random.nextInt(4) == 0) {
                stream = stream.concat(FrameCodec.HEARTBEAT_FRAME);
            }
        }
        FrameDecoder decoder = new FrameDecoder(MAX);
        List<byte[]> decoded = new ArrayList<>();
        int heartbeats = 0;
        while (!stream.isEmpty()) {
            int chunk = Math.min(stream.size(), 1 + random.nextInt(3 * MAX));
            decoder.feed(stream.take(chunk));
            stream = stream.drop(chunk);
            for (FrameDecoder.Result result = decoder.next(); result instanceof FrameDecoder.Frame frame;
                    result = decoder.next()) {
                if (frame.kind() == FrameCodec.DATA) {
                    decoded.add(frame.payload().toArray());
                } else {
                    heartbeats++;
                }
            }
        }
        assertEquals(payloads.size(), decoded.size(), "seed " + seed);
        for (int i = 0; i < payloads.size(); i++) {
            assertTrue(java.util.Arrays.equals(payloads.get(i), decoded.get(i)), "payload " + i + ", seed " + seed);
        }
        assertTrue(heartbeats >= 0);
        assertFalse(decoder.inFrame(), "nothing left over");
    }

    @Test
    void aLengthAboveTheMaximumIsRefusedFromTheHeaderAlone() {
        FrameDecoder decoder = new FrameDecoder(MAX);
        decoder.feed(header(MAX + 2));
        assertEquals(new FrameDecoder.Violation(CloseReason.FRAME_TOO_LARGE), decoder.next());
        FrameDecoder exact = new FrameDecoder(MAX);
        exact.feed(header(MAX + 1));
        assertEquals(FrameDecoder.NeedMore.INSTANCE, exact.next(), "a payload of exactly the maximum is allowed");
    }

    @Test
    void garbageIsMalformed() {
        assertEquals(new FrameDecoder.Violation(CloseReason.MALFORMED_FRAME), decode(header(0)));
        assertEquals(new FrameDecoder.Violation(CloseReason.MALFORMED_FRAME),
                decode(ByteString.fromArray(new byte[] {0, 0, 0, 3, 9, 1, 2})), "unknown kind");
        assertEquals(new FrameDecoder.Violation(CloseReason.MALFORMED_FRAME),
                decode(ByteString.fromArray(new byte[] {0, 0, 0, 2, FrameCodec.HEARTBEAT, 1})), "heartbeat with a body");
        assertEquals(new FrameDecoder.Violation(CloseReason.MALFORMED_FRAME),
                decode(ByteString.fromArray(new byte[] {0, 0, 0, 5, 7})), "refused before the body arrives");
    }

    @Test
    void aPartialFrameIsReportedForTruncation() {
        FrameDecoder decoder = new FrameDecoder(MAX);
        decoder.feed(FrameCodec.data(new byte[10]).take(8));
        assertEquals(FrameDecoder.NeedMore.INSTANCE, decoder.next());
        assertTrue(decoder.inFrame());
    }

    private static FrameDecoder.Result decode(ByteString bytes) {
        FrameDecoder decoder = new FrameDecoder(MAX);
        decoder.feed(bytes);
        return decoder.next();
    }

    private static ByteString header(int length) {
        return ByteString.fromArray(ByteBuffer.allocate(4).putInt(length).array());
    }
}
