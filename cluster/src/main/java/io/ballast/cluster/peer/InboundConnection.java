package io.ballast.cluster.peer;

import io.ballast.core.crypto.Bytes32;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSession;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.TLSClosing;
import org.apache.pekko.stream.TLSProtocol;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.TLS;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted TCP connection: TLS 1.3 server with a required client certificate, admission of the
 * authenticated peer, then {@link InboundStage} feeding the node's inbound hub. The only frame it ever writes is
 * ADMITTED, once admission passed. Every end is classified once and counted.
 */
final class InboundConnection implements InboundPeers.Admitted, InboundStage.Listener {
    private static final Logger log = LoggerFactory.getLogger(InboundConnection.class);

    /** What the server needs to know when a connection ends. */
    interface Owner {
        void handshakeFinished();

        void ended(InboundConnection connection);
    }

    private final ActorSystem<?> system;
    private final PeerSettings settings;
    private final PeerTls tls;
    private final PeerTrustManager trust;
    private final InboundPeers peers;
    private final PeerMetrics metrics;
    private final Owner owner;
    private final InetSocketAddress remote;
    private final SharedKillSwitch killSwitch;
    private final AtomicReference<CloseReason> recorded = new AtomicReference<>();
    private final AtomicBoolean handshaking = new AtomicBoolean(true);
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Bytes32 peer;
    private volatile PeerRateLimit rateLimit;
    private volatile Cancellable handshakeTimer;
    private final CompletableFuture<Boolean> admitted = new CompletableFuture<>();

    InboundConnection(ActorSystem<?> system, PeerSettings settings, PeerTls tls, Bytes32 chainId, InboundPeers peers,
            PeerMetrics metrics, Owner owner, InetSocketAddress remote) {
        this.system = system;
        this.settings = settings;
        this.tls = tls;
        this.peers = peers;
        this.metrics = metrics;
        this.owner = owner;
        this.remote = remote;
        this.trust = new PeerTrustManager(chainId, peers::isPeer, CloseReason.UNKNOWN_PEER, System::currentTimeMillis);
        this.killSwitch = KillSwitches.shared("peer-in-" + remote.getPort());
    }

    /** The network side of this connection (ciphertext in and out), delivering payloads to {@code inbound}. */
    Flow<ByteString, ByteString, NotUsed> flow(Sink<PeerMessage, NotUsed> inbound) {
        handshakeTimer = system.scheduler().scheduleOnce(Duration.ofMillis(settings.handshakeTimeoutMillis()),
                () -> {
                    if (finishHandshake()) {
                        close(CloseReason.HANDSHAKE_TIMEOUT);
                    }
                }, system.executionContext());
        BidiFlow<TLSProtocol.SslTlsOutbound, ByteString, ByteString, TLSProtocol.SslTlsInbound, NotUsed> tlsStage =
                TLS.create(() -> tls.serverEngine(trust), this::verify, TLSClosing.eagerClose());
        Sink<TLSProtocol.SslTlsInbound, NotUsed> plaintextIn = Flow.of(TLSProtocol.SslTlsInbound.class)
                .mapConcat(element -> element instanceof TLSProtocol.SessionBytes bytes ? List.of(bytes.bytes())
                        : List.<ByteString>of())
                .via(new InboundStage(settings.maxFramePayloadBytes(), settings.idleTimeoutMillis(), this,
                        System::nanoTime, admitted))
                .map(payload -> new PeerMessage(peer, payload))
                .watchTermination((notUsed, done) -> {
                    done.whenComplete((ok, failure) -> end(failure));
                    return notUsed;
                })
                .recoverWithRetries(1, Throwable.class, Source::empty)
                .to(inbound);
        Source<TLSProtocol.SslTlsOutbound, NotUsed> admittedThenNothing = Source.completionStage(admitted)
                .map(yes -> (TLSProtocol.SslTlsOutbound) new TLSProtocol.SendBytes(FrameCodec.ADMITTED_FRAME))
                .concat(Source.never());
        Flow<TLSProtocol.SslTlsInbound, TLSProtocol.SslTlsOutbound, NotUsed> application =
                Flow.fromSinkAndSourceCoupled(plaintextIn, admittedThenNothing);
        return Flow.<ByteString>create().via(killSwitch.flow()).via(tlsStage.reversed().join(application))
                .via(killSwitch.flow());
    }

    /** Runs inside the TLS stage once the handshake (and so the certificate check) succeeded; throwing refuses. */
    private void verify(SSLSession session) {
        if (peer != null) {
            return; // called again for a post-handshake message
        }
        if (!finishHandshake()) {
            throw new PeerProtocolException(CloseReason.HANDSHAKE_TIMEOUT);
        }
        Bytes32 key = trust.authenticated().orElseThrow(() -> new PeerProtocolException(CloseReason.TLS_FAILURE));
        try {
            rateLimit = peers.admit(key, this);
        } catch (PeerProtocolException refused) {
            recorded.compareAndSet(null, refused.reason());
            throw refused;
        }
        peer = key;
        metrics.opened(PeerMetrics.Direction.IN);
        admitted.complete(Boolean.TRUE);
    }

    @Override
    public void close(CloseReason reason) {
        recorded.compareAndSet(null, reason);
        killSwitch.abort(new PeerProtocolException(reason));
    }

    @Override
    public PeerRateLimit rateLimit() {
        return rateLimit;
    }

    @Override
    public void frameReceived(int wireBytes) {
        metrics.frame(PeerMetrics.Direction.IN, wireBytes);
    }

    @Override
    public void throttled(PeerMetrics.Limit limit) {
        metrics.throttled(limit, peer);
    }

    /** Ends the handshake phase once; true for the caller that ended it (the timer, the verifier, or the end). */
    private boolean finishHandshake() {
        if (!handshaking.compareAndSet(true, false)) {
            return false;
        }
        Cancellable timer = handshakeTimer;
        if (timer != null) {
            timer.cancel();
        }
        owner.handshakeFinished();
        return true;
    }

    private void end(Throwable failure) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        finishHandshake();
        Bytes32 admitted = peer;
        CloseReason reason = PeerConnections.classify(recorded.get(), trust, failure, admitted != null,
                CloseReason.TLS_FAILURE);
        if (admitted != null) {
            peers.release(admitted, this);
        }
        // a refused admission still names the (authenticated, so bounded) peer it refused
        Bytes32 label = admitted != null ? admitted : trust.authenticated().orElse(null);
        metrics.closed(PeerMetrics.Direction.IN, reason, label, admitted != null);
        killSwitch.abort(new PeerProtocolException(reason));
        owner.ended(this);
        if (reason.peerFault()) {
            log.info("peer connection from {} ({}) closed: {}", remote, PeerConnections.describe(label), reason);
        } else {
            log.debug("peer connection from {} ({}) closed: {}", remote, PeerConnections.describe(label), reason);
        }
    }
}
