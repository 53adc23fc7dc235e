package io.ballast.actors.chain;

import io.ballast.actors.validator.BlockLog;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.SignatureVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The catch-up of last resort for a subscriber behind everything the follower still holds (e.g. a margin-
 * account projector resuming below the follower's start, or {@link CommittedBlocks} reading old history):
 * re-executes a validator's block log from genesis on a private replica, a page at a time. Costs a replay of the
 * chain up to there; runs on the journal reads' threads, not the follower's.
 */
final class HistoryReplay {
    /** The sequence number that ends the replay (the log's end, or a log that starts at a checkpoint). */
    private static final long DONE = -1;

    private HistoryReplay() {}

    /** Heights {@code fromHeight .. fromHeight + max - 1} (fewer at the log's end), from one replay. */
    static CompletionStage<List<ExecutedBlock>> executed(ActorSystem<?> system, Genesis genesis,
                                                         SignatureVerifier signatures, String validatorId,
                                                         long fromHeight, int max) {
        return source(system, genesis, signatures, validatorId, fromHeight).take(max)
                .runWith(Sink.seq(), system);
    }

    /**
     * Heights from {@code fromHeight} to the end of {@code validatorId}'s block log (as each page reads it), in
     * order, from one replay that continues page after page. Ends early, with nothing more, when the log starts at
     * a snapshot-sync checkpoint (it holds no history before it).
     */
    static Source<ExecutedBlock, NotUsed> source(ActorSystem<?> system, Genesis genesis, SignatureVerifier signatures,
                                                 String validatorId, long fromHeight) {
        return Source.lazySource(() -> {
                    BlockExecutor executor = new BlockExecutor(genesis, signatures, Integer.MAX_VALUE);
                    return Source.unfoldAsync(1L, sequenceNr -> sequenceNr == DONE
                                    ? CompletableFuture.completedFuture(Optional.<Pair<Long, List<ExecutedBlock>>>empty())
                                    : BlockLog.page(system, validatorId, sequenceNr).thenApply(page -> {
                                        List<ExecutedBlock> out = new ArrayList<>();
                                        for (CommittedBlock block : page.blocks()) {
                                            if (block.height() != executor.height() + 1) {
                                                if (block.height() > executor.height()) {
                                                    return Optional.of(Pair.create(DONE, out)); // starts at a checkpoint
                                                }
                                                continue;
                                            }
                                            ExecutedBlock executed = executor.execute(block);
                                            if (executed.height() >= fromHeight) {
                                                out.add(executed);
                                            }
                                        }
                                        return Optional.of(Pair.create(page.last() ? DONE : page.nextSequenceNr(), out));
                                    }))
                            .mapConcat(blocks -> blocks);
                })
                .mapMaterializedValue(ignored -> NotUsed.getInstance());
    }
}
