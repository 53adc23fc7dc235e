package io.ballast.actors.validator;

import io.ballast.core.app.LedgerApplication;
import io.ballast.core.consensus.CommittedBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Rebuilds the published {@link BlockFinalized} of past heights by re-executing a validator's
 * block log from genesis on a private ledger: the catch-up of last resort for observers that
 * missed heights no live validator still holds in memory (e.g. after a whole-node restart).
 * Costs a full replay (O(chain length)); the journal read is asynchronous, the execution runs on
 * the completing thread.
 */
public final class BlockReplay {
    private BlockReplay() {}

    /** Blocks {@code fromHeight..} (at most {@code max}) as {@code validatorId}'s log holds them; empty if its log starts later. */
    public static CompletionStage<List<BlockFinalized>> finalized(ActorSystem<?> system, ValidatorSetup setup,
                                                                  String validatorId, long fromHeight, int max) {
        return BlockLog.read(system, validatorId).thenApply(blocks -> replay(setup, validatorId, blocks, fromHeight, max));
    }

    static List<BlockFinalized> replay(ValidatorSetup setup, String validatorId, List<CommittedBlock> blocks,
                                       long fromHeight, int max) {
        List<BlockFinalized> out = new ArrayList<>();
        if (blocks.isEmpty() || blocks.get(0).height() != 1) {
            return out; // the log starts at a snapshot-sync checkpoint: cannot re-execute from genesis
        }
        LedgerApplication app = new LedgerApplication(setup.genesis(), setup.consensus().maxBlockTxs(),
                setup.consensus().epochLengthBlocks(), setup.signatureCacheEntries());
        for (CommittedBlock block : blocks) {
            if (block.height() >= fromHeight + max) {
                break;
            }
            io.ballast.core.ledger.BlockResult result = LedgerApplication.resultOf(app.execute(block));
            if (block.height() >= fromHeight && out.size() < max) {
                out.add(BlockResults.finalized(validatorId, block, result, app));
            }
        }
        return out;
    }
}
