package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import java.util.List;

/**
 * Nil precommits of more than 2/3 of the stake at (height, round): proof that the round failed
 * (e.g. its leader crashed) and cannot commit anything any more (a commit would need a second
 * quorum, which would overlap this one in more than 1/3 equivocating stake). A validator that
 * assembles one moves to the next round at once instead of waiting out its precommit timeout.
 */
public record TimeoutCertificate(Bytes32 chainId, long height, int round, List<CommitCertificate.CommitSig> signatures) {
    public TimeoutCertificate {
        signatures = List.copyOf(signatures);
    }

    public boolean verify(ValidatorSet set) {
        return CommitCertificate.verifySignatures(set, chainId, Vote.Type.PRECOMMIT, height, round, Bytes32.ZERO,
                signatures);
    }
}
