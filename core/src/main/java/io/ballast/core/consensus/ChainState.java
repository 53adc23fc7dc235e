package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The committed chain as one validator knows it: last block, validator sets of the surrounding
 * heights, recent headers (reputation), recent committed blocks (served to peers), the snapshot
 * served to far-behind peers and the epoch-change proofs. Changes only by applying a committed
 * block or installing a checkpoint.
 */
final class ChainState {
    /** A snapshot whose state root is attested by the certified block after it. */
    record ServedSnapshot(long height, byte[] snapshot, List<BlockHeader> history, CommittedBlock attesting,
                          ValidatorSet validators, ValidatorSet nextValidators) {}

    private final ConsensusConfig config;
    private final Genesis genesis;
    private final Bytes32 chainId;
    private final Application app;

    long lastHeight;
    Bytes32 lastBlockHash;
    long lastBlockTimeMillis;
    CommitCertificate lastCommit;
    Bytes32 stateRoot;
    /** Set of {@code lastHeight} (null at genesis and right after a checkpoint). */
    ValidatorSet prevSet;
    /** Set voting on {@code lastHeight + 1}. */
    ValidatorSet set;
    /** Set voting on {@code lastHeight + 2}. */
    ValidatorSet nextSet;
    LeaderSchedule schedule;
    LeaderSchedule prevSchedule;
    final ArrayDeque<BlockHeader> history = new ArrayDeque<>();
    final TreeMap<Long, CommittedBlock> recent = new TreeMap<>();
    final LinkedHashMap<Bytes32, Long> committedEvidence = new LinkedHashMap<>();
    final ArrayDeque<Message.EpochProof> epochProofs = new ArrayDeque<>();
    private long pendingSnapshotHeight = -1;
    private byte[] pendingSnapshot;
    private List<BlockHeader> pendingSnapshotHistory;
    ServedSnapshot served;

    ChainState(ConsensusConfig config, Genesis genesis, Application app) {
        this.config = config;
        this.genesis = genesis;
        this.chainId = genesis.chainId();
        this.app = app;
        this.lastHeight = 0;
        this.lastBlockHash = chainId;
        this.lastBlockTimeMillis = genesis.genesisTimeMillis();
        this.stateRoot = app.stateRoot();
        this.set = genesis.validators();
        this.nextSet = genesis.validators();
        this.schedule = LeaderSchedule.of(set.size(), 0, List.of());
    }

    long epochOf(long height) {
        return (height - 1) / config.epochLengthBlocks();
    }

    boolean isFirstOfEpoch(long height) {
        return height % config.epochLengthBlocks() == 1 || height == 1;
    }

    /** Executes a verified committed block and advances every derived structure. */
    ExecutionResult apply(CommittedBlock committed) {
        Block block = committed.block();
        BlockHeader header = block.header();
        long height = header.height();
        if (height != lastHeight + 1 || !header.parentHash().equals(lastBlockHash)) {
            throw new IllegalStateException("block " + height + " does not extend " + lastHeight);
        }
        if (!header.stateRoot().equals(stateRoot)) {
            throw new IllegalStateException("application diverged: certified block " + height + " says state root "
                    + header.stateRoot().shortHex() + ", local " + stateRoot.shortHex());
        }
        ExecutionResult result = app.execute(committed);
        if (!result.stateRoot().equals(app.stateRoot())) {
            throw new IllegalStateException("application returned a root different from stateRoot()");
        }
        ValidatorSet following = nextSet;
        ValidatorSet afterThat = following;
        int epochLength = config.epochLengthBlocks();
        if (height % epochLength == epochLength - 1 && result.nextValidators() != null
                && !result.nextValidators().isEmpty()) {
            afterThat = new ValidatorSet(result.nextValidators());
        }
        if (height % epochLength == 0) {
            epochProofs.addLast(new Message.EpochProof(header, committed.certificate(), following));
            while (epochProofs.size() > Message.Codec.MAX_EPOCH_PROOFS) {
                epochProofs.removeFirst();
            }
        }
        prevSet = set;
        set = following;
        nextSet = afterThat;
        lastHeight = height;
        lastBlockHash = header.hash();
        lastBlockTimeMillis = header.timestampMillis();
        lastCommit = committed.certificate();
        stateRoot = result.stateRoot();
        remember(header);
        recent.put(height, committed);
        while (recent.size() > config.syncWindowBlocks()) {
            recent.pollFirstEntry();
        }
        for (Evidence evidence : block.evidence()) {
            committedEvidence.put(evidence.id(), height);
        }
        pruneEvidence();
        advanceSnapshots(committed);
        return result;
    }

    private void remember(BlockHeader header) {
        history.addLast(header);
        while (history.size() > Math.max(1, config.reputationWindowBlocks())) {
            history.removeFirst();
        }
        prevSchedule = schedule;
        schedule = LeaderSchedule.of(set.size(), epochOf(lastHeight + 1), reputationHeaders());
    }

    private List<BlockHeader> reputationHeaders() {
        List<BlockHeader> headers = new ArrayList<>(history);
        int window = config.reputationWindowBlocks();
        return headers.subList(Math.max(0, headers.size() - window), headers.size());
    }

    private void pruneEvidence() {
        for (Iterator<Map.Entry<Bytes32, Long>> it = committedEvidence.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() + config.syncWindowBlocks() < lastHeight) {
                it.remove();
            } else {
                break;
            }
        }
    }

    private void advanceSnapshots(CommittedBlock committed) {
        long height = committed.height();
        if (pendingSnapshot != null && height == pendingSnapshotHeight + 1) {
            // prevSet voted on the attesting block (height S+1), set votes on S+2
            served = new ServedSnapshot(pendingSnapshotHeight, pendingSnapshot, pendingSnapshotHistory, committed,
                    prevSet, set);
            pendingSnapshot = null;
        }
        if (height % config.snapshotIntervalBlocks() == 0) {
            pendingSnapshotHeight = height;
            pendingSnapshot = app.snapshot();
            pendingSnapshotHistory = List.copyOf(history);
        }
    }

    /** Adopts a verified checkpoint; the application must already hold its snapshot. */
    void install(Checkpoint checkpoint) {
        BlockHeader last = checkpoint.lastHeader();
        lastHeight = checkpoint.height();
        lastBlockHash = last.hash();
        lastBlockTimeMillis = last.timestampMillis();
        lastCommit = null;
        stateRoot = app.stateRoot();
        prevSet = null;
        set = checkpoint.validators();
        nextSet = checkpoint.nextValidators();
        history.clear();
        recent.clear();
        served = null;
        pendingSnapshot = null;
        epochProofs.clear();
        for (BlockHeader header : checkpoint.history()) {
            history.addLast(header);
        }
        while (history.size() > Math.max(1, config.reputationWindowBlocks())) {
            history.removeFirst();
        }
        prevSchedule = null;
        schedule = LeaderSchedule.of(set.size(), epochOf(lastHeight + 1), reputationHeaders());
    }

    /** Epoch proofs a validator whose next height is {@code knownHeight + 1} needs to trust the served snapshot. */
    List<Message.EpochProof> epochProofsSince(long knownHeight) {
        long fromEpoch = epochOf(knownHeight + 1);
        List<Message.EpochProof> proofs = new ArrayList<>();
        for (Message.EpochProof proof : epochProofs) {
            if (proof.header().epoch() >= fromEpoch && proof.header().height() < served.attesting().height()) {
                proofs.add(proof);
            }
        }
        return proofs;
    }

    Genesis genesis() {
        return genesis;
    }
}
