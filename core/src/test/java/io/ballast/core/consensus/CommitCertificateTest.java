package io.ballast.core.consensus;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.Hashing;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.crypto.Signature;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A certificate verifies only with valid signatures of more than 2/3 of the stake; votes already verified are not checked twice. */
class CommitCertificateTest {
    private static final Bytes32 CHAIN = Hashing.sha256("certificate-test".getBytes());
    private static final List<KeyPair> KEYS = IntStream.range(0, 4).mapToObj(i -> Ed25519.keyPairFromLabel("cert-" + i)).toList();
    private static final ValidatorSet SET = new ValidatorSet(KEYS.stream().map(k -> new ValidatorInfo(k.publicKey(), 100)).toList());
    private static final Bytes32 BLOCK = Hashing.sha256("block".getBytes());

    private static List<Vote> precommits(int... signers) {
        List<Vote> votes = new ArrayList<>();
        for (int i : signers) {
            votes.add(Vote.sign(KEYS.get(i), CHAIN, Vote.Type.PRECOMMIT, 7, 2, BLOCK, 1_000 + i, i));
        }
        return votes;
    }

    private static CommitCertificate certificate(List<Vote> votes) {
        return new CommitCertificate(CHAIN, 7, 2, BLOCK, votes.stream()
                .map(v -> new CommitCertificate.CommitSig(v.validator(), v.timestampMillis(), v.signature())).toList());
    }

    private static Vote forged(Vote vote) {
        byte[] bytes = vote.signature().toArray();
        bytes[5] ^= 1;
        return new Vote(vote.type(), vote.height(), vote.round(), vote.blockHash(), vote.timestampMillis(),
                vote.validator(), Signature.wrap(bytes));
    }

    @Test
    void validQuorumVerifiesAndTooLittleStakeOrAnotherChainDoesNot() {
        assertTrue(certificate(precommits(0, 1, 2)).verify(SET, CHAIN));
        assertTrue(certificate(precommits(0, 1, 2, 3)).verify(SET, CHAIN, Set.of()));
        assertFalse(certificate(precommits(0, 1)).verify(SET, CHAIN));
        assertFalse(certificate(precommits(0, 1)).verify(SET, CHAIN, new HashSet<>(precommits(0, 1))));
        assertFalse(certificate(precommits(0, 1, 2)).verify(SET, Hashing.sha256("other".getBytes())));
    }

    @Test
    void aForgedSignatureFailsEvenWhenTheGenuineVoteWasVerifiedBefore() {
        List<Vote> votes = precommits(0, 1, 2);
        List<Vote> withForgery = new ArrayList<>(votes);
        withForgery.set(1, forged(votes.get(1)));
        Set<Vote> verified = new HashSet<>(votes);
        assertFalse(certificate(withForgery).verify(SET, CHAIN));
        assertFalse(certificate(withForgery).verify(SET, CHAIN, verified));
        assertFalse(certificate(withForgery).verify(SET, CHAIN, Set.of(votes.get(0), votes.get(2))));
    }

    @Test
    void votesAlreadyVerifiedAreTrustedAndOnlyTheOthersAreChecked() {
        List<Vote> votes = precommits(0, 1, 2);
        List<Vote> withForgery = new ArrayList<>(votes);
        withForgery.set(2, forged(votes.get(2)));
        // The forged vote counts as verified only because the caller says so: its signature is not checked again.
        assertTrue(certificate(withForgery).verify(SET, CHAIN, Set.of(votes.get(0), votes.get(1), withForgery.get(2))));
        assertFalse(certificate(withForgery).verify(SET, CHAIN, Set.of(votes.get(0), votes.get(1))));
    }
}
