package io.ballast.core.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.Bytes32;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * After the network heals, progress must not depend on any message sent before it (issue: long
 * simulator campaigns found heights that stalled, or spun through rounds, for ever). Each test builds
 * the shape a simulator trace showed, with one validator silent (a withholding Byzantine or a crash),
 * so every honest vote is needed.
 */
class LivenessAfterHealTest {
    private static final Bytes32 NIL = Bytes32.ZERO;

    /**
     * Simulator, combined, seed 9009083, n = 4: validator 0 alone moved to round 2 on the nil
     * precommits of round 1, then crashed; restarted, it knew only its round-2 prevote. 1 and 3 waited
     * in round 1 for its round-1 precommit, which nobody held any more, and one validator in round 2 is
     * not enough (1/3) to make them skip. Now the votes that justify a round are persisted with its first
     * signature and forwarded to peers seen behind.
     */
    @Test
    void aValidatorThatMovedAheadAloneAndRestartedBringsTheOthersToItsRound() {
        Cluster cluster = new Cluster(4, ConsensusHappyPathTest.testConfig());
        cluster.crash(2);
        // rounds fail (no proposal arrives), and 0's precommit of round 1 never reaches 1 and 3
        cluster.filter = (from, to, message) -> message instanceof Message.Proposal
                || (from == 0 && message instanceof Vote v && v.type() == Vote.Type.PRECOMMIT && v.round() == 1);
        cluster.startAll();
        assertTrue(cluster.runUntil(() -> cluster.validator(0).safetyState().round() == 2, 60_000),
                () -> "node 0 signs in round 2\n" + cluster.describe());
        assertEquals(1, cluster.validator(1).round());
        assertEquals(1, cluster.validator(3).round());
        assertFalse(cluster.validator(0).safetyState().roundJustification().isEmpty(),
                "round 2's justification is persisted with its first signature");
        cluster.crash(0);
        cluster.filter = (from, to, message) -> false; // the heal
        cluster.restart(0);
        assertTrue(cluster.runUntil(() -> cluster.validator(0).lastCommittedHeight() >= 1
                && cluster.validator(1).lastCommittedHeight() >= 1 && cluster.validator(3).lastCommittedHeight() >= 1,
                120_000), () -> "height 1 must commit after the heal\n" + cluster.describe());
        cluster.assertAgreement();
    }

    /**
     * Simulator, combined, seed 71001574, n = 5 (twins): a twin prevoted nil towards some validators and
     * the block towards others. The validators that saw nil first dropped its prevote for the block, so
     * the polka a later re-proposal relied on was one vote short for them, for ever. A conflicting vote
     * now still counts for its own block.
     */
    @Test
    void anEquivocatorsPrevoteStillCountsForThePolkaOfItsBlock() {
        Cluster cluster = new Cluster(4, ConsensusHappyPathTest.testConfig());
        Bytes32 chainId = cluster.chainId();
        Validator v0 = cluster.validator(0);
        assertEquals(1, v0.leader(0));
        cluster.filter = (from, to, message) -> true; // node 0 hears only what the test injects
        cluster.startAll();
        cluster.runUntil(() -> v0.safetyState().step() == SafetyState.STEP_PREVOTE, 10_000);
        assertEquals(NIL, v0.safetyState().signedHash(), "node 0 prevoted nil on its propose timeout");

        Block block = cluster.genesisChild(1, List.of());
        cluster.inject(0, Message.Proposal.sign(cluster.keys.get(1), chainId, 1, 0, -1, block, 1).encode());
        cluster.inject(0, prevote(cluster, 3, NIL).encode()); // the twin's first prevote, as node 0 sees it
        cluster.inject(0, prevote(cluster, 1, block.hash()).encode());
        cluster.inject(0, prevote(cluster, 2, block.hash()).encode());
        Actions conflicting = cluster.inject(0, prevote(cluster, 3, block.hash()).encode());

        assertTrue(conflicting.notifications().stream().anyMatch(a -> a instanceof Action.EvidenceFound),
                "the conflict is still evidence");
        assertEquals(SafetyState.STEP_PRECOMMIT, v0.safetyState().step());
        assertEquals(block.hash(), v0.safetyState().signedHash(), "1, 2 and 3 prevoted the block: a polka");
        assertEquals(0, v0.safetyState().lockedRound());
    }

    /** Votes from more than 1/3 of the stake in a round beyond the future-round window still move a validator there. */
    @Test
    void votesFarAheadFromMoreThanAThirdOfTheStakeMoveAValidatorThere() {
        Cluster cluster = new Cluster(4, ConsensusHappyPathTest.testConfig());
        cluster.filter = (from, to, message) -> true;
        cluster.startAll();
        int far = cluster.config.futureRoundWindow() + 40;
        cluster.inject(0, Vote.sign(cluster.keys.get(1), cluster.chainId(), Vote.Type.PREVOTE, 1, far, NIL, 1, 1)
                .encode());
        assertEquals(0, cluster.validator(0).round(), "one validator (1/4 of the stake) is not enough");
        cluster.inject(0, Vote.sign(cluster.keys.get(2), cluster.chainId(), Vote.Type.PRECOMMIT, 1, far + 3, NIL, 1, 2)
                .encode());
        assertEquals(far, cluster.validator(0).round(), "two validators have reached round " + far + " or later");
    }

    /** A peer seen in an earlier round gets the votes that justify this validator's round, once per round. */
    @Test
    void aPeerSeenBehindGetsTheJustificationOfTheRound() {
        Cluster cluster = new Cluster(4, ConsensusHappyPathTest.testConfig());
        cluster.filter = (from, to, message) -> true;
        cluster.startAll();
        for (int i = 1; i <= 3; i++) {
            cluster.inject(0, Vote.sign(cluster.keys.get(i), cluster.chainId(), Vote.Type.PRECOMMIT, 1, 0, NIL, 1, i)
                    .encode());
        }
        assertEquals(1, cluster.validator(0).round(), "the nil precommits of 1, 2 and 3 form a timeout certificate");
        Actions answer = cluster.inject(0, Vote.sign(cluster.keys.get(1), cluster.chainId(), Vote.Type.PREVOTE, 1, 0,
                NIL, 1, 1).encode());
        List<Vote> forwarded = answer.toSend().stream().filter(a -> a instanceof Action.Send)
                .map(a -> (Vote) ((Action.Send) a).message()).toList();
        assertEquals(3, forwarded.size(), "the three precommits of round 0, to validator 1");
        assertTrue(answer.toSend().stream().allMatch(a -> a instanceof Action.Send s
                && s.to().equals(cluster.keys.get(1).publicKey())));
        assertTrue(forwarded.stream().allMatch(v -> v.type() == Vote.Type.PRECOMMIT && v.round() == 0));
        Actions again = cluster.inject(0, Vote.sign(cluster.keys.get(1), cluster.chainId(), Vote.Type.PREVOTE, 1, 0,
                NIL, 1, 1).encode());
        assertTrue(again.toSend().isEmpty(), "a repeated vote is not answered again (the periodic retransmission is)");
    }

    private static Vote prevote(Cluster cluster, int validator, Bytes32 hash) {
        return Vote.sign(cluster.keys.get(validator), cluster.chainId(), Vote.Type.PREVOTE, 1, 0, hash,
                Cluster.GENESIS_MILLIS + 1, validator);
    }
}
