package io.ballast.cluster.peer;

import io.ballast.core.crypto.Bytes32;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.io.Inet;
import org.apache.pekko.io.TcpSO;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * Accepts peer connections. Before any TLS work it bounds the handshakes in progress and the rate of new ones
 * (all peers and strangers together); everything after that is {@link InboundConnection}'s.
 */
final class InboundServer implements InboundConnection.Owner {
    private final ActorSystem<?> system;
    private final Materializer materializer;
    private final PeerSettings settings;
    private final PeerTls tls;
    private final Bytes32 chainId;
    private final InboundPeers peers;
    private final PeerMetrics metrics;
    private final Sink<PeerMessage, NotUsed> inbound;
    private final TokenBucket handshakes;
    private final AtomicInteger pendingHandshakes = new AtomicInteger();
    private final Set<InboundConnection> connections = ConcurrentHashMap.newKeySet();

    InboundServer(ActorSystem<?> system, PeerSettings settings, PeerTls tls, Bytes32 chainId, InboundPeers peers,
            PeerMetrics metrics, Sink<PeerMessage, NotUsed> inbound) {
        this.system = system;
        this.materializer = Materializer.matFromSystem(system);
        this.settings = settings;
        this.tls = tls;
        this.chainId = chainId;
        this.peers = peers;
        this.metrics = metrics;
        this.inbound = inbound;
        this.handshakes = new TokenBucket(settings.handshakesPerSecond(), TokenBucket.NANOS_PER_SECOND,
                settings.handshakeBurst(), System.nanoTime());
    }

    CompletionStage<Tcp.ServerBinding> bind() {
        List<Inet.SocketOption> options = new ArrayList<>(PeerConnections.socketOptions(settings));
        options.add(TcpSO.reuseAddress(true));
        return Tcp.get(system).bind(settings.bindHost(), settings.bindPort(), settings.maxPendingHandshakes(), options,
                        false, Optional.empty())
                .to(Sink.foreach(this::accept))
                .run(materializer);
    }

    private void accept(Tcp.IncomingConnection connection) {
        if (!handshakes.tryTake(1, System.nanoTime())) {
            refuse(connection, CloseReason.HANDSHAKE_RATE);
            return;
        }
        if (pendingHandshakes.incrementAndGet() > settings.maxPendingHandshakes()) {
            pendingHandshakes.decrementAndGet();
            refuse(connection, CloseReason.TOO_MANY_HANDSHAKES);
            return;
        }
        InboundConnection peerConnection = new InboundConnection(system, settings, tls, chainId, peers, metrics, this,
                connection.remoteAddress());
        connections.add(peerConnection);
        connection.handleWith(peerConnection.flow(inbound), materializer);
    }

    private void refuse(Tcp.IncomingConnection connection, CloseReason reason) {
        metrics.closed(PeerMetrics.Direction.IN, reason, null, false);
        connection.handleWith(Flow.fromSinkAndSource(Sink.<ByteString>cancelled(), Source.<ByteString>empty()),
                materializer);
    }

    @Override
    public void handshakeFinished() {
        pendingHandshakes.decrementAndGet();
    }

    @Override
    public void ended(InboundConnection connection) {
        connections.remove(connection);
    }

    /** Closes every connection, authenticated or not. */
    void closeAll(CloseReason reason) {
        connections.forEach(connection -> connection.close(reason));
    }
}
