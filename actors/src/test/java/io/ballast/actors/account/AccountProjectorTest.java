package io.ballast.actors.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.ballast.actors.account.AccountProjector.BlockSource;
import io.ballast.actors.chain.AccountBlock;
import io.ballast.actors.chain.ExecutedBlock;
import io.ballast.actors.chain.ExecutedBlocks;
import io.ballast.actors.chain.MarginLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The projector with fake accounts and a fake block source: duplicates (a follower replay, a restart),
 * out-of-order and missing heights, failed deliveries and a restart.
 */
@ExtendWith(TestKitJUnit5Extension.class)
class AccountProjectorTest {
    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder()
            .withCustomConfig(PersistenceTestKitPlugin.config()
                    .withFallback(PersistenceTestKitSnapshotPlugin.config())
                    .withFallback(ConfigFactory.parseResources("serialization.conf"))
                    .withFallback(ConfigFactory.parseString("pekko.actor.serialize-messages = on"))
                    .withFallback(ConfigFactory.load()))
            .build();

    /** Accounts that persist like MarginAccount does: only heights above their last. */
    static final class FakeAccounts implements AccountDelivery {
        final Map<String, List<Long>> projected = new ConcurrentHashMap<>();
        final Map<String, List<MarginLevel>> margins = new ConcurrentHashMap<>();
        final AtomicInteger failuresLeft = new AtomicInteger();

        @Override
        public CompletionStage<MarginAccount.Projected> project(String accountKey, List<AccountBlock> blocks) {
            if (failuresLeft.getAndDecrement() > 0) {
                return CompletableFuture.failedFuture(new RuntimeException("account unavailable"));
            }
            List<Long> heights = projected.computeIfAbsent(accountKey, k -> new CopyOnWriteArrayList<>());
            for (AccountBlock block : blocks) {
                if (heights.isEmpty() || block.height() > heights.get(heights.size() - 1)) {
                    heights.add(block.height());
                }
            }
            return CompletableFuture.completedFuture(new MarginAccount.Projected(accountKey, 0));
        }

        @Override
        public CompletionStage<MarginAccount.Projected> margin(String accountKey, MarginLevel level) {
            margins.computeIfAbsent(accountKey, k -> new CopyOnWriteArrayList<>()).add(level);
            return CompletableFuture.completedFuture(new MarginAccount.Projected(accountKey, 0));
        }
    }

    /** {@code source} only names where a copy came from (the same height delivered several times). */
    static ExecutedBlock block(String source, long height, List<String> accounts, List<String> marginCalls) {
        return ExecutedBlocks.touching(height, accounts, marginCalls);
    }

    private void awaitHeight(ActorRef<AccountProjector.Command> projector, long height) {
        TestProbe<AccountProjector.Progress> probe = testKit.createTestProbe();
        probe.awaitAssert(Duration.ofSeconds(10), () -> {
            projector.tell(new AccountProjector.GetProgress(probe.getRef()));
            assertEquals(height, probe.receiveMessage().lastHeight());
            return null;
        });
    }

    @Test
    void deliversEachHeightOnceInOrderDespiteDuplicatesAndReordering() {
        FakeAccounts accounts = new FakeAccounts();
        List<Long> fetched = new CopyOnWriteArrayList<>();
        BlockSource source = (from, max) -> {
            fetched.add(from);
            return CompletableFuture.completedFuture(List.of());
        };
        ActorRef<AccountProjector.Command> projector = testKit.spawn(
                AccountProjector.create("p1", source, accounts));
        // each height delivered several times; height 3 arrives before height 2
        for (String v : List.of("v0", "v1", "v2", "v3")) {
            projector.tell(new AccountProjector.Finalized(block(v, 1, List.of("a", "b"), List.of())));
        }
        projector.tell(new AccountProjector.Finalized(block("v0", 3, List.of("a"), List.of("b"))));
        projector.tell(new AccountProjector.Finalized(block("v1", 2, List.of("b"), List.of())));
        projector.tell(new AccountProjector.Finalized(block("v2", 3, List.of("a"), List.of("b"))));
        projector.tell(new AccountProjector.Finalized(block("v3", 2, List.of("b"), List.of())));
        awaitHeight(projector, 3);
        assertEquals(List.of(1L, 3L), accounts.projected.get("a"));
        assertEquals(List.of(1L, 2L), accounts.projected.get("b"));
        assertEquals(List.of(3L), accounts.margins.get("b").stream().map(MarginLevel::height).toList());

        // b leaves the margin-call list at height 4: cleared once
        projector.tell(new AccountProjector.Finalized(block("v0", 4, List.of(), List.of())));
        projector.tell(new AccountProjector.Finalized(block("v1", 4, List.of(), List.of())));
        awaitHeight(projector, 4);
        assertEquals(2, accounts.margins.get("b").size());
        assertEquals(false, accounts.margins.get("b").get(1).isMarginCall());
    }

    @Test
    void fetchesMissingHeightsFromTheSourceAndRetriesFailedDeliveries() {
        FakeAccounts accounts = new FakeAccounts();
        List<Long> fetched = new CopyOnWriteArrayList<>();
        BlockSource source = (from, max) -> {
            fetched.add(from);
            List<ExecutedBlock> blocks = new ArrayList<>();
            for (long h = from; h <= 5 && blocks.size() < max; h++) {
                blocks.add(block("replay", h, List.of("a"), List.of()));
            }
            return CompletableFuture.completedFuture(blocks);
        };
        ActorRef<AccountProjector.Command> projector = testKit.spawn(AccountProjector.create("p2", source, accounts));
        projector.tell(new AccountProjector.Finalized(block("v0", 1, List.of("a"), List.of())));
        awaitHeight(projector, 1);
        // heights 2..4 never reached this projector's mailbox
        accounts.failuresLeft.set(1);
        projector.tell(new AccountProjector.Finalized(block("v0", 5, List.of("a"), List.of())));
        awaitHeight(projector, 5);
        assertEquals(List.of(2L), fetched);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), accounts.projected.get("a"));

        // restart: resumes after height 5 (older publications are ignored, later ones delivered)
        testKit.stop(projector);
        ActorRef<AccountProjector.Command> again = testKit.spawn(AccountProjector.create("p2", source, accounts));
        awaitHeight(again, 5);
        again.tell(new AccountProjector.Finalized(block("v0", 4, List.of("a"), List.of())));
        again.tell(new AccountProjector.Finalized(block("v0", 6, List.of("a"), List.of())));
        awaitHeight(again, 6);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), accounts.projected.get("a"));
    }
}
