package io.ballast.cluster.devnet;

import io.ballast.actors.validator.ConsensusSettings;
import io.ballast.cluster.GenesisFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.actors.chain.ChainFollower;
import io.ballast.actors.chain.ExecutedBlock;
import io.ballast.actors.chain.FollowerSnapshots;
import io.ballast.actors.validator.BlockFinalized;
import io.ballast.actors.validator.BlockLog;
import io.ballast.core.app.LedgerApplication;
import io.ballast.core.consensus.Block;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.actors.chain.NodeClient;
import io.ballast.actors.chain.TxFinality;
import io.ballast.actors.node.NodeSignatures;
import io.ballast.actors.validator.ValidatorSetup;
import io.ballast.keys.KeyFile;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The node's one chain follower, on a devnet (four validators in this JVM, embedded journal, no traders):
 * every block executed once and published in order, reads and receipts from it, each transaction's signature
 * verified once on the node, gap fills, a follower started mid-stream that reaches the same roots, restart
 * points (a follower resumes from one; one that is not the chain's is discarded).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the first test counts publications before other followers start
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
    @Order(1)
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
        TxFinality finality = null;
        for (int attempt = 0; attempt < 5; attempt++) { // the devnet funds its keepers with the same key at start
            long nonce = client.nonce(authority.publicKey().toHex()).toCompletableFuture().get(5, TimeUnit.SECONDS) + 1;
            byte[] deposit = SignedTransaction.sign(devnet.genesis().chainId(), authority, nonce,
                    new TxBody.Deposit(account.publicKey(), 2_500 * Units.USD_SCALE)).encode();
            finality = client.submitAndAwaitFinality(deposit).toCompletableFuture().get(20, TimeUnit.SECONDS);
            if (finality.receipt() == null || finality.receipt().accepted()
                    || !"BAD_NONCE".equals(finality.receipt().code())) {
                break;
            }
        }

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
    @Order(2)
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
                ConsensusSettings.defaults(devnet.genesis()), devnet.ids().all(), "validator-2", ChainFollower.Settings.defaults()),
                "second-follower", Props.empty());
        long tip = range.get(range.size() - 1).height() + 5;
        BlockWatch.await("the second follower at height " + tip, Duration.ofSeconds(60),
                () -> !executed(second, tip, 1).isEmpty());
        List<String> first = roots(executed(client.follower(), 1, (int) tip));
        List<String> again = roots(executed(second, 1, (int) tip));
        assertEquals(first, again, "the same state root at every height");
    }

    @Test
    @Order(3)
    void aRestartedFollowerResumesFromItsRestartPointAndReachesTheSameRoots() throws Exception {
        ActorSystem<Void> system = devnet.system();
        Path dir = dataDir.resolve("restart-points");
        ActorRef<ChainFollower.Command> writer = system.systemActorOf(ChainFollower.create(devnet.genesis(),
                ConsensusSettings.defaults(devnet.genesis()), devnet.ids().all(), "validator-3", settings(dir)), "snapshotting-follower",
                Props.empty());
        BlockWatch.await("a restart point at height 10 or above", Duration.ofSeconds(90), () -> newestRestartPoint(dir) >= 10);
        Path copy = dataDir.resolve("restart-points-copy");
        copyDir(dir, copy);
        long restartAt = newestRestartPoint(copy);
        assertTrue(restartAt % 5 == 0 && restartAt >= 10, "restart points every 5 heights: " + restartAt);

        ActorRef<ChainFollower.Command> resumed = system.systemActorOf(ChainFollower.create(devnet.genesis(),
                ConsensusSettings.defaults(devnet.genesis()), devnet.ids().all(), "validator-3", settings(copy)), "resumed-follower",
                Props.empty());

        ChainFollower.Status atStart = status(resumed);
        assertEquals(restartAt, atStart.resumedFromHeight(), "began at the newest restart point");
        long tip = status(devnet.client().follower()).height() + 3;
        BlockWatch.await("the resumed follower at height " + tip, Duration.ofSeconds(60), () -> status(resumed).height() >= tip);
        ChainFollower.Status later = status(resumed);
        assertEquals(later.height() - restartAt, later.executedBlocks(), "executed only the blocks above the restart point");
        int count = (int) (tip - restartAt);
        assertEquals(roots(executed(devnet.client().follower(), restartAt + 1, count)),
                roots(executed(resumed, restartAt + 1, count)), "the same state root at every height after the restart point");
    }

    @Test
    @Order(4)
    void aRestartPointThatIsNotTheChainsIsDiscardedAndTheFollowerStartsFromGenesis() throws Exception {
        ActorSystem<Void> system = devnet.system();
        BlockWatch.await("height 12", Duration.ofSeconds(60), () -> status(devnet.client().follower()).height() >= 12);
        List<CommittedBlock> blocks = BlockLog.readAll(system, "validator-0").toCompletableFuture().get(30, TimeUnit.SECONDS);
        // the chain's blocks up to a height h whose block has transactions (oracle reports), but block h without
        // them: a state of height h with another root than the chain's
        long forgedHeight = blocks.stream().filter(b -> b.height() >= 5 && !b.block().transactions().isEmpty())
                .mapToLong(CommittedBlock::height).findFirst().orElseThrow();
        LedgerApplication forged = new LedgerApplication(devnet.genesis(), 1_000);
        for (int h = 1; h <= forgedHeight; h++) {
            CommittedBlock block = blocks.get(h - 1);
            assertEquals(h, block.height());
            if (h == forgedHeight) {
                block = new CommittedBlock(new Block(block.block().header(), List.of(), block.block().evidence(),
                        block.block().lastCommit()), block.certificate());
            }
            forged.execute(block);
        }
        Path dir = dataDir.resolve("forged-restart-points");
        FollowerSnapshots snapshots = new FollowerSnapshots(dir, 1 << 30);
        snapshots.write(new FollowerSnapshots.Snapshot(devnet.genesis().chainId(), forgedHeight, "validator-0", 1,
                forged.snapshot()));

        ActorRef<ChainFollower.Command> follower = system.systemActorOf(ChainFollower.create(devnet.genesis(),
                ConsensusSettings.defaults(devnet.genesis()), devnet.ids().all(), "validator-0", settings(dir)), "misled-follower",
                Props.empty());

        long tip = status(devnet.client().follower()).height() + 3;
        BlockWatch.await("the misled follower, restarted from genesis, at height " + tip, Duration.ofSeconds(90), () -> {
            ChainFollower.Status status = status(follower);
            return status.resumedFromHeight() == 0 && status.height() >= tip;
        });
        assertEquals(roots(executed(devnet.client().follower(), 1, (int) tip)), roots(executed(follower, 1, (int) tip)),
                "the same state root at every height");
        FollowerSnapshots.Loaded left = snapshots.newest(devnet.genesis().chainId());
        assertTrue(left.snapshot().isEmpty() || left.snapshot().get().height() != forgedHeight
                        || !java.util.Arrays.equals(left.snapshot().get().ledgerSnapshot(), forged.snapshot()),
                "the forged restart point is gone (only the follower's own, newer ones remain)");
    }

    @Test
    @Order(5)
    void eachAnnouncementNamesWhereItsBlockIsInTheValidatorsJournal() throws Exception {
        ActorSystem<Void> system = devnet.system();
        List<BlockFinalized> announced = new CopyOnWriteArrayList<>();
        system.eventStream().tell(new EventStream.Subscribe<>(BlockFinalized.class, system.systemActorOf(
                Behaviors.<BlockFinalized>receiveMessage(block -> {
                    announced.add(block);
                    return Behaviors.same();
                }), "test-announcements", Props.empty())));
        BlockWatch.await("12 announcements", Duration.ofSeconds(60), () -> announced.size() >= 12);
        for (BlockFinalized block : announced.subList(0, 12)) {
            BlockLog.Page page = BlockLog.page(system, block.validatorId(), block.journalSequenceNr())
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(block.height(), page.blocks().get(0).height(),
                    block.validatorId() + "'s journal at sequence number " + block.journalSequenceNr());
        }
    }

    /** Height of the newest restart point of the devnet's chain in {@code dir}; 0 if none. */
    private static long newestRestartPoint(Path dir) {
        try {
            return new FollowerSnapshots(dir, 1 << 30).newest(devnet.genesis().chainId()).snapshot()
                    .map(FollowerSnapshots.Snapshot::height).orElse(0L);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ChainFollower.Settings settings(Path snapshotDir) {
        return new ChainFollower.Settings(1_024, 1_000, 100, Duration.ofSeconds(2), Duration.ofSeconds(2), 5, snapshotDir);
    }

    private static void copyDir(Path from, Path to) throws java.io.IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".snapshot")).toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    private static ChainFollower.Status status(ActorRef<ChainFollower.Command> follower) {
        try {
            return AskPattern.<ChainFollower.Command, ChainFollower.Status>ask(follower, ChainFollower.GetStatus::new,
                    Duration.ofSeconds(10), devnet.system().scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the follower did not answer", e);
        }
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
