package io.ballast.core.consensus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Block time = the stake-weighted median of the precommit timestamps in the previous block's
 * commit certificate. The certificate holds more than 2/3 of the stake and faulty validators less
 * than 1/3, i.e. less than half of the certificate's stake, so the median lies between the
 * smallest and largest honest timestamps: faulty validators cannot move it outside honest clocks.
 * Honest precommits are stamped after the block they commit, so block time strictly increases.
 */
public final class BlockTime {
    private BlockTime() {}

    /** The smallest timestamp t such that the stake of signatures at or before t exceeds half the certificate's stake. */
    public static long weightedMedian(CommitCertificate certificate, ValidatorSet set) {
        List<CommitCertificate.CommitSig> sigs = new ArrayList<>(certificate.signatures());
        sigs.sort(Comparator.comparingLong(CommitCertificate.CommitSig::timestampMillis)
                .thenComparingInt(CommitCertificate.CommitSig::validator));
        long total = 0;
        for (CommitCertificate.CommitSig sig : sigs) {
            total += set.stake(sig.validator());
        }
        long cumulative = 0;
        for (CommitCertificate.CommitSig sig : sigs) {
            cumulative += set.stake(sig.validator());
            if (cumulative * 2 > total) {
                return sig.timestampMillis();
            }
        }
        throw new IllegalArgumentException("empty certificate");
    }
}
