package io.ballast.actors.chain;

import io.ballast.actors.node.NodeSignatures;
import io.ballast.core.ledger.Genesis;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A node's committed blocks as a stream, for code that runs on the node: every height from {@code fromHeight} on,
 * in order, each once, as the node's {@link ChainFollower} executes them. Heights older than the follower's window
 * (its last {@code ballast.follower.window-blocks} executed blocks) come from one replay of the history validator's
 * block log on a private replica ({@link HistoryReplay}, page after page); the rest from the follower a page at a
 * time ({@link ChainFollower.GetExecuted}); at the tip, the stream waits until the follower publishes the next block
 * on the node's event stream, then asks again (a publication is only a wake-up, so a slow reader misses nothing).
 * It never completes by itself; it fails when the follower does not answer within {@code askTimeout} (e.g. the
 * node is shutting down). A block log that starts at a snapshot-sync checkpoint has no history before it: the
 * stream then waits at the first height it cannot get. Materialize it on the node's own actor system.
 */
public final class CommittedBlocks {
    /** Blocks asked for at once. */
    static final int PAGE_BLOCKS = 256;
    /** At the tip, ask again after this long even without a published block (a safety net, not the normal path). */
    static final long RECHECK_MILLIS = 1_000;
    private static final AtomicLong LISTENERS = new AtomicLong();

    private CommittedBlocks() {}

    /**
     * @param historyFrom the validator whose block log the follower reads its history from (the first genesis
     *                    validator on every node: {@code BallastNode.startFollower})
     */
    public static Source<ExecutedBlock, NotUsed> from(ActorSystem<?> system, ActorRef<ChainFollower.Command> follower,
                                                      Genesis genesis, String historyFrom,
                                                      long fromHeight, Duration askTimeout) {
        if (fromHeight < 1) {
            throw new IllegalArgumentException("committed blocks start at height 1 or later, got " + fromHeight);
        }
        int windowBlocks = ChainFollower.Settings.load(system.settings().config()).windowBlocks();
        CompletionStage<Source<ExecutedBlock, NotUsed>> source = AskPattern.<ChainFollower.Command, ChainFollower.Status>ask(
                follower, ChainFollower.GetStatus::new, askTimeout, system.scheduler()).thenApply(status -> {
                    long windowStart = Math.max(status.height() - windowBlocks, status.resumedFromHeight()) + 1;
                    if (fromHeight >= windowStart) {
                        return fromFollower(system, follower, fromHeight, askTimeout);
                    }
                    // The follower's part starts after the last replayed height, so it is made once the replay ends
                    // (flatMapConcat asks for its second source only then; concat would make it at once).
                    AtomicLong next = new AtomicLong(fromHeight);
                    Source<ExecutedBlock, NotUsed> replay = HistoryReplay.source(system, genesis,
                                    NodeSignatures.get(system), historyFrom, fromHeight)
                            .map(block -> {
                                next.set(Math.addExact(block.height(), 1));
                                return block;
                            });
                    return Source.from(List.of(true, false)).flatMapConcat(replaying -> replaying ? replay
                            : fromFollower(system, follower, next.get(), askTimeout));
                });
        return Source.completionStageSource(source).mapMaterializedValue(ignored -> NotUsed.getInstance());
    }

    /** Pages of the follower's executed blocks, then each block once the follower publishes it. */
    private static Source<ExecutedBlock, NotUsed> fromFollower(ActorSystem<?> system,
                                                               ActorRef<ChainFollower.Command> follower, long fromHeight,
                                                               Duration askTimeout) {
        return Source.lazySource(() -> {
                    Published published = new Published();
                    ActorRef<Object> listener = system.systemActorOf(published.listener(),
                            "committed-blocks-" + LISTENERS.incrementAndGet(), Props.empty());
                    system.eventStream().tell(new EventStream.Subscribe<>(ExecutedBlock.class, listener.<ExecutedBlock>narrow()));
                    return Source.unfoldAsync(fromHeight, next -> {
                                CompletableFuture<Void> nextPublished = published.await();
                                return AskPattern.<ChainFollower.Command, ChainFollower.Executed>ask(follower,
                                                replyTo -> new ChainFollower.GetExecuted(next, PAGE_BLOCKS, replyTo),
                                                askTimeout, system.scheduler())
                                        .thenCompose(executed -> {
                                            List<ExecutedBlock> blocks = executed.blocks();
                                            if (blocks.isEmpty()) {
                                                return nextPublished.copy()
                                                        .completeOnTimeout(null, RECHECK_MILLIS, TimeUnit.MILLISECONDS)
                                                        .thenApply(ignored -> Optional.of(Pair.create(next, blocks)));
                                            }
                                            requireConsecutive(next, blocks);
                                            return CompletableFuture.completedFuture(Optional.of(
                                                    Pair.create(Math.addExact(next, blocks.size()), blocks)));
                                        });
                            })
                            .mapConcat(blocks -> blocks)
                            .watchTermination((notUsed, done) -> {
                                done.whenComplete((ignored, failure) -> listener.tell(Published.STOP));
                                return notUsed;
                            });
                })
                .mapMaterializedValue(ignored -> NotUsed.getInstance());
    }

    private static void requireConsecutive(long from, List<ExecutedBlock> blocks) {
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).height() != from + i) {
                throw new IllegalStateException("the chain follower answered height " + blocks.get(i).height()
                        + " where " + (from + i) + " was asked");
            }
        }
    }

    /** Completes a future each time the follower publishes a block (a wake-up only; the blocks are asked for). */
    private static final class Published {
        static final Object STOP = new Object();
        private final AtomicReference<CompletableFuture<Void>> next = new AtomicReference<>(new CompletableFuture<>());

        /** Completes when a block is published after this call. */
        CompletableFuture<Void> await() {
            return next.updateAndGet(current -> current.isDone() ? new CompletableFuture<>() : current);
        }

        Behavior<Object> listener() {
            return Behaviors.receiveMessage(message -> {
                if (message == STOP) {
                    return Behaviors.stopped();
                }
                next.getAndSet(new CompletableFuture<>()).complete(null);
                return Behaviors.same();
            });
        }
    }
}
