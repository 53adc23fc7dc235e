package io.ballast.core.ledger;

import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;

/**
 * The consensus parameters every validator of a chain must share, because they decide block validity and
 * leaders: block size bounds, evidence per block, the epoch length and the leader-reputation window. They live
 * in the genesis; everything else about consensus (timeouts, pacing, mempool lanes, sync windows) is each
 * node's own configuration. The transactions-per-block bound is {@link LedgerLimits#maxTransactionsPerBlock()}.
 *
 * @param maxBlockBytes           sum of transaction bytes per block
 * @param maxTxBytes              largest single transaction
 * @param maxBlockEvidence        evidence records per block
 * @param epochLengthBlocks       heights per epoch; validator sets change only between epochs
 * @param reputationWindowBlocks  leaders that failed a round within this many committed blocks are skipped
 */
public record ConsensusParams(int maxBlockBytes, int maxTxBytes, int maxBlockEvidence, int epochLengthBlocks,
                              int reputationWindowBlocks) {
    /** What a genesis without a {@code consensus} section gets. */
    public static final ConsensusParams DEFAULT = new ConsensusParams(1 << 20, 16 * 1024, 16, 100_000, 20);
    public static final int MAX_BLOCK_BYTES = 64 << 20;
    public static final int MAX_EPOCH_LENGTH_BLOCKS = 100_000_000;
    /** Marks this section in the genesis encoding; an options section starts with a positive count instead. */
    static final int ENCODING_TAG = -1;

    public ConsensusParams {
        if (maxTxBytes < 1 || maxBlockBytes < maxTxBytes || maxBlockBytes > MAX_BLOCK_BYTES) {
            throw new IllegalArgumentException("consensus: need 1 <= maxTxBytes <= maxBlockBytes <= " + MAX_BLOCK_BYTES
                    + ", got maxTxBytes " + maxTxBytes + ", maxBlockBytes " + maxBlockBytes);
        }
        if (maxBlockEvidence < 0 || maxBlockEvidence > 1_000) {
            throw new IllegalArgumentException("consensus: maxBlockEvidence " + maxBlockEvidence + " outside 0..1000");
        }
        if (epochLengthBlocks < 2 || epochLengthBlocks > MAX_EPOCH_LENGTH_BLOCKS) {
            throw new IllegalArgumentException("consensus: epochLengthBlocks " + epochLengthBlocks + " outside 2.."
                    + MAX_EPOCH_LENGTH_BLOCKS);
        }
        if (reputationWindowBlocks < 0 || reputationWindowBlocks > epochLengthBlocks) {
            throw new IllegalArgumentException("consensus: reputationWindowBlocks " + reputationWindowBlocks
                    + " outside 0..epochLengthBlocks");
        }
    }

    void encodeTo(CanonicalWriter out) {
        out.putInt(ENCODING_TAG).putInt(maxBlockBytes).putInt(maxTxBytes).putInt(maxBlockEvidence)
                .putInt(epochLengthBlocks).putInt(reputationWindowBlocks);
    }

    /** Reads what {@link #encodeTo} wrote after its tag. */
    static ConsensusParams decodeAfterTag(CanonicalReader in) {
        return new ConsensusParams(in.getInt(), in.getInt(), in.getInt(), in.getInt(), in.getInt());
    }
}
