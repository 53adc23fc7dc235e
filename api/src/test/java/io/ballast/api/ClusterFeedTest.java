package io.ballast.api;

import io.ballast.actors.validator.ConsensusSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ballast.keys.KeyFile;
import io.ballast.actors.validator.BlockFeed;
import io.ballast.actors.validator.BlockFinalized;
import io.ballast.actors.validator.LinkShim;
import io.ballast.actors.validator.ValidatorEntity;
import io.ballast.actors.validator.ValidatorIds;
import io.ballast.actors.validator.ValidatorSetup;
import io.ballast.api.client.BallastClient;
import io.ballast.api.client.Transactions;
import io.ballast.api.model.TxReceiptView;
import io.ballast.cluster.BallastNode;
import io.ballast.cluster.GenesisFiles;
import io.ballast.actors.chain.ChainFollower;
import io.ballast.actors.chain.NodeClient;
import io.ballast.core.consensus.ConsensusConfig;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Genesis;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two actor systems in this JVM form a cluster on 127.0.0.1: "hosts" runs the four validator entities, "api" hosts
 * none (role client, its own empty journal) and serves the HTTP API. The API node must follow the chain through the
 * cluster-wide {@link BlockFeed} (no validator announces on its local event stream) and answer {@code ?wait=final}; and a chain
 * follower that gets no announcements at all must still advance by probing the validators.
 */
