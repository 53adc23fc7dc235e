package io.ballast.actors.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
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
        return new BlockFinalized("validator-1", 42, 1_767_225_600_000L, "ab".repeat(32), 2,
                List.of(new TxReceipt("cd".repeat(32), 42, 0, true, "OK", ""),
                        new TxReceipt("ef".repeat(32), 42, 1, false, "INSUFFICIENT_MARGIN", "equity below initial margin")),
                Map.of("BTC-PERP", 60_000_000_000L, "ETH-PERP", 3_000_000_000L));
    }

    @Test
    void theAnnouncementRoundTripsThroughTheConfiguredSerializer() {
        BlockFinalized local = block();
        local = new BlockFinalized(local.validatorId(), local.height(), local.blockTimeMillis(), local.stateRoot(),
                local.proposer(), local.receipts(), local.indexPricesUsd(),
                List.of(new io.ballast.actors.account.AccountBlock("01".repeat(32), 42, 1_767_225_600_000L, List.of(),
                        io.ballast.actors.account.AccountBalances.EMPTY)),
                List.of(new io.ballast.actors.account.MarginLevel("01".repeat(32), 42, 10, 20)));
        BlockFinalized announcement = BlockFeed.announcement(local);
        assertEquals(local.receipts(), announcement.receipts());
        assertEquals(local.indexPricesUsd(), announcement.indexPricesUsd());
        assertEquals(local.stateRoot(), announcement.stateRoot());
        BlockFinalized copy = KIT.serializationTestKit().verifySerialization(announcement, true);
        assertEquals(announcement, copy);
        assertEquals(2, copy.receipts().size());
        assertTrue(copy.accounts().isEmpty() && copy.marginCalls().isEmpty());
    }

    @Test
    void subscribersGetWhatIsPublished() {
        TestProbe<BlockFinalized> probe = KIT.createTestProbe();
        BlockFeed.get(KIT.system()).subscribe(probe.ref());
        BlockFinalized block = block();
        BlockFeed.get(KIT.system()).publish(block); // after the subscription, from the same thread: in order
        BlockFinalized received = probe.expectMessageClass(BlockFinalized.class, java.time.Duration.ofSeconds(5));
        assertEquals(BlockFeed.announcement(block), received);
    }
}
