package io.ballast.cluster.peer;

import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * The inbound policy of one authenticated connection: decrypted bytes in, data payloads out. It decodes frames
 * one at a time (pulling more bytes only when the next frame is wanted, so a flood waits in TCP, not here),
 * holds each frame until the peer's rate limits allow it, swallows heartbeats, and fails the stream with a
 * {@link PeerProtocolException} on a protocol violation, a truncated frame, or no complete frame for the idle
 * timeout while it is waiting for bytes (time spent waiting for our consumer or the rate limit never counts).
 * The idle clock starts once {@code admitted} completes: the handshake has its own timeout.
 */
final class InboundStage extends GraphStage<FlowShape<ByteString, ByteString>> {
    /** What the stage reports about its connection. */
    interface Listener {
        /** The authenticated peer's shared rate limit (the stage runs only after the handshake). */
        PeerRateLimit rateLimit();

        void frameReceived(int wireBytes);

        void throttled(PeerMetrics.Limit limit);
    }

    private static final String IDLE = "idle";
    private static final String RELEASE = "release";

    private final Inlet<ByteString> in = Inlet.create("InboundStage.in");
    private final Outlet<ByteString> out = Outlet.create("InboundStage.out");
    private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
    private final int maxPayloadBytes;
    private final long idleTimeoutMillis;
    private final Listener listener;
    private final LongSupplier nanoClock;
    private final CompletionStage<?> admitted;

    InboundStage(int maxPayloadBytes, long idleTimeoutMillis, Listener listener, LongSupplier nanoClock,
            CompletionStage<?> admitted) {
        this.maxPayloadBytes = maxPayloadBytes;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.listener = listener;
        this.nanoClock = nanoClock;
        this.admitted = admitted;
    }

    @Override
    public FlowShape<ByteString, ByteString> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes inheritedAttributes) {
        return new TimerGraphStageLogic(shape) {
            private final FrameDecoder decoder = new FrameDecoder(maxPayloadBytes);
            private FrameDecoder.Frame held;
            private boolean upstreamFinished;
            private boolean idleClockOn;

            {
                setHandler(in, new AbstractInHandler() {
                    @Override
                    public void onPush() {
                        decoder.feed(grab(in));
                        drain();
                    }

                    @Override
                    public void onUpstreamFinish() {
                        upstreamFinished = true;
                        drain();
                    }
                });
                setHandler(out, new AbstractOutHandler() {
                    @Override
                    public void onPull() {
                        drain();
                    }
                });
            }

            @Override
            public void preStart() {
                AsyncCallback<Object> onAdmitted = createAsyncCallback(ignored -> {
                    idleClockOn = true;
                    if (held == null && hasBeenPulled(in)) {
                        scheduleOnce(IDLE, java.time.Duration.ofMillis(idleTimeoutMillis));
                    }
                });
                admitted.thenRun(() -> onAdmitted.invoke(Boolean.TRUE));
                waitForBytes();
            }

            @Override
            public void onTimer(Object key) {
                if (IDLE.equals(key)) {
                    failStage(new PeerProtocolException(CloseReason.IDLE));
                } else {
                    FrameDecoder.Frame frame = held;
                    held = null;
                    emit(frame);
                    drain();
                }
            }

            private void drain() {
                while (held == null && isAvailable(out)) {
                    FrameDecoder.Result result = decoder.next();
                    if (result instanceof FrameDecoder.Violation violation) {
                        failStage(new PeerProtocolException(violation.reason()));
                        return;
                    }
                    if (result instanceof FrameDecoder.NeedMore) {
                        if (upstreamFinished) {
                            finish();
                        } else {
                            waitForBytes();
                        }
                        return;
                    }
                    FrameDecoder.Frame frame = (FrameDecoder.Frame) result;
                    if (frame.kind() == FrameCodec.ADMITTED) {
                        failStage(new PeerProtocolException(CloseReason.MALFORMED_FRAME)); // only acceptors send it
                        return;
                    }
                    cancelTimer(IDLE);
                    listener.frameReceived(frame.wireBytes());
                    PeerRateLimit.Hold hold = listener.rateLimit().reserve(frame.wireBytes(), nanoClock.getAsLong());
                    if (hold.delayNanos() > 0) {
                        listener.throttled(hold.limit());
                        held = frame;
                        scheduleOnce(RELEASE, java.time.Duration.ofNanos(hold.delayNanos()));
                        return;
                    }
                    emit(frame);
                }
            }

            private void emit(FrameDecoder.Frame frame) {
                if (frame.kind() == FrameCodec.DATA) {
                    push(out, frame.payload());
                }
            }

            /** The idle clock runs from the last complete frame while we want bytes; partial frames do not reset it. */
            private void waitForBytes() {
                if (idleClockOn && !isTimerActive(IDLE)) {
                    scheduleOnce(IDLE, java.time.Duration.ofMillis(idleTimeoutMillis));
                }
                if (!hasBeenPulled(in) && !isClosed(in)) {
                    pull(in);
                }
            }

            private void finish() {
                if (decoder.inFrame()) {
                    failStage(new PeerProtocolException(CloseReason.TRUNCATED_FRAME));
                } else {
                    completeStage();
                }
            }
        };
    }
}
