package io.ballast.cluster.devnet;

import io.ballast.actors.validator.ConsensusSettings;
import io.ballast.cluster.GenesisFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.actors.chain.ChainFollower;
import io.ballast.actors.chain.ExecutedBlock;
import io.ballast.actors.chain.NodeClient;
import io.ballast.actors.chain.TxFinality;
import io.ballast.actors.node.NodeSignatures;
import io.ballast.actors.validator.ValidatorSetup;
import io.ballast.api.client.KeyFile;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.SignatureVerifier;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node's one chain follower, on a devnet (four validators in this JVM, embedded journal, no traders):
 * every block executed once and published in order, reads and receipts from it, each transaction's signature
 * verified once on the node, gap fills, and a follower restarted mid-stream that reaches the same roots.
 */
class ChainFollowerTest {
    private static Devnet devnet;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("ballast-follower-test");
        devnet = Devnet.start(Devnet.Options.defaults(dataDir, System.out).withTraders(0));
    }

    @AfterAll
    static void stop() throws Exception {
        devnet.close();
    }

    @Test
    void eachBlockIsExecutedOncePublishedInOrderAndEachSignatureVerifiedOnce() throws Exception {
        ActorSystem<Void> system = devnet.system();
        List<ExecutedBlock> seen = new CopyOnWriteArrayList<>();
        system.eventStream().tell(new EventStream.Subscribe<>(ExecutedBlock.class, system.systemActorOf(
                Behaviors.<ExecutedBlock>receiveMessage(block -> {
                    seen.add(block);
                    return Behaviors.same();
                }), "test-executed", Props.empty())));
        NodeClient client = devnet.client();
        KeyPair authority = KeyFile.read(dataDir.resolve(GenesisFiles.AUTHORITY_KEY_FILE));
        KeyPair account = Ed25519.keyPairFromLabel("follower-test/account");
        long nonce = client.nonce(authority.publicKey().toHex()).toCompletableFuture().get(5, TimeUnit.SECONDS) + 1;
        byte[] deposit = SignedTransaction.sign(devnet.genesis().chainId(), authority, nonce,
                new TxBody.Deposit(account.publicKey(), 2_500 * Units.USD_SCALE)).encode();

        TxFinality finality = client.submitAndAwaitFinality(deposit).toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertTrue(finality.isFinal() && finality.receipt().accepted(), String.valueOf(finality));
        long height = finality.receipt().height();
        BlockWatch.await("the block of the deposit published", Duration.ofSeconds(10),
                () -> seen.stream().anyMatch(b -> b.height() == height));
        ExecutedBlock block = seen.stream().filter(b -> b.height() == height).findFirst().orElseThrow();
        assertTrue(block.receipts().contains(finality.receipt()), "the published block carries the receipt");
        assertTrue(block.chain().indexPricesUsd().containsKey("BTC-PERP"));
        NodeClient.AccountInfo info = client.account(account.publicKey().toHex()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertTrue(info.exists());
        assertEquals(2_500 * Units.USD_SCALE, info.collateralUsd());

        BlockWatch.await("20 more blocks", Duration.ofSeconds(60), () -> seen.size() >= 20);
        List<Long> heights = seen.stream().map(ExecutedBlock::height).toList();
        for (int i = 1; i < heights.size(); i++) {
            assertEquals(heights.get(i - 1) + 1, heights.get(i), "published once each, in order: " + heights);
        }
        long committed = executed(client.follower(), 1, 10_000).stream().mapToLong(b -> b.receipts().size()).sum();
        NodeSignatures signatures = NodeSignatures.get(system);
        long verifications = 0;
        for (SignatureVerifier.Purpose purpose : SignatureVerifier.Purpose.values()) {
            verifications += signatures.verifications(purpose);
        }
        long pending = 64; // admitted (verified) but not in a block yet: at most a few oracle reports per validator
        assertTrue(verifications <= committed + pending, verifications + " verifications on the node for " + committed
                + " committed transactions (four validators and the follower see each one)");
        System.out.printf("follower test: %d transactions committed, %d signature verifications on the node (%s)%n",
                committed, verifications, signatures.verifications(SignatureVerifier.Purpose.EXECUTION) + " at execution");
    }

    @Test
    void gapsAreFilledAndAFollowerStartedMidStreamReachesTheSameRoots() throws Exception {
        ActorSystem<Void> system = devnet.system();
        NodeClient client = devnet.client();
        BlockWatch.await("height 15", Duration.ofSeconds(60), () -> !executed(client.follower(), 15, 1).isEmpty());
        List<ExecutedBlock> range = executed(client.follower(), 3, 10);
        assertEquals(10, range.size());
        for (int i = 0; i < range.size(); i++) {
            assertEquals(3 + i, range.get(i).height(), "consecutive from the asked height");
        }
        assertTrue(executed(client.follower(), 1_000_000, 5).isEmpty(), "nothing beyond the tip");

        ActorRef<ChainFollower.Command> second = system.systemActorOf(ChainFollower.create(devnet.genesis(),
                ConsensusSettings.defaults(), devnet.ids().all(), "validator-2", ChainFollower.Settings.defaults()),
                "second-follower", Props.empty());
        long tip = range.get(range.size() - 1).height() + 5;
        BlockWatch.await("the second follower at height " + tip, Duration.ofSeconds(60),
                () -> !executed(second, tip, 1).isEmpty());
        List<String> first = roots(executed(client.follower(), 1, (int) tip));
        List<String> again = roots(executed(second, 1, (int) tip));
        assertEquals(first, again, "the same state root at every height");
    }

    private static List<String> roots(List<ExecutedBlock> blocks) {
        List<String> roots = new ArrayList<>();
        for (ExecutedBlock block : blocks) {
            roots.add(block.height() + ":" + block.chain().stateRoot());
        }
        return roots;
    }

    private static List<ExecutedBlock> executed(ActorRef<ChainFollower.Command> follower, long from, int max) {
        try {
            return AskPattern.<ChainFollower.Command, ChainFollower.Executed>ask(follower,
                            replyTo -> new ChainFollower.GetExecuted(from, max, replyTo), Duration.ofSeconds(30),
                            devnet.system().scheduler()).toCompletableFuture().get(30, TimeUnit.SECONDS).blocks();
        } catch (Exception e) {
            throw new AssertionError("the follower did not answer", e);
        }
    }
}
