package io.ballast.cluster.peer;

import io.ballast.core.crypto.Bytes32;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Prometheus counters of one node's peer transport, in the style of the api module's ApiMetrics (which cannot
 * be depended on from here). The {@code peer} label is a validator key's first 8 hex characters, or
 * {@code unauthenticated} before a handshake succeeded: bounded by the validator set.
 */
public final class PeerMetrics {
    /** Which way a frame or connection goes, seen from this node. */
    public enum Direction {
        IN,
        OUT;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Which inbound rate limit held a frame back. */
    public enum Limit {
        FRAMES,
        BYTES;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String UNAUTHENTICATED = "unauthenticated";

    private final PrometheusRegistry registry;
    private final Counter frames;
    private final Counter bytes;
    private final Counter rejections;
    private final Counter closes;
    private final Counter opened;
    private final Counter throttled;
    private final Counter drops;
    private final Counter misattributed;
    private final Gauge connections;

    public PeerMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        frames = Counter.builder().name("ballast_peer_frames_total")
                .help("peer frames (data and heartbeats) sent or received").labelNames("direction").register(registry);
        bytes = Counter.builder().name("ballast_peer_frame_bytes_total")
                .help("peer frame bytes on the wire (headers included, TLS excluded)").labelNames("direction")
                .register(registry);
        rejections = Counter.builder().name("ballast_peer_rejections_total")
                .help("peer connections refused or closed for the peer's misbehaviour, by reason")
                .labelNames("reason", "peer").register(registry);
        closes = Counter.builder().name("ballast_peer_closes_total")
                .help("peer connections ended, by direction and reason").labelNames("direction", "reason")
                .register(registry);
        opened = Counter.builder().name("ballast_peer_connections_opened_total")
                .help("peer connections that passed the handshake and admission").labelNames("direction")
                .register(registry);
        throttled = Counter.builder().name("ballast_peer_throttled_total")
                .help("inbound frames held back by a per-peer rate limit").labelNames("limit", "peer")
                .register(registry);
        drops = Counter.builder().name("ballast_peer_send_drops_total")
                .help("outbound payloads not queued, by reason").labelNames("reason", "peer").register(registry);
        misattributed = Counter.builder().name("ballast_peer_misattributed_total")
                .help("inbound consensus payloads naming a sender other than the authenticated peer (dropped)")
                .labelNames("peer").register(registry);
        connections = Gauge.builder().name("ballast_peer_connections")
                .help("open authenticated peer connections").labelNames("direction").register(registry);
    }

    /** Registers the outbound queue gauges of one transport (a second transport on these metrics is refused). */
    void watchQueues(Supplier<Map<Bytes32, Outbox>> outboxes) {
        GaugeWithCallback.builder().name("ballast_peer_outbound_queue_frames")
                .help("frames waiting in a peer's outbound queue").labelNames("peer")
                .callback(callback -> outboxes.get().forEach((peer, outbox) ->
                        callback.call(outbox.frames(), peerLabel(peer))))
                .register(registry);
        GaugeWithCallback.builder().name("ballast_peer_outbound_queue_bytes")
                .help("bytes waiting in a peer's outbound queue").labelNames("peer")
                .callback(callback -> outboxes.get().forEach((peer, outbox) ->
                        callback.call(outbox.bytes(), peerLabel(peer))))
                .register(registry);
    }

    /** Metrics in a registry of their own (tests, or a node that scrapes them separately). */
    public static PeerMetrics standalone() {
        return new PeerMetrics(new PrometheusRegistry());
    }

    static String peerLabel(Bytes32 peer) {
        return peer == null ? UNAUTHENTICATED : peer.shortHex();
    }

    void frame(Direction direction, long wireBytes) {
        frames.labelValues(direction.label()).inc();
        bytes.labelValues(direction.label()).inc(wireBytes);
    }

    void opened(Direction direction) {
        opened.labelValues(direction.label()).inc();
        connections.labelValues(direction.label()).inc();
    }

    /** A connection ended; {@code wasOpen} if it had been counted by {@link #opened}. */
    void closed(Direction direction, CloseReason reason, Bytes32 peer, boolean wasOpen) {
        if (wasOpen) {
            connections.labelValues(direction.label()).dec();
        }
        closes.labelValues(direction.label(), reason.label()).inc();
        if (reason.peerFault()) {
            rejections.labelValues(reason.label(), peerLabel(peer)).inc();
        }
    }

    void throttled(Limit limit, Bytes32 peer) {
        throttled.labelValues(limit.label(), peerLabel(peer)).inc();
    }

    void countMisattributed(Bytes32 peer) {
        misattributed.labelValues(peerLabel(peer)).inc();
    }

    void dropped(SendResult reason, Bytes32 peer) {
        drops.labelValues(reason.label(), peerLabel(peer)).inc();
    }

    public long frames(Direction direction) {
        return (long) frames.labelValues(direction.label()).get();
    }

    public long rejections(CloseReason reason, Bytes32 peer) {
        return (long) rejections.labelValues(reason.label(), peerLabel(peer)).get();
    }

    /** Rejections for {@code reason} over every peer label. */
    public long rejections(CloseReason reason) {
        return (long) rejections.collect().getDataPoints().stream()
                .filter(point -> point.getLabels().get("reason").equals(reason.label()))
                .mapToDouble(point -> point.getValue()).sum();
    }

    /** Rejections attributed to {@code peer} (null: unauthenticated connections), over every reason. */
    public long rejectionsOf(Bytes32 peer) {
        String label = peerLabel(peer);
        return (long) rejections.collect().getDataPoints().stream()
                .filter(point -> point.getLabels().get("peer").equals(label))
                .mapToDouble(point -> point.getValue()).sum();
    }

    public long closes(Direction direction, CloseReason reason) {
        return (long) closes.labelValues(direction.label(), reason.label()).get();
    }

    public long openedTotal(Direction direction) {
        return (long) opened.labelValues(direction.label()).get();
    }

    public long openConnections(Direction direction) {
        return (long) connections.labelValues(direction.label()).get();
    }

    public long throttled(Bytes32 peer) {
        long sum = 0;
        for (Limit limit : Limit.values()) {
            sum += (long) throttled.labelValues(limit.label(), peerLabel(peer)).get();
        }
        return sum;
    }

    public long misattributed(Bytes32 peer) {
        return (long) misattributed.labelValues(peerLabel(peer)).get();
    }

    public long drops(SendResult reason, Bytes32 peer) {
        return (long) drops.labelValues(reason.label(), peerLabel(peer)).get();
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            new PrometheusTextFormatWriter(false).write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
