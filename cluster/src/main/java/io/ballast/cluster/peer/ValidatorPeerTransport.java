package io.ballast.cluster.peer;

import io.ballast.actors.validator.ValidatorEntity;
import io.ballast.core.consensus.Message;
import io.ballast.core.crypto.Bytes32;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * One operator's validator entity on the {@link PeerTransport}: what the entity sends to a validator key goes out
 * on that peer's authenticated connection, and every authenticated peer's payload is delivered to the local
 * entity as {@link ValidatorEntity.Deliver}. The entity's target is a {@link RecipientRef}: an entity ref from
 * sharding in a node ({@code ClusterSharding.entityRefFor(ValidatorEntity.TYPE_KEY, id)}), or an actor ref.
 *
 * <p>Who sent a payload: votes, proposals and sync messages are signed by their validator and checked by
 * consensus, but transaction gossip is not signed (each transaction carries its client's signature) and its
 * sender field is only claimed; consensus accepts it from any member. Here the claim is checked against the
 * TLS identity of the connection it arrived on, so a peer cannot gossip in another validator's name: gossip
 * naming anyone else is dropped and counted ({@link PeerMetrics#misattributed}).
 *
 * <p>Inbound delivery is a tell: the entity's mailbox is not bounded by this sink; what bounds it is each
 * peer's inbound rate (frames/s and bytes/s in {@code conf/peer.conf}) against the entity's step time. Sends
 * beyond a peer's outbound queue are dropped and counted by the transport (consensus tolerates loss).
 */
public final class ValidatorPeerTransport implements io.ballast.actors.validator.PeerTransport {
    private static final int GOSSIP_SENDER_OFFSET = 1;

    private final String localValidatorId;
    private final PeerTransport transport;

    private ValidatorPeerTransport(String localValidatorId, PeerTransport transport) {
        this.localValidatorId = localValidatorId;
        this.transport = transport;
    }

    /**
     * Starts a {@link PeerTransport} for the local validator {@code localValidatorId} (whose key the credentials
     * carry) delivering to {@code validator}; see {@link PeerTransport#start} for binding and dialling.
     */
    public static CompletionStage<ValidatorPeerTransport> start(ActorSystem<?> system, PeerSettings settings,
            PeerCredentials credentials, PeerSet peers, PeerMetrics metrics, String localValidatorId,
            RecipientRef<ValidatorEntity.Command> validator) {
        return PeerTransport.start(system, settings, credentials, peers, metrics, inbound(validator, metrics))
                .thenApply(transport -> new ValidatorPeerTransport(localValidatorId, transport));
    }

    /** Authenticated payloads to {@code validator}, except gossip in another validator's name (counted). */
    static Sink<PeerMessage, CompletionStage<Done>> inbound(RecipientRef<ValidatorEntity.Command> validator,
            PeerMetrics metrics) {
        return Sink.foreach(message -> {
            byte[] bytes = message.payload().toArray();
            if (claimsAnotherSender(bytes, message.sender())) {
                metrics.countMisattributed(message.sender());
            } else {
                validator.tell(new ValidatorEntity.Deliver(bytes));
            }
        });
    }

    /** True for transaction gossip whose sender field (right after the kind byte) is not {@code peer}. */
    static boolean claimsAnotherSender(byte[] bytes, Bytes32 peer) {
        if (bytes.length == 0 || bytes[0] != Message.KIND_TX_GOSSIP) {
            return false;
        }
        if (bytes.length < GOSSIP_SENDER_OFFSET + Bytes32.LENGTH) {
            return true; // truncated: it names nobody, so not this peer
        }
        return !Bytes32.copyOf(bytes, GOSSIP_SENDER_OFFSET).equals(peer);
    }

    /** Called by the local validator entity: queues {@code bytes} for {@code toKey} (drops are counted). */
    @Override
    public void send(String fromId, Bytes32 toKey, byte[] bytes) {
        if (!localValidatorId.equals(fromId)) {
            throw new IllegalArgumentException("this transport carries " + localValidatorId + ", not " + fromId);
        }
        transport.send(toKey, bytes);
    }

    public PeerTransport transport() {
        return transport;
    }

    public CompletionStage<Done> stop() {
        return transport.stop();
    }
}
