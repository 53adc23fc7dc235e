package io.ballast.actors.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.coordination.lease.LeaseSettings;
import org.apache.pekko.coordination.lease.javadsl.Lease;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The validator entity type under Cluster Sharding with a signing lease configured (one-node cluster, a lease the
 * test grants and revokes): the shard starts the validator only once it holds the lease, even though the host passes
 * its own sharding settings, and the entity's {@link SigningFence} is that very lease instance.
 */
class ShardLeaseTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String VALIDATOR = ValidatorIds.PREFIX + 0;
    private static ActorTestKit kit;

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create("shard-lease", ConfigFactory.parseString(String.join("\n",
                        "pekko.actor.provider = cluster",
                        "pekko.remote.artery.canonical.hostname = 127.0.0.1",
                        "pekko.remote.artery.canonical.port = 0",
                        "pekko.cluster.sharding.lease-retry-interval = 200ms",
                        "pekko.loglevel = WARNING",
                        SigningFence.CONFIG_PATH + " = test-signing-lease",
                        "test-signing-lease { lease-class = \"" + TestLease.class.getName() + "\"",
                        "  heartbeat-timeout = 20s, heartbeat-interval = 2s, lease-operation-timeout = 5s }"))
                .withFallback(PersistenceTestKitPlugin.config())
                .withFallback(PersistenceTestKitSnapshotPlugin.config())
                .withFallback(ConfigFactory.parseResources("serialization.conf"))
                .withFallback(ConfigFactory.load()));
        Cluster cluster = Cluster.get(kit.system());
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void theValidatorRunsAndSignsOnlyWhileItsShardHoldsTheLease() {
        PersistenceTestKit journal = PersistenceTestKit.create(kit.system());
        // a host that sets its own settings (as BallastNode does): the lease must survive that
        ActorRef<ShardingEnvelope<ValidatorEntity.Command>> region = ValidatorEntity.init(kit.system(),
                TestChain.setup(1), entity -> entity.withSettings(
                        ClusterShardingSettings.create(kit.system()).withNoPassivationStrategy()));
        TestProbe<ValidatorEntity.Status> status = kit.createTestProbe();

        region.tell(new ShardingEnvelope<>(VALIDATOR, new ValidatorEntity.GetStatus(status.ref())));
        status.expectNoMessage(Duration.ofSeconds(2));
        assertFalse(TestLease.INSTANCES.isEmpty(), "the shard asked for the lease");
        journal.expectNothingPersisted("Validator|" + VALIDATOR);

        TestLease.GRANT.set(true);
        assertEquals(0, status.receiveMessage(WAIT).lastCommittedHeight(), "started once the lease was granted");
        assertEquals(1, TestLease.INSTANCES.size());
        TestLease lease = TestLease.INSTANCES.get(0);
        assertEquals(SigningFence.leaseName(kit.system(), VALIDATOR), lease.settings.leaseName());
        assertEquals(Cluster.get(kit.system()).selfMember().address().hostPort(), lease.settings.ownerName());
        SigningFence fence = SigningFence.of(kit.system(), VALIDATOR);
        assertTrue(fence.maySign());
        assertEquals(1, TestLease.INSTANCES.size(), "the fence is the lease instance sharding acquired");

        TestProbe<TxAdmission> reply = kit.createTestProbe();
        region.tell(new ShardingEnvelope<>(VALIDATOR, new ValidatorEntity.SubmitTransaction(
                TestChain.deposit(1, TestChain.trader(0), 100), reply.ref())));
        assertEquals(TxAdmission.Outcome.ACCEPTED, reply.receiveMessage(WAIT).outcome());
        int written = journal.persistedInStorage("Validator|" + VALIDATOR).size();
        assertTrue(written > 0, "signed and committed under the lease");

        lease.held.set(false); // the lease lapses (e.g. no renewal in time); sharding has not stopped the shard yet
        assertFalse(fence.maySign());
        region.tell(new ShardingEnvelope<>(VALIDATOR, new ValidatorEntity.SubmitTransaction(
                TestChain.deposit(2, TestChain.trader(1), 100), reply.ref())));
        reply.expectNoMessage(Duration.ofSeconds(2));
        assertEquals(written, journal.persistedInStorage("Validator|" + VALIDATOR).size(),
                "nothing written without the lease");
    }

    /** A lease the test grants ({@link #GRANT}) and revokes ({@link #held}). */
    public static final class TestLease extends Lease {
        static final AtomicBoolean GRANT = new AtomicBoolean(false);
        static final List<TestLease> INSTANCES = new CopyOnWriteArrayList<>();
        final LeaseSettings settings;
        final AtomicBoolean held = new AtomicBoolean();

        public TestLease(LeaseSettings settings, ExtendedActorSystem system) {
            this.settings = settings;
            INSTANCES.add(this);
        }

        @Override
        public LeaseSettings getSettings() {
            return settings;
        }

        @Override
        public CompletionStage<Boolean> acquire() {
            held.set(GRANT.get());
            return CompletableFuture.completedFuture(held.get());
        }

        @Override
        public CompletionStage<Boolean> acquire(Consumer<Optional<Throwable>> leaseLostCallback) {
            return acquire();
        }

        @Override
        public CompletionStage<Boolean> release() {
            held.set(false);
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public boolean checkLease() {
            return held.get();
        }
    }
}
