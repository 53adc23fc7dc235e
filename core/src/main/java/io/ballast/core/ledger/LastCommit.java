package io.ballast.core.ledger;

import java.util.List;

/**
 * Who precommitted the previous block, from the commit certificate a block carries: the certified height and the
 * signers' indexes in the validator set that certified it (ascending). {@link #NONE} when the block carries no
 * certificate (height 1, or a ledger driven without consensus): then no downtime or reward is accounted.
 */
public record LastCommit(long height, List<Integer> signers) {
    public static final LastCommit NONE = new LastCommit(0, List.of());

    public LastCommit {
        signers = List.copyOf(signers);
        if (height < 0 || (height == 0 && !signers.isEmpty())) {
            throw new IllegalArgumentException("a last commit needs a height ≥ 1 (or none)");
        }
        int previous = -1;
        for (int index : signers) {
            if (index <= previous) {
                throw new IllegalArgumentException("signer indexes must be ascending and distinct: " + signers);
            }
            previous = index;
        }
    }

    public boolean present() {
        return height > 0;
    }
}
