package io.ballast.actors.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The validator entity behind its {@link SigningFence}: an incarnation that cannot confirm the lease writes no
 * signature and sends nothing (it stops); one that loses the lease while its write is in flight sends nothing of what
 * it wrote. A four-validator chain, so that the leader's proposal is a signature that would go to three peers.
 */
class SigningFenceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int VALIDATORS = 4;
    private static ActorTestKit kit;
    private static PersistenceTestKit journal;
    private static String leader;

    private final List<byte[]> sent = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create("signing-fence", PersistenceTestKitPlugin.config()
                .withFallback(PersistenceTestKitSnapshotPlugin.config())
                .withFallback(ConfigFactory.parseResources("serialization.conf"))
                .withFallback(ConfigFactory.load()));
        journal = PersistenceTestKit.create(kit.system());
        leader = findLeader();
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    @BeforeEach
    void clean() {
        journal.clearAll();
    }

    @Test
    void withTheLeaseTheLeaderSignsPersistsAndSends() {
        ActorRef<ValidatorEntity.Command> entity = spawn(leader, () -> true);
        TestProbe<TxAdmission> reply = kit.createTestProbe();

        entity.tell(new ValidatorEntity.SubmitTransaction(TestChain.deposit(1, TestChain.trader(0), 100), reply.ref()));

        assertEquals(TxAdmission.Outcome.ACCEPTED, reply.receiveMessage(WAIT).outcome());
        assertTrue(persisted(leader).stream().anyMatch(e -> e instanceof ValidatorEntity.SafetyStatePersisted),
                "the proposal's signature is persisted");
        assertFalse(sent.isEmpty(), "and the proposal is sent to the peers");
    }

    @Test
    void anIncarnationWithoutTheLeasePersistsAndSendsNothingAndStops() {
        AtomicInteger asked = new AtomicInteger();
        ActorRef<ValidatorEntity.Command> entity = spawn(leader, () -> {
            asked.incrementAndGet();
            return false;
        });
        TestProbe<TxAdmission> reply = kit.createTestProbe();
        TestProbe<Object> watcher = kit.createTestProbe();

        entity.tell(new ValidatorEntity.SubmitTransaction(TestChain.deposit(1, TestChain.trader(0), 100), reply.ref()));

        watcher.expectTerminated(entity, WAIT);
        assertTrue(asked.get() > 0, "the fence was asked before the write");
        journal.expectNothingPersisted(persistenceId(leader));
        assertTrue(sent.isEmpty(), "nothing left the fenced incarnation");
        reply.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void aLeaseLostDuringTheWriteSendsNothingOfWhatWasWritten() {
        AtomicInteger asked = new AtomicInteger();
        ActorRef<ValidatorEntity.Command> entity = spawn(leader, () -> asked.incrementAndGet() == 1);
        TestProbe<TxAdmission> reply = kit.createTestProbe();
        TestProbe<Object> watcher = kit.createTestProbe();

        entity.tell(new ValidatorEntity.SubmitTransaction(TestChain.deposit(1, TestChain.trader(0), 100), reply.ref()));

        watcher.expectTerminated(entity, WAIT);
        assertEquals(2, asked.get(), "asked before the write and again before sending");
        assertFalse(persisted(leader).isEmpty(), "the write itself completed (a successor recovers it)");
        assertTrue(sent.isEmpty(), "but nothing of it was sent");
        reply.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void withoutAConfiguredLeaseTheFenceIsOpen() {
        assertEquals("", SigningFence.leasePath(kit.system()));
        assertTrue(SigningFence.of(kit.system(), leader).maySign());
        assertEquals("signing-fence-shard-Validator-" + leader, SigningFence.leaseName(kit.system(), leader),
                "the name Cluster Sharding gives the shard's lease: <system>-shard-<type>-<shard>");
    }

    private ActorRef<ValidatorEntity.Command> spawn(String validatorId, BooleanSupplier maySign) {
        SigningFence fence = maySign::getAsBoolean;
        return kit.spawn(ValidatorEntity.create(validatorId, TestChain.setup(VALIDATORS),
                (from, to, bytes) -> sent.add(bytes), system -> fence));
    }

    /** The validator that proposes height 1, round 0: the one that persists a signature for a submitted transaction. */
    private static String findLeader() {
        String found = null;
        for (int i = 0; i < VALIDATORS; i++) {
            String id = ValidatorIds.PREFIX + i;
            ActorRef<ValidatorEntity.Command> entity = kit.spawn(ValidatorEntity.create(id, TestChain.setup(VALIDATORS),
                    (from, to, bytes) -> { }, system -> SigningFence.NONE));
            TestProbe<TxAdmission> reply = kit.createTestProbe();
            entity.tell(new ValidatorEntity.SubmitTransaction(TestChain.deposit(1, TestChain.trader(0), 100), reply.ref()));
            reply.receiveMessage(WAIT);
            if (!persisted(id).isEmpty()) {
                found = id;
            }
            kit.stop(entity, WAIT);
        }
        assertNotNull(found, "one validator proposes a submitted transaction");
        journal.clearAll();
        return found;
    }

    private static String persistenceId(String validatorId) {
        return ValidatorEntity.TYPE_KEY.name() + "|" + validatorId;
    }

    private static List<Object> persisted(String validatorId) {
        return journal.persistedInStorage(persistenceId(validatorId));
    }
}
