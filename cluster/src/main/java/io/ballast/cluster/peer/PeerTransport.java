package io.ballast.cluster.peer;

import io.ballast.core.crypto.Bytes32;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.MergeHub;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Tcp;

/**
 * The hardened link between validator operators. The local validator's identity is its {@link PeerCredentials};
 * its peers are a {@link PeerSet} (validator key to address), replaced whole by {@link #updatePeers} when the
 * validator set changes. {@link #send} queues an opaque payload for one peer (bounded, drops counted);
 * every authenticated peer's payloads arrive, with its validator key, at the inbound sink given to
 * {@link #start} (backpressured: a slow consumer slows the peers' TCP windows, never grows memory).
 *
 * <p>Each node dials every peer and sends only on the connection it dialled; it receives only on connections
 * it accepted, where it writes nothing but one ADMITTED frame once the dialler passed admission (the dialler
 * sends nothing before it). So each direction has one owner, and a peer can neither make us write nor keep us
 * reading.
 */
public final class PeerTransport {
    private final ActorSystem<?> system;
    private final PeerSettings settings;
    private final PeerCredentials credentials;
    private final PeerMetrics metrics;
    private final PeerTls tls;
    private final InboundPeers inboundPeers;
    private final InboundServer server;
    private final MergeHub.DrainingControl inboundHub;
    private final Map<Bytes32, PeerLink> links = new ConcurrentHashMap<>();
    private final SplittableRandom jitterSeeds = new SplittableRandom();
    private Tcp.ServerBinding binding;
    private boolean stopped;

    private PeerTransport(ActorSystem<?> system, PeerSettings settings, PeerCredentials credentials,
            PeerMetrics metrics, Sink<PeerMessage, ?> inbound) {
        this.system = system;
        this.settings = settings;
        this.credentials = credentials;
        this.metrics = metrics;
        this.tls = new PeerTls(credentials, settings.cipherSuites());
        this.inboundPeers = new InboundPeers(settings, System::nanoTime);
        Pair<Sink<PeerMessage, NotUsed>, MergeHub.DrainingControl> hub =
                MergeHub.withDraining(PeerMessage.class, settings.inboundBufferFrames())
                        .to(inbound)
                        .run(Materializer.matFromSystem(system));
        this.inboundHub = hub.second();
        this.server = new InboundServer(system, settings, tls, credentials.chainId(), inboundPeers, metrics,
                hub.first());
        metrics.watchQueues(this::outboxes);
    }

    /**
     * Binds {@code settings.bindHost():bindPort()} (port 0: an ephemeral port, see {@link #localAddress}) and
     * starts dialling {@code peers}. Use one {@link PeerMetrics} per transport.
     */
    public static CompletionStage<PeerTransport> start(ActorSystem<?> system, PeerSettings settings,
            PeerCredentials credentials, PeerSet peers, PeerMetrics metrics, Sink<PeerMessage, ?> inbound) {
        PeerTransport transport = new PeerTransport(system, settings, credentials, metrics, inbound);
        return transport.server.bind().thenApply(bound -> {
            synchronized (transport) {
                transport.binding = bound;
            }
            transport.updatePeers(peers);
            return transport;
        });
    }

    public Bytes32 localKey() {
        return credentials.validatorKey();
    }

    public synchronized InetSocketAddress localAddress() {
        return binding.localAddress();
    }

    /**
     * Replaces the peer set: new peers are dialled and accepted, removed ones are closed and refused from now on,
     * a peer whose address changed is redialled there. The local key is ignored.
     */
    public synchronized void updatePeers(PeerSet peers) {
        if (stopped) {
            throw new IllegalStateException("the peer transport is stopped");
        }
        Map<Bytes32, PeerAddress> wanted = peers.without(localKey()).addresses();
        inboundPeers.retain(wanted.keySet());
        links.entrySet().removeIf(entry -> {
            PeerAddress address = wanted.get(entry.getKey());
            if (address != null && address.equals(entry.getValue().address())) {
                return false;
            }
            entry.getValue().stop(CloseReason.PEER_REMOVED);
            return true;
        });
        wanted.forEach((peer, address) -> links.computeIfAbsent(peer, key -> {
            PeerLink link = new PeerLink(system, settings, tls, credentials.chainId(), key, address, metrics,
                    jitterSeeds.nextLong());
            link.start();
            return link;
        }));
    }

    /** Queues {@code payload} for {@code peer}; anything but QUEUED is a drop, counted by reason. */
    public SendResult send(Bytes32 peer, byte[] payload) {
        SendResult result = enqueue(peer, payload);
        if (result != SendResult.QUEUED) {
            metrics.dropped(result, links.containsKey(peer) ? peer : null);
        }
        return result;
    }

    private SendResult enqueue(Bytes32 peer, byte[] payload) {
        if (payload.length > settings.maxFramePayloadBytes()) {
            return SendResult.TOO_LARGE;
        }
        PeerLink link = links.get(peer);
        if (link == null) {
            synchronized (this) {
                return stopped ? SendResult.STOPPED : SendResult.UNKNOWN_PEER;
            }
        }
        return link.outbox().offer(FrameCodec.data(payload)) ? SendResult.QUEUED : SendResult.QUEUE_FULL;
    }

    /** Frames and bytes waiting for {@code peer} (empty if it is not a peer). */
    public Optional<long[]> queued(Bytes32 peer) {
        PeerLink link = links.get(peer);
        return link == null ? Optional.empty() : Optional.of(new long[] {link.outbox().frames(), link.outbox().bytes()});
    }

    /** Unbinds, closes every connection (SHUTDOWN) and completes the inbound sink once in-flight payloads drained. */
    public synchronized CompletionStage<Done> stop() {
        stopped = true;
        links.values().forEach(link -> link.stop(CloseReason.SHUTDOWN));
        links.clear();
        inboundPeers.retain(java.util.Set.of());
        server.closeAll(CloseReason.SHUTDOWN);
        inboundHub.drainAndComplete();
        return binding.unbind().thenApply(unbound -> Done.getInstance());
    }

    private Map<Bytes32, Outbox> outboxes() {
        Map<Bytes32, Outbox> outboxes = new HashMap<>();
        links.forEach((peer, link) -> outboxes.put(peer, link.outbox()));
        return outboxes;
    }
}
