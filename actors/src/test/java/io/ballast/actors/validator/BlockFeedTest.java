package io.ballast.actors.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The block feed's message crosses nodes (Jackson CBOR round trip) and the feed delivers what is published. */
class BlockFeedTest {
    private static final ActorTestKit KIT = ActorTestKit.create(ConfigFactory.parseResources("serialization.conf")
            .withFallback(ConfigFactory.load()));

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    private static BlockFinalized block() {
        return new BlockFinalized("validator-1", 42, 1_767_225_600_000L, "ab".repeat(32), 2, 97);
    }

    @Test
    void theAnnouncementRoundTripsThroughTheConfiguredSerializer() {
        BlockFinalized announcement = block();
        BlockFinalized copy = KIT.serializationTestKit().verifySerialization(announcement, true);
        assertEquals(announcement, copy);
        assertEquals("ab".repeat(32), copy.stateRoot());
    }

    @Test
    void subscribersGetWhatIsPublished() {
        TestProbe<BlockFinalized> probe = KIT.createTestProbe();
        BlockFeed.get(KIT.system()).subscribe(probe.ref());
        BlockFinalized block = block();
        BlockFeed.get(KIT.system()).publish(block); // after the subscription, from the same thread: in order
        BlockFinalized received = probe.expectMessageClass(BlockFinalized.class, java.time.Duration.ofSeconds(5));
        assertEquals(block, received);
    }
}
