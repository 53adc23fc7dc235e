package io.ballast.actors.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ballast.persistence.BallastConfig;
import io.ballast.persistence.embedded.EmbeddedJournal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The twin itself: two clusters that do not see each other (a split brain, or a node that has not been downed) on one
 * journal, both hosting the same validator's shard. With the signing lease in the journal's database (the embedded
 * journal's {@code JdbcLease}, as a devnet configures it) only one of them runs the validator; the other starts it only
 * once the first has let go, and then continues from what the first wrote.
 */
class TwinClustersTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String VALIDATOR = ValidatorIds.PREFIX + 0;

    @Test
    void twoClustersOnOneJournalNeverRunTheSameValidatorAtOnce(@TempDir Path dir) throws Exception {
        Config config = EmbeddedJournal.prepare(BallastConfig.load(ConfigFactory.parseString(String.join("\n",
                "ballast.data-dir = \"" + dir + "\"",
                "pekko.actor.provider = cluster",
                "pekko.remote.artery.canonical.hostname = 127.0.0.1",
                "pekko.remote.artery.canonical.port = 0",
                "pekko.cluster.jmx.enabled = off",
                "pekko.cluster.sharding.lease-retry-interval = 300ms",
                "pekko.loglevel = WARNING",
                SigningFence.CONFIG_PATH + " = ballast.validator-lease",
                "ballast.validator-lease { heartbeat-timeout = 6s, heartbeat-interval = 500ms, signing-margin = 3s }"))));
        // the same system name, as every node of a deployment has: the same lease names
        ActorSystem<Void> first = ActorSystem.create(Behaviors.empty(), "ballast", config);
        ActorSystem<Void> second = ActorSystem.create(Behaviors.empty(), "ballast", config);
        try {
            ActorRef<ShardingEnvelope<ValidatorEntity.Command>> firstRegion = startAlone(first);
            ActorRef<ShardingEnvelope<ValidatorEntity.Command>> secondRegion = startAlone(second);

            assertEquals(0, status(first, firstRegion, WAIT).lastCommittedHeight(), "the first cluster runs it");
            assertEquals(TxAdmission.Outcome.ACCEPTED, submit(first, firstRegion, 1).outcome());
            assertEquals(1, status(first, firstRegion, WAIT).lastCommittedHeight());

            // the second cluster's shard cannot get the lease: its validator does not start, answers nothing
            java.util.concurrent.CompletableFuture<ValidatorEntity.Status> twin = AskPattern.<ShardingEnvelope<ValidatorEntity.Command>, ValidatorEntity.Status>ask(
                    secondRegion, reply -> new ShardingEnvelope<>(VALIDATOR, new ValidatorEntity.GetStatus(reply)),
                    Duration.ofSeconds(60), second.scheduler()).toCompletableFuture();
            Thread.sleep(3_000);
            assertEquals(false, twin.isDone(), "no second incarnation while the first holds the lease");
            assertEquals(TxAdmission.Outcome.ACCEPTED, submit(first, firstRegion, 2).outcome(),
                    "the first keeps signing meanwhile");

            first.terminate(); // graceful: its shard stops and releases the lease
            first.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);

            ValidatorEntity.Status moved = twin.get(30, TimeUnit.SECONDS);
            assertEquals(2, moved.lastCommittedHeight(), "the second incarnation recovered what the first wrote");
            assertEquals(TxAdmission.Outcome.ACCEPTED, submit(second, secondRegion, 3).outcome());
            assertEquals(3, status(second, secondRegion, WAIT).lastCommittedHeight());
        } finally {
            first.terminate();
            second.terminate();
            second.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** A one-node cluster of its own with the validator entity type. */
    private static ActorRef<ShardingEnvelope<ValidatorEntity.Command>> startAlone(ActorSystem<?> system)
            throws InterruptedException {
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (cluster.selfMember().status() != MemberStatus.up() && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
        }
        assertEquals(MemberStatus.up(), cluster.selfMember().status());
        return ValidatorEntity.init(system, TestChain.setup(1));
    }

    private static ValidatorEntity.Status status(ActorSystem<?> system,
                                                 ActorRef<ShardingEnvelope<ValidatorEntity.Command>> region,
                                                 Duration timeout) throws Exception {
        return AskPattern.<ShardingEnvelope<ValidatorEntity.Command>, ValidatorEntity.Status>ask(region,
                        reply -> new ShardingEnvelope<>(VALIDATOR, new ValidatorEntity.GetStatus(reply)), timeout,
                        system.scheduler())
                .toCompletableFuture().get(timeout.toSeconds() + 5, TimeUnit.SECONDS);
    }

    private static TxAdmission submit(ActorSystem<?> system, ActorRef<ShardingEnvelope<ValidatorEntity.Command>> region,
                                      long nonce) throws Exception {
        byte[] tx = TestChain.deposit(nonce, TestChain.trader((int) nonce), 100);
        return AskPattern.<ShardingEnvelope<ValidatorEntity.Command>, TxAdmission>ask(region,
                        reply -> new ShardingEnvelope<>(VALIDATOR, new ValidatorEntity.SubmitTransaction(tx, reply)),
                        WAIT, system.scheduler())
                .toCompletableFuture().get(WAIT.toSeconds() + 5, TimeUnit.SECONDS);
    }
}
