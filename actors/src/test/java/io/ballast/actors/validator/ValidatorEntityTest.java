package io.ballast.actors.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.ballast.actors.validator.ValidatorEntity.Command;
import io.ballast.actors.validator.ValidatorEntity.Event;
import io.ballast.actors.validator.ValidatorEntity.Status;
import io.ballast.actors.validator.TxAdmission;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.actors.node.NodeSignatures;
import io.ballast.core.consensus.Message;
import io.ballast.core.ledger.SignatureVerifier;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.consensus.host.ValidatorStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The validator entity alone (a one-validator chain, so it commits by itself): events per block,
 * persist-before-reply, finality replies, published blocks, snapshots and recovery. Serialization
 * checks are on: every command, event and state round-trips through the configured serializers.
 */
@ExtendWith(TestKitJUnit5Extension.class)
class ValidatorEntityTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder()
            .withCustomConfig(EventSourcedBehaviorTestKit.config()
                    .withFallback(PersistenceTestKitSnapshotPlugin.config())
                    .withFallback(ConfigFactory.parseResources("serialization.conf"))
                    .withFallback(ConfigFactory.load()))
            .build();

    private final List<byte[]> sent = new CopyOnWriteArrayList<>();
    private EventSourcedBehaviorTestKit<Command, Event, ValidatorStore> entity;

    @BeforeEach
    void setUp() {
        entity = EventSourcedBehaviorTestKit.create(testKit.system(),
                ValidatorEntity.create("validator-0", TestChain.setup(1), (from, to, bytes) -> sent.add(bytes)),
                EventSourcedBehaviorTestKit.enabledSerializationSettings());
        entity.runCommand(ValidatorEntity.Start.INSTANCE);
    }

    @Test
    void aSubmittedTransactionIsCommittedAsOneBlockEventAfterTheSafetyStates() {
        var result = entity.<TxAdmission>runCommand(r -> new ValidatorEntity.SubmitTransaction(
                TestChain.deposit(1, TestChain.trader(0), 1_000), r));

        assertEquals(TxAdmission.Outcome.ACCEPTED, result.reply().outcome());
        List<Event> events = result.events();
        assertInstanceOf(ValidatorEntity.BlockCommitted.class, events.get(events.size() - 1));
        assertTrue(events.stream().anyMatch(e -> e instanceof ValidatorEntity.SafetyStatePersisted));
        assertEquals(1, events.stream().filter(e -> e instanceof ValidatorEntity.BlockCommitted).count());
        ValidatorEntity.BlockCommitted committed = (ValidatorEntity.BlockCommitted) events.get(events.size() - 1);
        assertEquals(1, committed.height());
        assertEquals(1, CommittedBlock.decode(committed.committedBlock()).block().transactions().size());
        assertEquals(1, result.state().lastHeight());
        assertTrue(sent.isEmpty(), "a lone validator has no peers to send to");
    }

    @Test
    void aCommittedBlockIsAnnouncedOnceItIsDurable() {
        TestProbe<BlockFinalized> published = testKit.createTestProbe();
        testKit.system().eventStream().tell(new EventStream.Subscribe<>(BlockFinalized.class, published.ref()));

        var result = entity.<TxAdmission>runCommand(r -> new ValidatorEntity.SubmitTransaction(
                TestChain.deposit(1, TestChain.trader(0), 2_500), r));

        assertEquals(TxAdmission.Outcome.ACCEPTED, result.reply().outcome());
        BlockFinalized block = published.receiveMessage(WAIT);
        assertEquals("validator-0", block.validatorId());
        assertEquals(1, block.height());
        assertEquals(1, result.state().lastHeight());
        Status status = entity.<Status>runCommand(ValidatorEntity.GetStatus::new).reply();
        assertEquals(status.stateRoot(), block.stateRoot(), "the announced root is the validator's root after the block");
        var stored = entity.<ValidatorEntity.BlockBytes>runCommand(r -> new ValidatorEntity.GetBlock(1, r)).reply();
        assertEquals(1, CommittedBlock.decode(stored.committedBlock()).height(),
                "followers fetch the announced block from the validator");
    }

    @Test
    void garbageIsRefusedWithoutAnyEvent() {
        var result = entity.<TxAdmission>runCommand(r -> new ValidatorEntity.SubmitTransaction(new byte[] {1, 2, 3}, r));

        TxAdmission admission = result.reply();
        assertFalse(admission.admitted());
        assertEquals(TxAdmission.Outcome.REJECTED, admission.outcome());
        assertEquals(TxAdmission.Refusal.INVALID, admission.refusal());
        assertEquals(io.ballast.core.ledger.RejectCode.MALFORMED, admission.code());
        assertTrue(result.hasNoEvents());
    }

    @Test
    void garbageFromAPeerChangesNothing() {
        var result = entity.runCommand(new ValidatorEntity.Deliver(new byte[] {9, 9, 9, 9}));

        assertTrue(result.hasNoEvents());
        assertEquals(0, result.state().lastHeight());
    }

    @Test
    void recoversTheSameHeightAndRootFromSnapshotPlusLaterEvents() {
        for (int n = 1; n <= 7; n++) {
            int i = n;
            var admission = entity.<TxAdmission>runCommand(r -> new ValidatorEntity.SubmitTransaction(
                    TestChain.deposit(nonce(i), TestChain.trader(i), 100), r));
            assertEquals(TxAdmission.Outcome.ACCEPTED, admission.reply().outcome());
        }
        Status before = entity.<Status>runCommand(ValidatorEntity.GetStatus::new).reply();
        assertEquals(7, before.lastCommittedHeight());
        // snapshot interval 2: restart points at 2+1, 4+1, 6+1
        assertFalse(entity.snapshotTestKit().orElseThrow().persistedInStorage("Validator|validator-0").isEmpty());

        var restarted = entity.restart();
        assertEquals(7, restarted.state().lastHeight());
        assertTrue(restarted.state().checkpointHeight() >= 4, "recovered from a snapshot with a ledger checkpoint");

        Status after = entity.<Status>runCommand(ValidatorEntity.GetStatus::new).reply();
        assertEquals(before.lastCommittedHeight(), after.lastCommittedHeight());
        assertEquals(before.stateRoot(), after.stateRoot());

        var next = entity.<TxAdmission>runCommand(r -> new ValidatorEntity.SubmitTransaction(
                TestChain.deposit(8, TestChain.trader(8), 100), r));
        assertEquals(TxAdmission.Outcome.ACCEPTED, next.reply().outcome());
        assertEquals(8, next.state().lastHeight());
    }

    @Test
    void submissionsQueuedTogetherEnterConsensusAsOneStepWithOneGossipPerPeer() throws Exception {
        List<byte[]> gossip = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch firstSend = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        var validator = testKit.spawn(ValidatorEntity.create("validator-1", TestChain.setup(4), (from, to, bytes) -> {
            gossip.add(bytes);
            if (firstSend.getCount() == 1) { // hold the entity inside its first send while two more submissions queue
                firstSend.countDown();
                try {
                    release.await(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }));
        TestProbe<TxAdmission> replies = testKit.createTestProbe();
        byte[] first = TestChain.deposit(1, TestChain.trader(1), 100);
        byte[] second = TestChain.deposit(2, TestChain.trader(2), 100);
        byte[] third = TestChain.deposit(3, TestChain.trader(3), 100);
        validator.tell(new ValidatorEntity.SubmitTransaction(first, replies.ref()));
        assertTrue(firstSend.await(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS), "the first gossip went out");
        validator.tell(new ValidatorEntity.SubmitTransaction(second, replies.ref()));
        validator.tell(new ValidatorEntity.SubmitTransaction(third, replies.ref()));
        release.countDown();
        for (int i = 0; i < 3; i++) {
            assertEquals(TxAdmission.Outcome.ACCEPTED, replies.receiveMessage(WAIT).outcome());
        }

        Bytes32 self = TestChain.validatorKey(1).publicKey();
        assertEquals(3, count(gossip, new Message.TxGossip(List.of(first), self).encode()), "the first alone, to each peer");
        assertEquals(3, count(gossip, new Message.TxGossip(List.of(second, third), self).encode()),
                "the two that queued meanwhile as one gossip message to each of the three peers");
        assertEquals(0, count(gossip, new Message.TxGossip(List.of(second), self).encode()), "no gossip of one of them alone");
        assertEquals(0, count(gossip, new Message.TxGossip(List.of(third), self).encode()), "no gossip of one of them alone");
    }

    private static long count(List<byte[]> sent, byte[] message) {
        return sent.stream().filter(bytes -> Arrays.equals(bytes, message)).count();
    }

    @Test
    void gossipIsAdmittedOnceTheNodesVerificationPoolCheckedItsSignatures() {
        var validator = testKit.spawn(ValidatorEntity.create("validator-1", TestChain.setup(4), (from, to, bytes) -> { }));
        NodeSignatures signatures = NodeSignatures.get(testKit.system());
        long before = signatures.verifications(SignatureVerifier.Purpose.MEMPOOL);
        List<byte[]> txs = List.of(TestChain.deposit(1, TestChain.trader(1), 100),
                TestChain.deposit(2, TestChain.trader(2), 100), TestChain.deposit(3, TestChain.trader(3), 100));
        validator.tell(new ValidatorEntity.Deliver(new Message.TxGossip(txs, TestChain.validatorKey(0).publicKey()).encode()));

        TestProbe<Status> status = testKit.createTestProbe();
        status.awaitAssert(WAIT, () -> {
            validator.tell(new ValidatorEntity.GetStatus(status.ref()));
            assertEquals(3, status.receiveMessage(WAIT).mempoolTransactions());
            return null;
        });
        assertEquals(before + 3, signatures.verifications(SignatureVerifier.Purpose.MEMPOOL), "each signature checked once");
    }

    private static long nonce(int i) {
        return i;
    }
}
