package io.ballast.cluster.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ballast.actors.validator.BlockFinalized;
import io.ballast.actors.validator.LinkShim;
import io.ballast.actors.validator.TxAdmission;
import io.ballast.actors.validator.ValidatorEntity;
import io.ballast.actors.validator.ValidatorIds;
import io.ballast.actors.validator.ValidatorSetup;
import io.ballast.core.consensus.ConsensusConfig;
import io.ballast.core.consensus.Message;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.oracle.OracleRuleParams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two operators' validator entities (a two-validator chain: a block needs both votes) whose consensus messages
 * travel only over their peer transports: TLS 1.3 sockets on 127.0.0.1, certificates bound to the validator keys.
 */
class ValidatorPeerTransportTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final KeyPair AUTHORITY = Ed25519.keyPairFromLabel("peer-validators/authority");
    private static final KeyPair ORACLE = Ed25519.keyPairFromLabel("peer-validators/oracle-0");
    private static final String CHAIN_NAME = "peer-validators";

    @Test
    void twoOperatorsValidatorsCommitBlocksOverTheirPeerTransports(@TempDir Path dir) throws Exception {
        ActorTestKit kit = ActorTestKit.create("peer-validators", config(dir));
        List<ValidatorPeerTransport> transports = new ArrayList<>();
        try {
            Genesis genesis = genesis(2);
            ValidatorSetup setup = new ValidatorSetup(genesis, consensus(), id -> validatorKey(index(id)),
                    LinkShim.passThrough(), System::currentTimeMillis, 1_100, 1_000, 100, Duration.ofMillis(50),
                    Duration.ofSeconds(1));
            Bytes32 chainId = ValidatorIds.consensusGenesis(genesis).chainId();
            PeerSettings settings = PeerTestNet.settings(
                    "handshake-timeout = 30s\nreconnect { min-backoff = 50ms, max-backoff = 500ms }");
            List<ActorRef<ValidatorEntity.Command>> entities = new ArrayList<>();
            List<PeerMetrics> metrics = new ArrayList<>();
            Map<Bytes32, PeerAddress> addresses = new LinkedHashMap<>();
            for (int i = 0; i < 2; i++) {
                String id = ValidatorIds.id(i);
                AtomicReference<ValidatorPeerTransport> link = new AtomicReference<>();
                ActorRef<ValidatorEntity.Command> entity = kit.spawn(ValidatorEntity.create(id, setup,
                        (from, to, bytes) -> link.get().send(from, to, bytes)), id);
                PeerMetrics peerMetrics = PeerMetrics.standalone();
                link.set(ValidatorPeerTransport.start(kit.system(), settings,
                                PeerTestNet.credentials(validatorKey(i), chainId), PeerSet.empty(), peerMetrics, id,
                                entity)
                        .toCompletableFuture().get(30, TimeUnit.SECONDS));
                transports.add(link.get());
                entities.add(entity);
                metrics.add(peerMetrics);
                addresses.put(validatorKey(i).publicKey(), PeerAddress.of(link.get().transport().localAddress()));
            }
            PeerSet set = new PeerSet(addresses);
            transports.forEach(transport -> transport.transport().updatePeers(set));
            PeerTestNet.await("both links authenticated", WAIT, () -> metrics.stream().allMatch(m ->
                    m.openConnections(PeerMetrics.Direction.OUT) == 1 && m.openConnections(PeerMetrics.Direction.IN) == 1));

            TestProbe<BlockFinalized> blocks = kit.createTestProbe();
            kit.system().eventStream().tell(new EventStream.Subscribe<>(BlockFinalized.class, blocks.ref()));
            for (int height = 1; height <= 2; height++) {
                // height 1 submitted to validator-0, height 2 to validator-1: whichever leads, the other's
                // transaction reaches it as gossip over the peer transport
                ActorRef<ValidatorEntity.Command> entry = entities.get(height - 1);
                byte[] deposit = deposit(height, Ed25519.keyPairFromLabel("peer-validators/trader-" + height), 1_000);
                TxAdmission admission = AskPattern.<ValidatorEntity.Command, TxAdmission>ask(entry,
                                reply -> new ValidatorEntity.SubmitTransaction(deposit, reply), WAIT, kit.scheduler())
                        .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals(TxAdmission.Outcome.ACCEPTED, admission.outcome(), "height " + height);
                Map<String, String> roots = new HashMap<>();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (roots.size() < 2 && System.nanoTime() < deadline) {
                    BlockFinalized block = blocks.receiveMessage(WAIT);
                    assertEquals(height, block.height(), "blocks commit in order, one per transaction");
                    roots.put(block.validatorId(), block.stateRoot());
                }
                assertEquals(2, roots.size(), "both validators committed height " + height + ": " + roots);
                assertEquals(roots.get(ValidatorIds.id(0)), roots.get(ValidatorIds.id(1)), "one state root");
            }
            for (int i = 0; i < 2; i++) {
                Bytes32 other = validatorKey(1 - i).publicKey();
                assertTrue(metrics.get(i).frames(PeerMetrics.Direction.IN) > 0, "validator-" + i + " received frames");
                assertEquals(0, metrics.get(i).misattributed(other));
                assertEquals(0, metrics.get(i).rejectionsOf(other), "no refusals between honest operators");
            }
        } finally {
            for (ValidatorPeerTransport transport : transports) {
                transport.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            ActorTestKit.shutdown(kit.system(), Duration.ofSeconds(30));
        }
    }

    @Test
    void gossipInAnotherValidatorsNameIsDroppedAndCounted() throws Exception {
        ActorTestKit kit = ActorTestKit.create("peer-gossip-names");
        try {
            Bytes32 peer = validatorKey(0).publicKey();
            Bytes32 someoneElse = validatorKey(1).publicKey();
            PeerMetrics metrics = PeerMetrics.standalone();
            TestProbe<ValidatorEntity.Command> validator = kit.createTestProbe();
            byte[] forged = gossipHeader(someoneElse);
            byte[] honest = gossipHeader(peer);
            byte[] truncated = new byte[] {Message.KIND_TX_GOSSIP, 1, 2};
            byte[] vote = new byte[] {Message.KIND_VOTE, 9, 9, 9}; // signed messages are judged by consensus
            Source.from(List.of(forged, honest, truncated, vote))
                    .map(bytes -> new PeerMessage(peer, ByteString.fromArray(bytes)))
                    .runWith(ValidatorPeerTransport.inbound(validator.ref(), metrics), kit.system())
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertArrayEquals(honest, validator.expectMessageClass(ValidatorEntity.Deliver.class).bytes());
            assertArrayEquals(vote, validator.expectMessageClass(ValidatorEntity.Deliver.class).bytes());
            validator.expectNoMessage(Duration.ofMillis(200));
            assertEquals(2, metrics.misattributed(peer));
            assertFalse(ValidatorPeerTransport.claimsAnotherSender(new byte[0], peer), "empty: consensus drops it");
        } finally {
            ActorTestKit.shutdown(kit.system(), Duration.ofSeconds(30));
        }
    }

    private static byte[] gossipHeader(Bytes32 sender) {
        byte[] bytes = new byte[1 + Bytes32.LENGTH + 4];
        bytes[0] = Message.KIND_TX_GOSSIP;
        sender.copyTo(bytes, 1);
        return bytes;
    }

    private static Config config(Path dir) {
        return ConfigFactory.parseString("""
                pekko.loglevel = WARNING
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.persistence.journal.plugin = "pekko.persistence.journal.inmem"
                pekko.persistence.snapshot-store.plugin = "pekko.persistence.snapshot-store.local"
                """).withFallback(ConfigFactory.parseMap(Map.of(
                        "pekko.persistence.snapshot-store.local.dir", dir.resolve("snapshots").toString())))
                .withFallback(ConfigFactory.load());
    }

    private static int index(String validatorId) {
        return Integer.parseInt(validatorId.substring(ValidatorIds.PREFIX.length()));
    }

    private static KeyPair validatorKey(int index) {
        return Ed25519.keyPairFromLabel("peer-validators/validator-" + index);
    }

    private static Genesis genesis(int validators) {
        List<Bytes32> keys = new ArrayList<>();
        for (int i = 0; i < validators; i++) {
            keys.add(validatorKey(i).publicKey());
        }
        MarketParams market = MarketParams.builder("BTC-PERP")
                .margins(100_000, 50_000)
                .maxOpenInterestE8(500 * Units.SIZE_SCALE)
                .oracle(new OracleRuleParams(1, 10_000, 5_000_000))
                .initialIndexPriceUsd(60_000 * Units.USD_SCALE)
                .build();
        return io.ballast.core.app.LedgerApplication.withChainParams(Genesis.devnet(CHAIN_NAME, 1_767_225_600_000L, keys,
                List.of(ORACLE.publicKey()), AUTHORITY.publicKey(), List.of(market)), consensus());
    }

    /** Blocks only for transactions (no empty blocks), rounds of 10 s, no snapshots during the test. */
    private static ConsensusConfig consensus() {
        return new ConsensusConfig(10_000, 30_000, 150, 600_000, 100, 1 << 20, 16 * 1024, 16,
                new int[] {100, 100, 100}, 100_000, 4, 20, 1_000, 5_000, 20, 10, 100, 8 << 20, 256 << 20, 64, 0);
    }

    private static byte[] deposit(long authorityNonce, KeyPair account, long amountUsd) {
        return SignedTransaction.sign(CHAIN_NAME, AUTHORITY, authorityNonce,
                new TxBody.Deposit(account.publicKey(), amountUsd * Units.USD_SCALE)).encode();
    }
}
