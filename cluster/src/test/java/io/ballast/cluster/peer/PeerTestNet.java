package io.ballast.cluster.peer;

import com.typesafe.config.ConfigFactory;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;

/** Operators with real transports on 127.0.0.1 (ephemeral ports) for the peer transport tests. */
final class PeerTestNet implements AutoCloseable {
    static final Bytes32 CHAIN = Ed25519.keyPairFromLabel("peer-test-chain").publicKey();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A payload as the node's inbound consumer saw it, and when. */
    record Arrival(PeerMessage message, long atNanos) {}

    /** One running transport, its metrics and everything it received. */
    record Node(String name, PeerCredentials credentials, PeerTransport transport, PeerMetrics metrics,
            ConcurrentLinkedQueue<Arrival> received) {
        Bytes32 key() {
            return credentials.validatorKey();
        }

        PeerAddress address() {
            return PeerAddress.of(transport.localAddress());
        }

        List<PeerMessage> messagesFrom(Bytes32 sender) {
            return received.stream().map(Arrival::message).filter(message -> message.sender().equals(sender))
                    .toList();
        }

        long receivedFrom(Bytes32 sender) {
            return received.stream().filter(arrival -> arrival.message().sender().equals(sender)).count();
        }
    }

    final ActorSystem<Void> system;
    final PeerSettings settings;
    final List<Node> nodes = new ArrayList<>();

    PeerTestNet(String name, String settingsOverrides) {
        system = ActorSystem.create(Behaviors.empty(), name, ConfigFactory.parseString(
                "pekko.loglevel = WARNING\npekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]")
                .withFallback(ConfigFactory.load()));
        settings = settings(settingsOverrides);
    }

    static PeerSettings settings(String overrides) {
        return PeerSettings.load(ConfigFactory.parseString("ballast.peer { bind-port = 0\n" + overrides + "\n}"));
    }

    static KeyPair validator(String label) {
        return Ed25519.keyPairFromLabel("peer-test-validator-" + label);
    }

    static PeerCredentials credentials(String label) {
        return credentials(validator(label), CHAIN);
    }

    static PeerCredentials credentials(KeyPair validator, Bytes32 chain) {
        return PeerCertificates.create(validator, chain, Instant.now(), Duration.ofDays(1), RANDOM);
    }

    Node start(String label) {
        return start(label, credentials(label), settings);
    }

    Node start(String label, PeerCredentials credentials, PeerSettings nodeSettings) {
        return start(label, credentials, nodeSettings, Flow.of(PeerMessage.class));
    }

    /** A node whose inbound consumer is {@code consumer} (e.g. a slow one) before the arrivals are recorded. */
    Node start(String label, PeerCredentials credentials, PeerSettings nodeSettings,
            Flow<PeerMessage, PeerMessage, NotUsed> consumer) {
        ConcurrentLinkedQueue<Arrival> received = new ConcurrentLinkedQueue<>();
        PeerMetrics metrics = PeerMetrics.standalone();
        PeerTransport transport = PeerTransport.start(system, nodeSettings, credentials, PeerSet.empty(), metrics,
                consumer.to(Sink.foreach(message -> received.add(new Arrival(message, System.nanoTime())))))
                .toCompletableFuture().join();
        Node node = new Node(label, credentials, transport, metrics, received);
        nodes.add(node);
        return node;
    }

    /** Gives every running node the same set: all nodes plus {@code extra}. */
    PeerSet connectAll(Map<Bytes32, PeerAddress> extra) {
        Map<Bytes32, PeerAddress> addresses = new LinkedHashMap<>(extra);
        nodes.forEach(node -> addresses.put(node.key(), node.address()));
        PeerSet set = new PeerSet(addresses);
        nodes.forEach(node -> node.transport().updatePeers(set));
        return set;
    }

    void stop(Node node) {
        node.transport().stop().toCompletableFuture().join();
        nodes.remove(node);
    }

    @Override
    public void close() {
        for (Node node : List.copyOf(nodes)) {
            node.transport().stop().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().orTimeout(20, TimeUnit.SECONDS).join();
    }

    /**
     * Sends {@code count} probes around the ring of {@code honest} nodes (each to the next, 10 ms apart), waits
     * until every one arrived (at most {@code timeout}) and answers the median send-to-consumer latency in ms.
     */
    static double probe(String run, List<Node> honest, int count, Duration timeout) {
        String prefix = "probe:" + run + ":";
        for (int i = 0; i < count; i++) {
            Node from = honest.get(i % honest.size());
            Node to = honest.get((i + 1) % honest.size());
            SendResult sent = from.transport().send(to.key(),
                    (prefix + i + ":" + System.nanoTime()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (sent != SendResult.QUEUED) {
                throw new AssertionError("probe " + i + " not queued: " + sent);
            }
            sleep(10);
        }
        List<Arrival> arrivals = new ArrayList<>();
        try {
            await(count + " probes of run " + run + " delivered", timeout, () -> {
                arrivals.clear();
                honest.forEach(node -> node.received().stream()
                        .filter(arrival -> arrival.message().payload().utf8String().startsWith(prefix))
                        .forEach(arrivals::add));
                return arrivals.size() == count;
            });
        } catch (AssertionError timedOut) {
            StringBuilder metrics = new StringBuilder();
            honest.forEach(node -> metrics.append(node.name()).append(' ').append(node.key().shortHex()).append('\n')
                    .append(new String(node.metrics().scrape(), java.nio.charset.StandardCharsets.UTF_8)
                            .lines().filter(line -> line.startsWith("ballast_peer")).collect(
                                    java.util.stream.Collectors.joining("\n"))).append('\n'));
            throw new AssertionError(timedOut.getMessage() + " (" + arrivals.size() + " arrived)\n" + metrics, timedOut);
        }
        double[] millis = arrivals.stream().mapToDouble(arrival -> {
            String[] parts = arrival.message().payload().utf8String().split(":");
            return (arrival.atNanos() - Long.parseLong(parts[3])) / 1e6;
        }).sorted().toArray();
        return millis[millis.length / 2];
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Polls {@code condition} every 20 ms until it holds; fails with {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
