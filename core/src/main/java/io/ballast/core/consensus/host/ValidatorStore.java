package io.ballast.core.consensus.host;

import io.ballast.core.consensus.Action;
import io.ballast.core.consensus.Application;
import io.ballast.core.consensus.Checkpoint;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.consensus.ConsensusConfig;
import io.ballast.core.consensus.Genesis;
import io.ballast.core.consensus.LockProof;
import io.ballast.core.consensus.SafetyRules;
import io.ballast.core.consensus.SafetyState;
import io.ballast.core.consensus.Validator;
import io.ballast.core.crypto.KeyPair;
import java.util.ArrayList;
import java.util.List;

/**
 * What survives a validator's crash: the last safety state and lock proof, the latest checkpoint and
 * the committed blocks above it ({@code blocks[i]} has height {@code firstBlockHeight + i}), at most
 * {@code retainedBlocks} of them. The one model of a validator's durable storage: the runtime keeps
 * it in its journal (events and snapshots), the simulator in memory that a crash does not wipe, and
 * both apply the same persist actions, compact at the same points and restore the same way.
 * Payloads are core's canonical encodings. Immutable.
 */
public record ValidatorStore(byte[] safetyState, byte[] lockProof, byte[] checkpoint, long checkpointHeight,
                             long firstBlockHeight, List<byte[]> blocks) {
    public static final ValidatorStore EMPTY = new ValidatorStore(null, null, null, 0, 1, List.of());

    public ValidatorStore {
        blocks = List.copyOf(blocks);
    }

    /**
     * Blocks to keep above the checkpoint: a few snapshot intervals, so a compaction that fails for a
     * while (a journal snapshot write refused) does not lose blocks the checkpoint does not cover yet.
     */
    public static int defaultRetainedBlocks(ConsensusConfig config) {
        return Math.addExact(Math.multiplyExact(4, config.snapshotIntervalBlocks()), 8);
    }

    /** The highest height stored (the checkpoint's when no block is retained above it). */
    public long lastHeight() {
        return blocks.isEmpty() ? checkpointHeight : firstBlockHeight + blocks.size() - 1;
    }

    /** The store after one persist action of {@link io.ballast.core.consensus.Actions#toPersist()}. */
    public ValidatorStore apply(Action action, int retainedBlocks) {
        if (action instanceof Action.PersistSafetyState safety) {
            return withSafety(safety.state().encode());
        } else if (action instanceof Action.PersistLock lock) {
            return withLock(lock.lock().encode());
        } else if (action instanceof Action.Commit commit) {
            return withBlock(commit.block().height(), commit.block().encode(), retainedBlocks);
        } else if (action instanceof Action.PersistCheckpoint checkpoint) {
            return withCheckpoint(checkpoint.checkpoint().height(), checkpoint.checkpoint().encode());
        }
        throw new IllegalArgumentException("not a persist action: " + action);
    }

    public ValidatorStore withSafety(byte[] safety) {
        return new ValidatorStore(safety, lockProof, checkpoint, checkpointHeight, firstBlockHeight, blocks);
    }

    public ValidatorStore withLock(byte[] lock) {
        return new ValidatorStore(safetyState, lock, checkpoint, checkpointHeight, firstBlockHeight, blocks);
    }

    /** Appends the next block; beyond {@code retainedBlocks} the oldest are dropped (a compaction must come first). */
    public ValidatorStore withBlock(long height, byte[] block, int retainedBlocks) {
        if (height != lastHeight() + 1) {
            throw new IllegalStateException("block " + height + " after " + lastHeight());
        }
        List<byte[]> next = new ArrayList<>(blocks.size() + 1);
        next.addAll(blocks);
        next.add(block);
        long first = blocks.isEmpty() ? height : firstBlockHeight;
        int drop = Math.max(0, next.size() - retainedBlocks);
        return new ValidatorStore(safetyState, lockProof, checkpoint, checkpointHeight, first + drop,
                next.subList(drop, next.size()));
    }

    /** A checkpoint at {@code height}: blocks at or below it are dropped. */
    public ValidatorStore withCheckpoint(long height, byte[] newCheckpoint) {
        int drop = (int) Math.max(0, Math.min(blocks.size(), height - firstBlockHeight + 1));
        return new ValidatorStore(safetyState, lockProof, newCheckpoint, height, height + 1,
                blocks.subList(drop, blocks.size()));
    }

    /**
     * True right after the block that attests the live validator's newest restart point was stored:
     * the moment to compact (a journal snapshot in the runtime), so recovery replays at most a
     * snapshot interval of blocks and retention never drops a block the checkpoint does not cover.
     */
    public boolean compactionDue(Validator validator, long committedHeight) {
        Validator.RestartPoint point = validator.restartPoint();
        return point != null && point.attesting().height() == committedHeight
                && point.checkpoint().height() > checkpointHeight;
    }

    /** The store with the validator's newest checkpoint in place of the stored one (fewer blocks to keep). */
    public ValidatorStore compacted(Validator validator) {
        Validator.RestartPoint point = validator.restartPoint();
        if (point != null && point.checkpoint().height() > checkpointHeight && point.checkpoint().height() < lastHeight()
                && firstBlockHeight <= point.checkpoint().height() + 1) {
            return withCheckpoint(point.checkpoint().height(), point.checkpoint().encode());
        }
        return this;
    }

    /** The stored blocks above the checkpoint, decoded; a gap (retention outran compaction) is an error. */
    public List<CommittedBlock> committedBlocks() {
        if (!blocks.isEmpty() && firstBlockHeight != checkpointHeight + 1) {
            throw new IllegalStateException("block log gap: checkpoint at " + checkpointHeight
                    + ", first retained block " + firstBlockHeight + " (compaction failed for longer than the retention)");
        }
        List<CommittedBlock> decoded = new ArrayList<>(blocks.size());
        for (byte[] block : blocks) {
            decoded.add(CommittedBlock.decode(block));
        }
        return decoded;
    }

    /** Rebuilds the validator from this store; {@code app} is a fresh application at the genesis state. */
    public Validator restore(ConsensusConfig config, Genesis genesis, KeyPair keys, Application app, SafetyRules rules) {
        return Validator.restore(config, genesis, keys, app,
                safetyState == null ? null : SafetyState.decode(safetyState),
                lockProof == null ? null : LockProof.decode(lockProof),
                checkpoint == null ? null : Checkpoint.decode(checkpoint),
                committedBlocks(), rules);
    }
}
