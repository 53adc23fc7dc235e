package io.ballast.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/tls.conf with certificates from bin/ballast-tls-certs: two nodes on 127.0.0.11/.12 form a cluster over
 * Artery TLS 1.3 with mutual authentication; a node whose certificate comes from another CA never joins.
 */
@Tag("cluster")
class MutualTlsTest {
    private static final String PASSWORD = "changeit";
    private final List<ActorSystem<Void>> systems = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (ActorSystem<Void> system : systems) {
            system.terminate();
        }
        for (ActorSystem<Void> system : systems) {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void twoNodesFormAClusterOverMutualTlsAndAStrangerIsRefused(@TempDir Path dir) throws Exception {
        Path pki = dir.resolve("pki");
        Path rogue = dir.resolve("rogue");
        certificates(pki, "127.0.0.11", "127.0.0.12");
        certificates(rogue, "127.0.0.13");
        int port1 = LocalCluster.freePort("127.0.0.11");
        int port2 = LocalCluster.freePort("127.0.0.12");
        int port3 = LocalCluster.freePort("127.0.0.13");
        String seed = "pekko://tls@127.0.0.11:" + port1;
        ActorSystem<Void> first = start("127.0.0.11", port1, seed, pki.resolve("node-127.0.0.11.p12"), pki.resolve("truststore.p12"));
        ActorSystem<Void> second = start("127.0.0.12", port2, seed, pki.resolve("node-127.0.0.12.p12"), pki.resolve("truststore.p12"));
        assertTrue(LocalCluster.await(Duration.ofSeconds(60), () -> up(first) == 2 && up(second) == 2),
                "both nodes Up over mTLS: " + Cluster.get(first).state().getMembers());
        assertEquals("tls-tcp", first.settings().config().getString("pekko.remote.artery.transport"));

        // signed by another CA (it even trusts ours): the seed refuses the handshake, it never becomes a member
        ActorSystem<Void> stranger = start("127.0.0.13", port3, seed, rogue.resolve("node-127.0.0.13.p12"),
                pki.resolve("truststore.p12"));
        assertFalse(LocalCluster.await(Duration.ofSeconds(12), () -> up(first) > 2 || up(stranger) > 0),
                "a node without a certificate from the cluster CA must not join");
    }

    private ActorSystem<Void> start(String host, int port, String seed, Path keyStore, Path trustStore) {
        Config own = ConfigFactory.parseString(String.join("\n",
                "pekko.actor.provider = cluster",
                "pekko.loglevel = WARNING",
                "pekko.remote.artery.canonical.hostname = \"" + host + "\"",
                "pekko.remote.artery.canonical.port = " + port,
                "pekko.remote.artery.advanced.tcp.outbound-client-hostname = \"" + host + "\"",
                "pekko.cluster.seed-nodes = [\"" + seed + "\"]",
                "pekko.cluster.jmx.enabled = off",
                "ballast.tls.key-store = \"" + keyStore + "\"",
                "ballast.tls.trust-store = \"" + trustStore + "\"",
                "ballast.tls.password = \"" + PASSWORD + "\""));
        Config config = own.withFallback(ConfigFactory.parseFile(Path.of("..", "conf", "tls.conf").toFile()))
                .withFallback(ConfigFactory.defaultReference()).resolve();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "tls", config);
        systems.add(system);
        return system;
    }

    private static long up(ActorSystem<?> system) {
        return StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
                .filter(member -> member.status() == MemberStatus.up()).count();
    }

    private static void certificates(Path dir, String... addresses) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of("..", "bin", "ballast-tls-certs").toString(), dir.toString()));
        command.addAll(List.of(addresses));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "ballast-tls-certs finished");
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.exitValue(), output);
    }
}
