package io.ballast.actors.validator;

import com.typesafe.config.Config;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.coordination.lease.javadsl.Lease;
import org.apache.pekko.coordination.lease.javadsl.LeaseProvider;

/**
 * Whether this incarnation of a validator may sign now. With {@value #CONFIG_PATH} set (the node profiles set it to
 * {@code ballast.validator-lease}, a lease in the journal's database), a validator's shard must acquire the lease
 * before sharding starts the entity, and the entity asks {@link #maySign()} (the lease's local check, no round trip)
 * before every journal write and again before it sends what it wrote. Two instances of one validator (a shard
 * allocated twice, a paused node resuming after its validator moved) can then never both sign: the one that cannot
 * confirm the lease writes and sends nothing and stops, discarding its in-memory state.
 */
public interface SigningFence {
    /** Config path of the lease configuration; "" = no fence (single-entity tests). */
    String CONFIG_PATH = "ballast.validator.signing-lease";

    SigningFence NONE = new SigningFence() {
        @Override
        public boolean maySign() {
            return true;
        }

        @Override
        public String toString() {
            return "no signing lease";
        }
    };

    /** True only while this node certainly holds the validator's lease. */
    boolean maySign();

    /** The configured lease path, or "" when none is configured. */
    static String leasePath(ActorSystem<?> system) {
        Config config = system.settings().config();
        return config.hasPath(CONFIG_PATH) ? config.getString(CONFIG_PATH) : "";
    }

    /** The fence of {@code validatorId} on this node: the same lease instance sharding acquires for its shard. */
    static SigningFence of(ActorSystem<?> system, String validatorId) {
        return of(system, ValidatorEntity.TYPE_KEY.name(), ValidatorEntity.shardOf(validatorId));
    }

    /**
     * The fence of shard {@code shardId} of the entity type {@code typeName} on this node (for other signing entities
     * whose type uses {@link #shardingSettings}, e.g. oracle operators): the lease instance sharding acquires for it.
     */
    static SigningFence of(ActorSystem<?> system, String typeName, String shardId) {
        String path = leasePath(system);
        if (path.isEmpty()) {
            return NONE;
        }
        String owner = org.apache.pekko.cluster.Cluster.get(system).selfAddress().hostPort();
        String name = leaseName(system, typeName, shardId);
        Lease lease = LeaseProvider.get(system).getLease(name, path, owner);
        return new SigningFence() {
            @Override
            public boolean maySign() {
                return lease.checkLease();
            }

            @Override
            public String toString() {
                return "lease " + name + " of " + owner;
            }
        };
    }

    /** The name Cluster Sharding gives the lease of the validator's shard (one shard per validator). */
    static String leaseName(ActorSystem<?> system, String validatorId) {
        return leaseName(system, ValidatorEntity.TYPE_KEY.name(), ValidatorEntity.shardOf(validatorId));
    }

    /** The name Cluster Sharding gives the lease of shard {@code shardId} of entity type {@code typeName}. */
    static String leaseName(ActorSystem<?> system, String typeName, String shardId) {
        return system.name() + "-shard-" + typeName + "-" + shardId;
    }

    /**
     * {@code settings} with the shard lease on when {@value #CONFIG_PATH} is set: a validator's shard then starts its
     * entity only once it holds the lease, and stops it when the lease is lost.
     */
    static ClusterShardingSettings shardingSettings(ActorSystem<?> system, ClusterShardingSettings settings) {
        String path = leasePath(system);
        if (path.isEmpty()) {
            return settings;
        }
        if (!system.settings().config().hasPath(path + ".lease-class")) {
            throw new IllegalStateException(CONFIG_PATH + " = " + path + " but " + path + ".lease-class is not configured"
                    + " (the journal's config file defines it)");
        }
        Config sharding = system.settings().config().getConfig("pekko.cluster.sharding")
                .withValue("use-lease", com.typesafe.config.ConfigValueFactory.fromAnyRef(path));
        ClusterShardingSettings leased = ClusterShardingSettings.fromConfig(sharding);
        if (leased.leaseSettings() == null || leased.leaseSettings().isEmpty()) {
            throw new IllegalStateException("sharding ignored use-lease = " + path);
        }
        return settings.withLeaseSettings(leased.leaseSettings().get());
    }
}
