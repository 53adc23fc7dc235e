package io.ballast.cluster.peer;

import io.ballast.core.crypto.Bytes32;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSession;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.TLSClosing;
import org.apache.pekko.stream.TLSProtocol;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.TLS;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * One dial of one peer: TCP, TLS 1.3 client expecting exactly that peer's validator key, then the peer's
 * {@link Outbox} drained as frames with heartbeats in the pauses, once the peer answered ADMITTED. A peer that
 * stops reading while we have bytes for it is cut off after the stall timeout. Anything the peer writes besides
 * that one ADMITTED frame is a violation.
 */
final class OutboundConnection {
    /** How a connection ended and how long it had been authenticated (0 if never). */
    record Ended(CloseReason reason, long openMillis) {}

    private final ActorSystem<?> system;
    private final PeerSettings settings;
    private final PeerTls tls;
    private final Bytes32 peer;
    private final PeerAddress address;
    private final Outbox outbox;
    private final PeerMetrics metrics;
    private final PeerTrustManager trust;
    private final SharedKillSwitch killSwitch;
    private final AtomicReference<CloseReason> recorded = new AtomicReference<>();
    private volatile boolean tcpConnected;
    private volatile boolean open;
    private volatile long openedAtNanos;
    private final CompletableFuture<Boolean> admitted = new CompletableFuture<>();
    private final FrameDecoder fromPeer = new FrameDecoder(1);

    OutboundConnection(ActorSystem<?> system, PeerSettings settings, PeerTls tls, Bytes32 chainId, Bytes32 peer,
            PeerAddress address, Outbox outbox, PeerMetrics metrics) {
        this.system = system;
        this.settings = settings;
        this.tls = tls;
        this.peer = peer;
        this.address = address;
        this.outbox = outbox;
        this.metrics = metrics;
        this.trust = new PeerTrustManager(chainId, peer::equals, CloseReason.WRONG_PEER, System::currentTimeMillis);
        this.killSwitch = KillSwitches.shared("peer-out-" + peer.shortHex());
    }

    /** Dials and runs the connection; completes (never fails) when it has ended, with why. */
    CompletionStage<Ended> run() {
        BidiFlow<TLSProtocol.SslTlsOutbound, ByteString, ByteString, TLSProtocol.SslTlsInbound, NotUsed> tlsStage =
                TLS.create(() -> tls.clientEngine(trust), this::verify, TLSClosing.eagerClose());
        Flow<ByteString, ByteString, NotUsed> network = Flow.<ByteString>create()
                .via(killSwitch.flow())
                .backpressureTimeout(Duration.ofMillis(settings.stallTimeoutMillis()))
                .mapError(TimeoutException.class, timeout -> fail(CloseReason.STALLED))
                .via(Tcp.get(system).outgoingConnection(address.toSocketAddress(), Optional.empty(),
                                PeerConnections.socketOptions(settings), false,
                                Optional.of(Duration.ofMillis(settings.connectTimeoutMillis())), Optional.empty())
                        .mapMaterializedValue(connected -> {
                            connected.thenRun(() -> tcpConnected = true);
                            return NotUsed.getInstance();
                        }))
                .via(killSwitch.flow());
        CompletableFuture<Ended> ended = new CompletableFuture<>();
        Cancellable handshakeTimer = system.scheduler().scheduleOnce(
                Duration.ofMillis(settings.connectTimeoutMillis() + settings.handshakeTimeoutMillis()), () -> {
                    if (!open) {
                        close(CloseReason.HANDSHAKE_TIMEOUT);
                    }
                }, system.executionContext());
        Source.fromGraph(new OutboxSource(outbox, admitted))
                .keepAlive(Duration.ofMillis(settings.heartbeatIntervalMillis()), () -> FrameCodec.HEARTBEAT_FRAME)
                .map(frame -> {
                    metrics.frame(PeerMetrics.Direction.OUT, frame.size());
                    return (TLSProtocol.SslTlsOutbound) new TLSProtocol.SendBytes(frame);
                })
                .via(tlsStage.join(network))
                .map(this::fromPeer)
                .watchTermination(Keep.right())
                .to(Sink.ignore())
                .run(Materializer.matFromSystem(system))
                .whenComplete((done, failure) -> {
                    handshakeTimer.cancel();
                    ended.complete(end(failure));
                });
        return ended;
    }

    /** Closes this connection (the peer left the set, or the transport stops). */
    void close(CloseReason reason) {
        killSwitch.abort(fail(reason));
    }

    /** Runs after the handshake, and again when TLS 1.3 post-handshake messages (session tickets) arrive. */
    private void verify(SSLSession session) {
        if (trust.authenticated().isEmpty()) {
            throw fail(CloseReason.TLS_FAILURE);
        }
    }

    /** The peer may write exactly one ADMITTED frame; the connection counts as open from then on. */
    private TLSProtocol.SslTlsInbound fromPeer(TLSProtocol.SslTlsInbound element) {
        if (element instanceof TLSProtocol.SessionBytes bytes && !bytes.bytes().isEmpty()) {
            fromPeer.feed(bytes.bytes());
            for (FrameDecoder.Result result = fromPeer.next(); !(result instanceof FrameDecoder.NeedMore);
                    result = fromPeer.next()) {
                if (open || !(result instanceof FrameDecoder.Frame frame) || frame.kind() != FrameCodec.ADMITTED) {
                    throw fail(CloseReason.UNEXPECTED_DATA);
                }
                openedAtNanos = System.nanoTime();
                open = true;
                metrics.opened(PeerMetrics.Direction.OUT);
                admitted.complete(Boolean.TRUE);
            }
        }
        return element;
    }

    private PeerProtocolException fail(CloseReason reason) {
        recorded.compareAndSet(null, reason);
        return new PeerProtocolException(reason);
    }

    private Ended end(Throwable failure) {
        boolean wasOpen = open;
        CloseReason reason = PeerConnections.classify(recorded.get(), trust, failure, wasOpen,
                tcpConnected ? CloseReason.REFUSED_BY_PEER : CloseReason.CONNECT_FAILED);
        killSwitch.abort(new PeerProtocolException(reason));
        metrics.closed(PeerMetrics.Direction.OUT, reason, peer, wasOpen);
        return new Ended(reason, wasOpen ? (System.nanoTime() - openedAtNanos) / 1_000_000 : 0);
    }
}
