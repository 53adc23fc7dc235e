package io.ballast.oracle;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Keeps oracle operator entities running without any other message: sends {@link OracleOperator.Start} to each of
 * {@code operatorIds} every {@code interval} through Cluster Sharding. Entities start on their first message; after
 * their node is lost, the next {@code Start} re-creates them from the journal on a survivor as soon as sharding has
 * allocated their shard there. The entity type must be registered ({@link OracleOperator#init}) on this node first.
 */
public final class OracleKeepAlive {
    /** More would be a configuration error: a genesis has far fewer operators. */
    public static final int MAX_OPERATORS = 256;

    private enum Ping { INSTANCE }

    private OracleKeepAlive() {}

    public static Behavior<?> create(List<String> operatorIds, Duration interval) {
        List<String> ids = List.copyOf(operatorIds);
        if (ids.size() > MAX_OPERATORS) {
            throw new IllegalArgumentException("at most " + MAX_OPERATORS + " operators, got " + ids.size());
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        return Behaviors.<Ping>setup(context -> Behaviors.withTimers(timers -> {
            ClusterSharding sharding = ClusterSharding.get(context.getSystem());
            timers.startTimerWithFixedDelay(Ping.INSTANCE, Duration.ZERO, interval);
            CoordinatedShutdown shutdown = CoordinatedShutdown.get(context.getSystem().classicSystem());
            return Behaviors.receiveMessage(ping -> {
                if (shutdown.getShutdownReason().isPresent()) {
                    return Behaviors.stopped(); // the node is leaving: let sharding hand the operators off
                }
                for (String id : ids) {
                    sharding.entityRefFor(OracleOperator.TYPE_KEY, id).tell(OracleOperator.Start.INSTANCE);
                }
                return Behaviors.same();
            });
        }));
    }
}
