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
import org.apache.pekko.stream.javadsl.Sink;

/** Operators with real transports on 127.0.0.1 (ephemeral ports) for the peer transport tests. */
final class PeerTestNet implements AutoCloseable {
    static final Bytes32 CHAIN = Ed25519.keyPairFromLabel("peer-test-chain").publicKey();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One running transport, its metrics and everything it received. */
    record Node(String name, PeerCredentials credentials, PeerTransport transport, PeerMetrics metrics,
            ConcurrentLinkedQueue<PeerMessage> received) {
        Bytes32 key() {
            return credentials.validatorKey();
        }

        PeerAddress address() {
            return PeerAddress.of(transport.localAddress());
        }

        long receivedFrom(Bytes32 sender) {
            return received.stream().filter(message -> message.sender().equals(sender)).count();
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
        ConcurrentLinkedQueue<PeerMessage> received = new ConcurrentLinkedQueue<>();
        PeerMetrics metrics = PeerMetrics.standalone();
        PeerTransport transport = PeerTransport.start(system, nodeSettings, credentials, PeerSet.empty(), metrics,
                Sink.foreach(received::add)).toCompletableFuture().join();
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
