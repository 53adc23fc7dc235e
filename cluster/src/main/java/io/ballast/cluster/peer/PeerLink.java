package io.ballast.cluster.peer;

import io.ballast.core.crypto.Bytes32;
import java.time.Duration;
import java.util.SplittableRandom;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one connection to one peer: dials, and after every end redials with {@link Backoff} (reset once a
 * connection stayed up for backoff-reset-after), so a peer that refuses or drops us is retried at a bounded rate.
 * The {@link Outbox} belongs to the link and survives reconnects.
 */
final class PeerLink {
    private static final Logger log = LoggerFactory.getLogger(PeerLink.class);

    private final ActorSystem<?> system;
    private final PeerSettings settings;
    private final PeerTls tls;
    private final Bytes32 chainId;
    private final Bytes32 peer;
    private final PeerAddress address;
    private final PeerMetrics metrics;
    private final Outbox outbox;
    private final Backoff backoff;
    private final SplittableRandom jitter;
    private int attempt;
    private boolean stopped;
    private OutboundConnection current;
    private Cancellable redial;

    PeerLink(ActorSystem<?> system, PeerSettings settings, PeerTls tls, Bytes32 chainId, Bytes32 peer,
            PeerAddress address, PeerMetrics metrics, long jitterSeed) {
        this.system = system;
        this.settings = settings;
        this.tls = tls;
        this.chainId = chainId;
        this.peer = peer;
        this.address = address;
        this.metrics = metrics;
        this.outbox = new Outbox(settings.outboundQueueFrames(), settings.outboundQueueBytes());
        this.backoff = Backoff.of(settings);
        this.jitter = new SplittableRandom(jitterSeed);
    }

    PeerAddress address() {
        return address;
    }

    Outbox outbox() {
        return outbox;
    }

    synchronized void start() {
        dial();
    }

    /** Stops redialling and closes the connection; queued frames are dropped. */
    synchronized void stop(CloseReason reason) {
        stopped = true;
        if (redial != null) {
            redial.cancel();
        }
        if (current != null) {
            current.close(reason);
        }
        outbox.clear();
    }

    private void dial() {
        if (stopped) {
            return;
        }
        OutboundConnection connection = new OutboundConnection(system, settings, tls, chainId, peer, address, outbox,
                metrics);
        current = connection;
        connection.run().thenAccept(this::ended);
    }

    private synchronized void ended(OutboundConnection.Ended ended) {
        if (ended.openMillis() >= settings.backoffResetAfterMillis()) {
            attempt = 0;
        }
        if (stopped) {
            return;
        }
        long delayMillis = backoff.delayMillis(attempt, jitter.nextDouble());
        attempt = Math.min(attempt + 1, Long.SIZE - 1);
        log.debug("peer {} at {}: connection ended ({}), redial in {} ms", peer.shortHex(), address, ended.reason(),
                delayMillis);
        redial = system.scheduler().scheduleOnce(Duration.ofMillis(delayMillis), () -> {
            synchronized (PeerLink.this) {
                dial();
            }
        }, system.executionContext());
    }
}
