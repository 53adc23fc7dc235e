package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Hashing;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.encoding.DecodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a block hash commits to. The transactions, evidence and the previous block's commit
 * certificate are bound through their roots/hash, so a header alone (e.g. in a snapshot's
 * history) can be checked by hash chaining.
 *
 * @param stateRoot            application state root after executing every block up to {@code height - 1}
 *                             (execution follows commit; block 1 carries the genesis state root)
 * @param timestampMillis      stake-weighted median of the precommit timestamps in the previous block's
 *                             commit certificate (genesis time for block 1): never one validator's clock
 * @param proposer             index (in this epoch's set) of the validator that built the block
 * @param failedProposers      leaders (indices in the previous height's set) of the rounds of the previous
 *                             height that failed, derived from the round of its commit certificate; the
 *                             reputation input every validator can recompute. Empty at the first block of an epoch
 * @param validatorSetHash     hash of the set that votes on this block
 * @param nextValidatorSetHash hash of the set that votes on the next block (differs only at an epoch's last block)
 */
public record BlockHeader(Bytes32 chainId, long height, long epoch, long timestampMillis, int proposer,
                          Bytes32 parentHash, Bytes32 lastCommitHash, Bytes32 stateRoot, Bytes32 validatorSetHash,
                          Bytes32 nextValidatorSetHash, Bytes32 txRoot, Bytes32 evidenceRoot,
                          List<Integer> failedProposers) {

    public BlockHeader {
        failedProposers = List.copyOf(failedProposers);
    }

    public Bytes32 hash() {
        return Hashing.tagged(Hashing.TAG_BLOCK, encode());
    }

    public byte[] encode() {
        CanonicalWriter writer = new CanonicalWriter(400);
        write(writer);
        return writer.toByteArray();
    }

    void write(CanonicalWriter writer) {
        writer.putBytes32(chainId).putLong(height).putLong(epoch).putLong(timestampMillis).putInt(proposer)
                .putBytes32(parentHash).putBytes32(lastCommitHash).putBytes32(stateRoot).putBytes32(validatorSetHash)
                .putBytes32(nextValidatorSetHash).putBytes32(txRoot).putBytes32(evidenceRoot)
                .putInt(failedProposers.size());
        for (int index : failedProposers) {
            writer.putInt(index);
        }
    }

    static BlockHeader read(CanonicalReader reader) {
        Bytes32 chainId = reader.getBytes32();
        long height = reader.getLong();
        long epoch = reader.getLong();
        long timestamp = reader.getLong();
        int proposer = reader.getInt();
        if (height < 1 || epoch < 0 || proposer < 0) {
            throw new DecodingException("header height/epoch/proposer out of range");
        }
        Bytes32 parent = reader.getBytes32();
        Bytes32 lastCommit = reader.getBytes32();
        Bytes32 stateRoot = reader.getBytes32();
        Bytes32 setHash = reader.getBytes32();
        Bytes32 nextSetHash = reader.getBytes32();
        Bytes32 txRoot = reader.getBytes32();
        Bytes32 evidenceRoot = reader.getBytes32();
        int count = reader.getCount(ValidatorSet.MAX_VALIDATORS, "failed proposer");
        List<Integer> failed = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            failed.add(reader.getInt());
        }
        return new BlockHeader(chainId, height, epoch, timestamp, proposer, parent, lastCommit, stateRoot, setHash,
                nextSetHash, txRoot, evidenceRoot, failed);
    }

    public static BlockHeader decode(byte[] bytes) {
        CanonicalReader reader = new CanonicalReader(bytes);
        BlockHeader header = read(reader);
        reader.expectEnd();
        return header;
    }
}
