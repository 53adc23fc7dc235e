package io.ballast.core.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Liveness regressions found by the simulator.
 *
 * <p>Restart (seed 5 of scenario "combined", n = 6): a validator that
 * prevoted and precommitted nil (so no lock proof holds its prevote), then crashed, came back with only its precommit. Peers that had lost
 * its prevote could never complete the prevote quorum, and with every honest vote needed the
 * height stalled for ever. The safety state now carries the round's prevote, re-sent on restart.
 */
class RestartLivenessTest {
    @Test
    void aRestartedValidatorResendsItsPrevoteSoPeersCanFinishTheRound() {
        Cluster cluster = new Cluster(4, ConsensusHappyPathTest.testConfig());
        assertEquals(1, cluster.validator(0).leader(0));
        cluster.crash(2); // silent for the whole test: 0, 1 and 3 are all needed
        // node 3 never sees the proposal (prevotes nil, then precommits nil after the prevote timeout: no
        // lock proof carries that prevote), and its prevote never reaches 0 and 1
        cluster.filter = (from, to, message) -> (to == 3 && message instanceof Message.Proposal)
                || (from == 3 && message instanceof Vote v && v.type() == Vote.Type.PREVOTE);
        cluster.startAll();
        cluster.submit(1, CounterApp.tx(2, 1, "a"));
        assertTrue(cluster.runUntil(() -> cluster.validator(3).safetyState().step() == SafetyState.STEP_PRECOMMIT,
                10_000), "node 3 precommitted nil");
        assertNotNull(cluster.validator(3).safetyState().roundPrevote(), "the persisted state keeps the prevote");
        cluster.crash(3);
        cluster.restart(3);
        cluster.filter = (from, to, message) -> false;
        assertTrue(cluster.runUntil(() -> cluster.validator(0).lastCommittedHeight() >= 1
                && cluster.validator(1).lastCommittedHeight() >= 1 && cluster.validator(3).lastCommittedHeight() >= 1,
                60_000), () -> "height 1 must commit after the restart\n" + cluster.describe());
        cluster.assertAgreement();
    }

    @Test
    void safetyStateRoundTripsWithAndWithoutTheRoundPrevoteAndJustification() {
        Cluster cluster = new Cluster(4, ConsensusHappyPathTest.testConfig());
        Vote prevote = Vote.sign(cluster.keys.get(0), cluster.chainId(), Vote.Type.PREVOTE, 3, 1,
                io.ballast.core.crypto.Bytes32.ZERO, 5, 0);
        java.util.List<Vote> justification = new java.util.ArrayList<>();
        for (int i = 1; i < 4; i++) {
            justification.add(Vote.sign(cluster.keys.get(i), cluster.chainId(), Vote.Type.PRECOMMIT, 3, 0,
                    io.ballast.core.crypto.Bytes32.ZERO, 4, i));
        }
        SafetyState with = new SafetyState(3, 1, SafetyState.STEP_PRECOMMIT, io.ballast.core.crypto.Bytes32.ZERO, null,
                -1, io.ballast.core.crypto.Bytes32.ZERO, prevote, justification);
        assertEquals(with, SafetyState.decode(with.encode()));
        SafetyState without = new SafetyState(3, 1, SafetyState.STEP_PREVOTE, io.ballast.core.crypto.Bytes32.ZERO,
                prevote, -1, io.ballast.core.crypto.Bytes32.ZERO);
        assertEquals(without, SafetyState.decode(without.encode()));
        assertEquals(SafetyState.INITIAL, SafetyState.decode(SafetyState.INITIAL.encode()));
    }

    /**
     * Regression (found by the simulator, scenario byzantine-equivocation, seed 172, n = 4): validator 0
     * is slashed, so the next epoch's set is {1, 2, 3} with new indices. Validators 1 and 2 miss the
     * precommits of the epoch's last block; validator 3 moves on alone. Its messages for the next
     * height carry its index in the new set; read with the old set they pointed at validator 2, which
     * was just as stuck, so 1 and 2 asked each other for ever.
     */
    @Test
    void aValidatorBehindAnEpochChangeSyncsFromTheRightPeer() {
        ConsensusConfig config = ConsensusHappyPathTest.testConfig().withEpochAndWindows(4, 2, 50, 50);
        Cluster cluster = new Cluster(4, config);
        cluster.startAll();
        assertTrue(cluster.runUntil(() -> cluster.allAlivePast(1), 60_000));
        long height = cluster.validator(1).height();
        assertTrue(height <= 3, "the evidence must commit before the epoch's set is decided");
        var offender = cluster.keys.get(0);
        Vote a = Vote.sign(offender, cluster.chainId(), Vote.Type.PRECOMMIT, height, 7,
                io.ballast.core.crypto.Hashing.sha256(new byte[] {1}), cluster.now, 0);
        Vote b = Vote.sign(offender, cluster.chainId(), Vote.Type.PRECOMMIT, height, 7,
                io.ballast.core.crypto.Hashing.sha256(new byte[] {2}), cluster.now, 0);
        for (int i = 1; i < 4; i++) {
            cluster.inject(i, a.encode());
            cluster.inject(i, b.encode());
        }
        cluster.filter = (from, to, message) -> (to == 1 || to == 2) && message instanceof Vote v && v.height() == 4
                && v.type() == Vote.Type.PRECOMMIT;
        assertTrue(cluster.runUntil(() -> cluster.validator(3).lastCommittedHeight() >= 4, 60_000));
        assertEquals(3, cluster.validator(3).validatorSet().size(), "validator 0 left the set");
        assertEquals(4, cluster.validator(1).height(), "validators 1 and 2 are stuck at the epoch's last block");
        assertEquals(4, cluster.validator(2).height());
        cluster.filter = (from, to, message) -> false;
        assertTrue(cluster.runUntil(() -> cluster.validator(1).lastCommittedHeight() >= 6
                && cluster.validator(2).lastCommittedHeight() >= 6 && cluster.validator(3).lastCommittedHeight() >= 6,
                60_000), () -> "the lagging validators must catch up\n" + cluster.describe());
        cluster.assertAgreement();
    }
}
