package io.ballast.actors.validator;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * The cluster-wide feed of committed blocks: one typed pub-sub {@link Topic} actor per actor system (this
 * extension), named {@value #TOPIC_NAME}. Every validator entity publishes each block it executed here as well as
 * on its node's event stream, so an observer on any member (the HTTP API's chain index, on a node that hosts no
 * validator) learns about every block. Topic instances find each other through the (cluster) receptionist;
 * between nodes the messages travel as {@code TopicImpl.MessagePublished} (Pekko's typed-cluster serializer)
 * around a {@link BlockFinalized} (Jackson CBOR, {@code CborSerializable}).
 *
 * <p>Delivery is at most once (a partition or a restart loses announcements), so subscribers must tolerate gaps
 * and fetch what they missed.
 */
public final class BlockFeed implements Extension {
    public static final String TOPIC_NAME = "ballast-blocks";

    private static final ExtensionId<BlockFeed> ID = new ExtensionId<>() {
        @Override
        public BlockFeed createExtension(ActorSystem<?> system) {
            return new BlockFeed(system.systemActorOf(Topic.create(BlockFinalized.class, TOPIC_NAME),
                    "block-feed", Props.empty()));
        }
    };

    private final ActorRef<Topic.Command<BlockFinalized>> topic;

    private BlockFeed(ActorRef<Topic.Command<BlockFinalized>> topic) {
        this.topic = topic;
    }

    public static BlockFeed get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    /** The topic actor: tell it {@code Topic.subscribe(ref)} or {@code Topic.publish(block)}. */
    public ActorRef<Topic.Command<BlockFinalized>> topic() {
        return topic;
    }

    public void publish(BlockFinalized block) {
        topic.tell(Topic.publish(block));
    }

    public void subscribe(ActorRef<BlockFinalized> subscriber) {
        topic.tell(Topic.subscribe(subscriber));
    }
}
