package io.ballast.actors.chain;

import io.ballast.actors.validator.BlockLog;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.SignatureVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The catch-up of last resort for a subscriber behind everything the follower still holds (e.g. a margin-
 * account projector resuming below the follower's start): re-executes a validator's block log from genesis on
 * a private replica, a page at a time, and keeps only heights {@code from .. from + max - 1}. Costs a replay
 * of the chain up to there; runs on the journal reads' threads, not the follower's.
 */
final class HistoryReplay {
    private HistoryReplay() {}

    static CompletionStage<List<ExecutedBlock>> executed(ActorSystem<?> system, Genesis genesis,
                                                         SignatureVerifier signatures, String validatorId,
                                                         long fromHeight, int max) {
        BlockExecutor executor = new BlockExecutor(genesis, signatures, Integer.MAX_VALUE);
        return replay(system, validatorId, 1, executor, fromHeight, max, new ArrayList<>());
    }

    private static CompletionStage<List<ExecutedBlock>> replay(ActorSystem<?> system, String validatorId, long sequenceNr,
                                                               BlockExecutor executor, long fromHeight, int max,
                                                               List<ExecutedBlock> out) {
        return BlockLog.page(system, validatorId, sequenceNr).thenCompose(page -> {
            for (CommittedBlock block : page.blocks()) {
                if (block.height() != executor.height() + 1) {
                    if (block.height() > executor.height()) {
                        return CompletableFuture.completedFuture(List.copyOf(out)); // starts at a checkpoint: no history
                    }
                    continue;
                }
                ExecutedBlock executed = executor.execute(block);
                if (executed.height() >= fromHeight) {
                    out.add(executed);
                }
                if (out.size() >= max) {
                    return CompletableFuture.completedFuture(List.copyOf(out));
                }
            }
            return page.last() ? CompletableFuture.completedFuture(List.copyOf(out))
                    : replay(system, validatorId, page.nextSequenceNr(), executor, fromHeight, max, out);
        });
    }
}
