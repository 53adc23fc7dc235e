package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Catching up: committed blocks with certificates from peers when a little behind, a certified
 * snapshot when farther behind than the sync window. Also serves both to peers. At most one
 * request is outstanding; {@link Timer.Kind#SYNC_RETRY} allows the next.
 */
final class Sync {
    private final Validator validator;
    private boolean inFlight;
    private boolean awaitingSnapshot;

    Sync(Validator validator) {
        this.validator = validator;
    }

    boolean awaitingSnapshot() {
        return awaitingSnapshot;
    }

    void onRetryTimer() {
        inFlight = false;
    }

    /** A peer showed evidence of having committed up to {@code peerCommitted}. */
    void behind(Bytes32 peer, long peerCommitted) {
        ChainState chain = validator.chain();
        if (inFlight || peer.equals(validator.keys().publicKey()) || peerCommitted <= chain.lastHeight) {
            return;
        }
        inFlight = true;
        validator.scheduleSyncRetry();
        if (awaitingSnapshot || peerCommitted - chain.lastHeight > validator.config().syncWindowBlocks()) {
            validator.send(peer, Message.Codec.snapshotRequest(validator.keys(), validator.chainId(), chain.lastHeight));
        } else {
            validator.send(peer, Message.Codec.syncRequest(validator.keys(), validator.chainId(), chain.lastHeight + 1));
        }
    }

    void onSyncRequest(Message.SyncRequest request) {
        if (!Message.Codec.verifyEnvelope(request, validator.chainId())) {
            return;
        }
        ChainState chain = validator.chain();
        ConsensusConfig config = validator.config();
        List<CommittedBlock> blocks = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<Long, CommittedBlock> entry : chain.recent.tailMap(request.fromHeight(), true).entrySet()) {
            int size = entry.getValue().encode().length;
            if (blocks.size() >= config.syncBatchBlocks() || bytes + size > config.maxMessageBytes() - 4_096) {
                break;
            }
            blocks.add(entry.getValue());
            bytes += size;
        }
        long oldest = chain.recent.isEmpty() ? chain.lastHeight + 1 : chain.recent.firstKey();
        validator.send(request.sender(), Message.Codec.syncResponse(validator.keys(), validator.chainId(),
                chain.lastHeight, oldest, blocks));
    }

    void onSyncResponse(Message.SyncResponse response) {
        if (awaitingSnapshot || !Message.Codec.verifyEnvelope(response, validator.chainId())) {
            return;
        }
        inFlight = false;
        ChainState chain = validator.chain();
        for (CommittedBlock block : response.blocks()) {
            if (block.height() != chain.lastHeight + 1) {
                continue;
            }
            if (!acceptable(block, chain)) {
                return;
            }
            validator.commitSynced(block);
        }
        if (response.tipHeight() > chain.lastHeight) {
            if (response.blocks().isEmpty() && response.oldestAvailable() > chain.lastHeight + 1) {
                inFlight = true;
                validator.scheduleSyncRetry();
                validator.send(response.sender(),
                        Message.Codec.snapshotRequest(validator.keys(), validator.chainId(), chain.lastHeight));
            } else if (!response.blocks().isEmpty()) {
                behind(response.sender(), response.tipHeight());
            }
        }
    }

    private static boolean acceptable(CommittedBlock block, ChainState chain) {
        BlockHeader header = block.block().header();
        return header.parentHash().equals(chain.lastBlockHash) && header.validatorSetHash().equals(chain.set.hash())
                && header.nextValidatorSetHash().equals(chain.nextSet.hash()) && block.verify(chain.set);
    }

    void onSnapshotRequest(Message.SnapshotRequest request) {
        ChainState chain = validator.chain();
        ChainState.ServedSnapshot served = chain.served;
        if (served == null || served.height() <= request.knownHeight()
                || !Message.Codec.verifyEnvelope(request, validator.chainId())) {
            return;
        }
        validator.send(request.sender(), Message.Codec.snapshotResponse(validator.keys(), validator.chainId(),
                served.height(), served.snapshot(), served.history(), served.attesting(), served.nextValidators(),
                chain.epochProofsSince(request.knownHeight())));
    }

    void onSnapshotResponse(Message.SnapshotResponse response) {
        ChainState chain = validator.chain();
        if (response.snapshotHeight() <= chain.lastHeight && !awaitingSnapshot) {
            return;
        }
        if (!Message.Codec.verifyEnvelope(response, validator.chainId())) {
            return;
        }
        ValidatorSet trusted = trustedSetFor(response, chain);
        if (trusted == null || !historyLinks(response)) {
            return;
        }
        CommittedBlock attesting = response.attesting();
        if (!response.nextValidators().hash().equals(attesting.block().header().nextValidatorSetHash())) {
            return;
        }
        inFlight = false;
        validator.app().restore(response.snapshot());
        if (!validator.app().stateRoot().equals(attesting.block().header().stateRoot())) {
            awaitingSnapshot = true;
            return;
        }
        awaitingSnapshot = false;
        Checkpoint checkpoint = new Checkpoint(response.snapshotHeight(), response.history(), trusted,
                response.nextValidators(), response.snapshot());
        chain.install(checkpoint);
        validator.mempool().clear();
        validator.persistCheckpoint(checkpoint);
        validator.commitSynced(attesting);
    }

    /** Follows the epoch proofs from the current set to the attesting block's epoch; null if anything fails. */
    private ValidatorSet trustedSetFor(Message.SnapshotResponse response, ChainState chain) {
        ValidatorSet trusted = chain.set;
        long trustedEpoch = chain.epochOf(chain.lastHeight + 1);
        int epochLength = validator.config().epochLengthBlocks();
        for (Message.EpochProof proof : response.epochProofs()) {
            BlockHeader header = proof.header();
            if (header.epoch() < trustedEpoch) {
                continue;
            }
            if (header.epoch() != trustedEpoch || header.height() % epochLength != 0
                    || !header.validatorSetHash().equals(trusted.hash())
                    || proof.certificate().height() != header.height()
                    || !proof.certificate().blockHash().equals(header.hash())
                    || !proof.certificate().verify(trusted, validator.chainId())
                    || !header.nextValidatorSetHash().equals(proof.next().hash())) {
                return null;
            }
            trusted = proof.next();
            trustedEpoch++;
        }
        CommittedBlock attesting = response.attesting();
        BlockHeader header = attesting.block().header();
        if (attesting.height() != response.snapshotHeight() + 1 || header.epoch() != trustedEpoch
                || chain.epochOf(attesting.height()) != trustedEpoch
                || !header.validatorSetHash().equals(trusted.hash()) || !header.chainId().equals(validator.chainId())
                || !attesting.verify(trusted)) {
            return null;
        }
        return trusted;
    }

    private static boolean historyLinks(Message.SnapshotResponse response) {
        List<BlockHeader> history = response.history();
        if (history.isEmpty()) {
            return false;
        }
        Bytes32 expectedHash = response.attesting().block().header().parentHash();
        long expectedHeight = response.snapshotHeight();
        for (int i = history.size() - 1; i >= 0; i--) {
            BlockHeader header = history.get(i);
            if (header.height() != expectedHeight || !header.hash().equals(expectedHash)) {
                return false;
            }
            expectedHash = header.parentHash();
            expectedHeight--;
        }
        return true;
    }
}
