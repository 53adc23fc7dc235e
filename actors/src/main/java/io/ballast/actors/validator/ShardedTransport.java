package io.ballast.actors.validator;

import io.ballast.core.crypto.Bytes32;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Delivers consensus bytes to validator entities through Cluster Sharding (wherever they live),
 * after asking the {@link LinkShim} whether to drop or delay them.
 */
final class ShardedTransport implements PeerTransport {
    private final ActorSystem<?> system;
    private final ClusterSharding sharding;
    private final ValidatorIds ids;
    private final LinkShim shim;

    ShardedTransport(ActorSystem<?> system, ValidatorIds ids, LinkShim shim) {
        this.system = system;
        this.sharding = ClusterSharding.get(system);
        this.ids = ids;
        this.shim = shim;
    }

    @Override
    public void send(String fromId, Bytes32 toKey, byte[] bytes) {
        String to = ids.idOf(toKey);
        if (to == null) {
            return; // not a genesis validator: no address known
        }
        LinkShim.Verdict verdict = shim.decide(fromId, to, bytes);
        if (!verdict.deliver()) {
            return;
        }
        ValidatorEntity.Deliver message = new ValidatorEntity.Deliver(bytes);
        if (verdict.delayMillis() == 0) {
            sharding.entityRefFor(ValidatorEntity.TYPE_KEY, to).tell(message);
        } else {
            system.scheduler().scheduleOnce(Duration.ofMillis(verdict.delayMillis()),
                    () -> sharding.entityRefFor(ValidatorEntity.TYPE_KEY, to).tell(message), system.executionContext());
        }
    }
}