class ClusterFeedTest {
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
    void aNodeWithoutValidatorsFollowsTheChainAndAnswersWaitFinal(@TempDir Path dir) throws Exception {
        Path shared = dir.resolve("shared");
        Genesis genesis = GenesisFiles.write(shared, 4, 4, "feed-test", System.currentTimeMillis(),
                io.ballast.cluster.devnet.DevnetMarkets.markets());
        KeyPair authority = KeyFile.read(shared.resolve(GenesisFiles.AUTHORITY_KEY_FILE));
        ConsensusConfig consensus = ConsensusSettings.defaults(genesis);
        ValidatorIds ids = new ValidatorIds(genesis);
        int hostsPort = freePort();
        String seed = "pekko://ballast@127.0.0.1:" + hostsPort;
        ActorSystem<Void> hosts = start(dir.resolve("hosts"), hostsPort, seed, "validator-host");
        ActorSystem<Void> api = start(dir.resolve("api"), freePort(), seed, "client");
        await("both members Up", Duration.ofSeconds(60), () -> up(hosts) == 2 && up(api) == 2);

        ConcurrentLinkedQueue<BlockFinalized> local = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<BlockFinalized> feed = new ConcurrentLinkedQueue<>();
        api.eventStream().tell(new EventStream.Subscribe<>(BlockFinalized.class, collector(api, local, "local")));
        BlockFeed.get(api).subscribe(collector(api, feed, "feed"));

        for (ActorSystem<Void> system : List.of(hosts, api)) {
            BallastNode.initValidators(system, ValidatorSetup.of(genesis, consensus,
                    ValidatorSetup.KeySource.directory(shared), new LinkShim(3)), "validator-host");
        }
        NodeClient hostsClient = BallastNode.startFollower(hosts, genesis, consensus, ids.all());
        for (String id : ids.all()) {
            hostsClient.ref(id).tell(ValidatorEntity.Start.INSTANCE);
        }
        NodeClient apiClient = BallastNode.startFollower(api, genesis, consensus, ids.all());
        ApiServer server = ApiServer.start(api, genesis, consensus, ids.all(), apiClient,
                ApiSettings.load(api.settings().config()).withPort(0)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        BallastClient http = new BallastClient(URI.create(server.url()), Duration.ofSeconds(20));

        await("the API node's index at height 5", Duration.ofSeconds(90), () -> {
            try {
                return http.status().height() >= 5;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        Transactions txs = new Transactions(genesis.chainId());
        for (int k = 0; k < 3; k++) {
            KeyPair account = KeyFile.generate();
            TxReceiptView receipt = http.submitAndWait(txs.deposit(authority, http.nextNonce(authority.publicKey()),
                    account.publicKey(), "100"));
            assertTrue(receipt.accepted(), receipt.toString());
            assertTrue(http.account(account.publicKey(), false).exists(), "the deposit is visible on the API node");
        }
        assertTrue(!feed.isEmpty(), "blocks announced to the API node through the cluster-wide feed");
        BlockFinalized announced = feed.peek();
        String executedRoot = apiClient.<String>read(state -> state.height() >= announced.height() ? "later" : "earlier")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals("later", executedRoot, "the API node's follower executed the announced blocks itself");
        assertEquals(0, local.size(), "the API node hosts no validator: nothing on its own event stream");
    }

    @Test
    void aFollowerWithoutAnnouncementsAdvancesByProbing(@TempDir Path dir) throws Exception {
        Path shared = dir.resolve("shared");
        Genesis genesis = GenesisFiles.write(shared, 4, 4, "probe-test", System.currentTimeMillis(),
                io.ballast.cluster.devnet.DevnetMarkets.markets());
        ConsensusConfig consensus = ConsensusSettings.defaults(genesis);
        ValidatorIds ids = new ValidatorIds(genesis);
        int port = freePort();
        ActorSystem<Void> system = start(dir.resolve("node"), port, "pekko://ballast@127.0.0.1:" + port, "validator-host");
        await("Up", Duration.ofSeconds(60), () -> up(system) == 1);
        BallastNode.initValidators(system, ValidatorSetup.of(genesis, consensus,
                ValidatorSetup.KeySource.directory(shared), new LinkShim(5)), "validator-host");
        NodeClient client = BallastNode.startFollower(system, genesis, consensus, ids.all());
        for (String id : ids.all()) {
            client.ref(id).tell(ValidatorEntity.Start.INSTANCE);
        }
        ActorRef<ChainFollower.Command> deaf = system.systemActorOf(ChainFollower.create(genesis, consensus, ids.all(),
                ids.all().get(0), new ChainFollower.Settings(1_024, 1_000, 100, Duration.ofMillis(500),
                        Duration.ofSeconds(2), 1_000, null), false), "deaf-follower", Props.empty());
        await("validators past height 20", Duration.ofSeconds(90), () -> {
            try {
                return client.status(ids.all().get(0)).toCompletableFuture().get(5, TimeUnit.SECONDS).lastCommittedHeight() >= 20;
            } catch (Exception notYet) {
                return false;
            }
        });
        long tip = client.status(ids.all().get(0)).toCompletableFuture().get(5, TimeUnit.SECONDS).lastCommittedHeight();
        await("the unsubscribed follower at the validators' height " + tip, Duration.ofSeconds(60),
                () -> followerHeight(system, deaf) >= tip);
    }

    private static long followerHeight(ActorSystem<?> system, ActorRef<ChainFollower.Command> follower) {
        try {
            return AskPattern.<ChainFollower.Command, Long>ask(follower,
                    replyTo -> new ChainFollower.Read<>(state -> state.height(), replyTo), Duration.ofSeconds(5),
                    system.scheduler()).toCompletableFuture().get(6, TimeUnit.SECONDS);
        } catch (Exception e) {
            return -1;
        }
    }

    private static ActorRef<BlockFinalized> collector(ActorSystem<?> system, ConcurrentLinkedQueue<BlockFinalized> into,
                                                      String name) {
        return system.systemActorOf(Behaviors.<BlockFinalized>receiveMessage(block -> {
            if (into.size() < 10_000) {
                into.add(block);
            }
            return Behaviors.same();
        }), "collector-" + name, Props.empty());
    }

    private ActorSystem<Void> start(Path dataDir, int port, String seed, String role) {
        Config own = ConfigFactory.parseString(String.join("\n",
                "ballast.data-dir = \"" + dataDir + "\"",
                "pekko.loglevel = WARNING",
                "pekko.remote.artery.canonical.hostname = \"127.0.0.1\"",
                "pekko.remote.artery.canonical.port = " + port,
                "pekko.cluster.seed-nodes = [\"" + seed + "\"]",
                "pekko.cluster.roles = [\"failure-domain:" + role + "\", \"" + role + "\"]",
                "pekko.cluster.jmx.enabled = off"));
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "ballast", BallastNode.config(own, "devnet.conf"));
        systems.add(system);
        return system;
    }

    private static long up(ActorSystem<?> system) {
        long count = 0;
        for (org.apache.pekko.cluster.Member member : Cluster.get(system).state().getMembers()) {
            count += member.status() == MemberStatus.up() ? 1 : 0;
        }
        return count;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
