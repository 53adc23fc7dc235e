package io.ballast.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ballast.actors.chain.ChainFollower;
import io.ballast.actors.chain.NodeClient;
import io.ballast.actors.validator.ValidatorEntity;
import io.ballast.actors.validator.ValidatorIds;
import io.ballast.actors.validator.ValidatorSetup;
import io.ballast.cluster.placement.FailureDomainAllocationStrategy;
import io.ballast.persistence.BallastConfig;
import io.ballast.persistence.JournalBackend;
import io.ballast.persistence.embedded.EmbeddedJournal;
import io.ballast.persistence.embedded.EmbeddedJournalCompactor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.management.javadsl.PekkoManagement;

/**
 * Start-up steps of a Ballast node: configuration layering (overrides, application.conf, the
 * given profile such as {@code devnet.conf} with {@code cluster.conf}, the selected journal),
 * embedded journal preparation, joining, Pekko Management (health checks on loopback) and the
 * validator entity type with failure-domain-aware placement.
 */
public final class BallastNode {
    private BallastNode() {}

    /** Loads the configuration: {@code overrides} over application.conf over {@code profileResource} over the journal file. */
    public static Config config(Config overrides, String profileResource) {
        Config profile = ConfigFactory.parseResourcesAnySyntax(profileResource);
        if (profile.isEmpty()) {
            throw new IllegalStateException(profileResource + " is not on the classpath");
        }
        Config config = BallastConfig.load(overrides.withFallback(profile));
        if (BallastConfig.journal(config) == JournalBackend.EMBEDDED) {
            config = EmbeddedJournal.prepare(config);
        }
        return config;
    }

    /**
     * Starts the embedded journal's compactor (see {@code EmbeddedJournalCompactor}) when the
     * embedded journal is selected; it stops with the actor system.
     */
    public static void startJournalMaintenance(ActorSystem<?> system) {
        if (BallastConfig.journal(system.settings().config()) != JournalBackend.EMBEDDED) {
            return;
        }
        EmbeddedJournalCompactor compactor = EmbeddedJournalCompactor.start(system.settings().config());
        CoordinatedShutdown.get(system.classicSystem()).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
                "journal-compactor", () -> {
                    compactor.close();
                    return CompletableFuture.completedFuture(Done.getInstance());
                });
    }

    /** A single-node cluster: the node joins itself. */
    public static void joinSelf(ActorSystem<?> system) {
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }

    /** Pekko Management (readiness {@code /ready}, liveness {@code /alive}, cluster routes read-only). */
    public static CompletionStage<Uri> startManagement(ActorSystem<?> system) {
        return PekkoManagement.get(system.classicSystem()).start();
    }

    /** Margin-account entities (default allocation; passivated when idle, woken by projections and submissions). */
    public static ActorRef<ShardingEnvelope<io.ballast.actors.account.MarginAccount.Command>> initAccounts(
            ActorSystem<?> system, io.ballast.actors.account.FinalitySink sink) {
        return io.ballast.actors.account.MarginAccount.init(system, sink);
    }

    /** Liquidators: one shard per replica, replicas of a partition spread over nodes, never passivated for idleness. */
    public static ActorRef<ShardingEnvelope<io.ballast.actors.liquidator.Liquidator.Command>> initLiquidators(
            ActorSystem<?> system, io.ballast.actors.liquidator.LiquidatorSetup setup) {
        return io.ballast.actors.liquidator.Liquidator.init(system, setup, entity -> entity
                .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy())
                .withAllocationStrategy(new io.ballast.cluster.placement.ReplicaSpreadAllocationStrategy()));
    }

    /** As {@link #initAccounts(ActorSystem, io.ballast.actors.account.FinalitySink)}, hosted only on members with {@code role}. */
    public static ActorRef<ShardingEnvelope<io.ballast.actors.account.MarginAccount.Command>> initAccounts(
            ActorSystem<?> system, io.ballast.actors.account.FinalitySink sink, String role) {
        return io.ballast.actors.account.MarginAccount.init(system, sink, entity -> entity
                .withRole(role)
                .withSettings(ClusterShardingSettings.create(system).withRole(role)));
    }

    /** As {@link #initLiquidators(ActorSystem, io.ballast.actors.liquidator.LiquidatorSetup)}, hosted only on members with {@code role}. */
    public static ActorRef<ShardingEnvelope<io.ballast.actors.liquidator.Liquidator.Command>> initLiquidators(
            ActorSystem<?> system, io.ballast.actors.liquidator.LiquidatorSetup setup, String role) {
        return io.ballast.actors.liquidator.Liquidator.init(system, setup, entity -> entity
                .withRole(role)
                .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy().withRole(role))
                .withAllocationStrategy(new io.ballast.cluster.placement.ReplicaSpreadAllocationStrategy()));
    }

    /**
     * The node's one chain follower (history from the first genesis validator's block log, then the block feed)
     * and the client that code on this node uses to reach the chain through it and the validators. Start it after
     * the validator entity type ({@link #initValidators}): it fetches blocks through that type's shard region.
     */
    public static NodeClient startFollower(ActorSystem<?> system, io.ballast.core.ledger.Genesis genesis,
                                           io.ballast.core.consensus.ConsensusConfig consensus, List<String> validatorIds) {
        ActorRef<ChainFollower.Command> follower = system.systemActorOf(ChainFollower.create(genesis, consensus,
                validatorIds, validatorIds.get(0), ChainFollower.Settings.load(system.settings().config())),
                "chain-follower", Props.empty());
        return new NodeClient(system, validatorIds, follower, Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    /** The validator entity type: never passivated for idleness, placed by stake and failure domain. */
    public static ActorRef<ShardingEnvelope<ValidatorEntity.Command>> initValidators(ActorSystem<?> system,
                                                                                  ValidatorSetup setup) {
        ValidatorIds ids = new ValidatorIds(setup.genesis());
        return ValidatorEntity.init(system, setup, entity -> entity
                .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy())
                .withAllocationStrategy(new FailureDomainAllocationStrategy(ids.stakes(),
                        Duration.ofMinutes(5))));
    }

    /** As {@link #initValidators(ActorSystem, ValidatorSetup)}, hosted only on members with {@code role} (others proxy). */
    public static ActorRef<ShardingEnvelope<ValidatorEntity.Command>> initValidators(ActorSystem<?> system,
                                                                                  ValidatorSetup setup, String role) {
        ValidatorIds ids = new ValidatorIds(setup.genesis());
        return ValidatorEntity.init(system, setup, entity -> entity
                .withRole(role)
                .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy().withRole(role))
                .withAllocationStrategy(new FailureDomainAllocationStrategy(ids.stakes(),
                        Duration.ofMinutes(5))));
    }
}
