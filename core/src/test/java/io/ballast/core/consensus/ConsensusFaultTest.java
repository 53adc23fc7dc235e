package io.ballast.core.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsensusFaultTest {
    private static final ConsensusConfig CONFIG = ConsensusHappyPathTest.testConfig();

    @Test
    void crashedLeaderLeadsToTimeoutCertificateAndTheNextLeaderCommits() {
        Cluster cluster = new Cluster(4, CONFIG);
        cluster.startAll();
        assertTrue(cluster.runUntil(() -> cluster.allAlivePast(3), 60_000));
        // the leader of height 4 waits emptyBlockDelay before proposing: crash it now
        int leader = cluster.validator(0).leader(0);
        assertEquals(4, cluster.validator(0).height());
        cluster.crash(leader);
        int survivor = (leader + 1) % 4;
        assertTrue(cluster.runUntil(() -> cluster.allAlivePast(4), 60_000));
        cluster.assertAgreement();

        TimeoutCertificate tc = cluster.validator(survivor).lastTimeoutCertificate();
        assertNotNull(tc);
        assertEquals(4, tc.height());
        assertEquals(0, tc.round());
        assertTrue(tc.verify(cluster.genesis.validators()));
        CommittedBlock block = cluster.validator(survivor).committedBlock(4);
        assertTrue(block.certificate().round() >= 1);
        assertTrue(block.block().header().proposer() != leader);
        assertTrue(block.verify(cluster.genesis.validators()));
        // block 5 records the failed leader of height 4 for everyone's reputation
        assertTrue(cluster.runUntil(() -> cluster.allAlivePast(5), 60_000));
        assertEquals(List.of(leader), cluster.validator(survivor).committedBlock(5).block().header().failedProposers());
    }

    @Test
    void reputationSkipsADeadValidator() {
        int withReputation = failedRoundsWithDeadValidator(CONFIG.withEpochAndWindows(1_000, 20, 200, 50));
        int withoutReputation = failedRoundsWithDeadValidator(CONFIG.withEpochAndWindows(1_000, 0, 200, 50));
        assertTrue(withReputation <= 3, "failed rounds with reputation: " + withReputation);
        assertTrue(withoutReputation >= 9, "failed rounds without reputation: " + withoutReputation);
    }

    private static int failedRoundsWithDeadValidator(ConsensusConfig config) {
        Cluster cluster = new Cluster(4, config);
        cluster.crash(2);
        cluster.startAll();
        assertTrue(cluster.runUntil(() -> cluster.allAlivePast(40), 600_000));
        cluster.assertAgreement();
        int failedRounds = 0;
        for (long h = 1; h <= 40; h++) {
            failedRounds += cluster.validator(0).committedBlock(h).certificate().round();
        }
        if (config.reputationWindowBlocks() > 0) {
            assertFalse(cluster.validator(0).leaderSchedule().eligible().contains(2)
                    && cluster.validator(0).committedBlock(40).certificate().round() == 0
                    && failedRounds == 0, "the dead validator was penalised at some point");
        }
        return failedRounds;
    }

    @Test
    void roundTimeoutsBackOffExponentiallyWithACapAndResetAfterProgress() {
        assertEquals(1_000, CONFIG.roundTimeoutMillis(0));
        assertEquals(2_000, CONFIG.roundTimeoutMillis(1));
        assertEquals(4_000, CONFIG.roundTimeoutMillis(2));
        assertEquals(8_000, CONFIG.roundTimeoutMillis(3));
        assertEquals(8_000, CONFIG.roundTimeoutMillis(30));
        assertEquals(8_000, CONFIG.roundTimeoutMillis(Integer.MAX_VALUE));

        Cluster cluster = new Cluster(4, CONFIG);
        cluster.startAll();
        assertTrue(cluster.runUntil(() -> cluster.allAlivePast(2), 60_000));
        // an adversarial network drops every proposal: each round of height 3 fails
        cluster.filter = (from, to, message) -> message instanceof Message.Proposal;
        assertTrue(cluster.runUntil(() -> cluster.validator(0).round() >= 5, 120_000));
        cluster.filter = (from, to, message) -> false;
        assertTrue(cluster.runUntil(() -> cluster.allAlivePast(4), 120_000));

        List<Long> height3 = new ArrayList<>();
        long height5RoundZero = -1;
        for (long[] entry : cluster.node(0).proposeDelays) {
            if (entry[0] == 3 && entry[1] >= 1 && entry[1] <= 5) {
                height3.add(entry[2]);
            }
            if (entry[0] == 5 && entry[1] == 0) {
                height5RoundZero = entry[2];
            }
        }
        assertEquals(List.of(2_000L, 4_000L, 8_000L, 8_000L, 8_000L), height3.subList(0, 5));
        assertEquals(CONFIG.roundTimeoutBaseMillis() + CONFIG.emptyBlockDelayMillis(), height5RoundZero);
        cluster.assertAgreement();
    }

    @Test
    void restartFromPersistedSafetyStateNeverDoubleSigns() {
        Outcome outcome = restartScenario(SafetyRules.SAFE);
        assertNull(outcome.conflictingVote, "a restarted validator must not prevote a second block");
        assertTrue(outcome.evidence.isEmpty());
    }

    @Test
    void withoutPersistBeforeSignARestartDoubleSignsAndIsCaught() {
        Outcome outcome = restartScenario(SafetyRules.unsafeWithoutPersistBeforeSign());
        assertNotNull(outcome.conflictingVote, "the hook must make the planted bug observable");
        assertEquals(1, outcome.evidence.size());
        assertTrue(outcome.evidence.get(0).verify(outcome.set, outcome.chainId));
    }

    private record Outcome(Vote conflictingVote, List<Evidence> evidence, ValidatorSet set,
                           io.ballast.core.crypto.Bytes32 chainId) {}

    /** Node 2 prevotes the leader's block A, crashes, restarts, then sees a conflicting proposal B of the same round. */
    private static Outcome restartScenario(SafetyRules rules) {
        Cluster cluster = new Cluster(4, CONFIG, rules);
        assertEquals(1, cluster.validator(0).leader(0));
        cluster.filter = (from, to, message) -> message instanceof Message.TxGossip;
        cluster.startAll();
        cluster.submit(1, CounterApp.tx(2, 1, "A"));
        assertTrue(cluster.runUntil(() -> cluster.validator(2).safetyState().step() == SafetyState.STEP_PREVOTE, 10_000));
        Vote first = cluster.validator(2).safetyState().lastVote();
        assertTrue(first != null && !first.isNil());
        cluster.crash(2);
        cluster.restart(2);

        // the leader equivocates: a second proposal for (1, 0) with other transactions
        Block other = cluster.genesisChild(1, List.of(CounterApp.tx(2, 1, "B")));
        Message.Proposal conflicting = Message.Proposal.sign(cluster.keys.get(1), cluster.chainId(), 1, 0, -1, other, 1);
        Actions actions = cluster.inject(2, conflicting.encode());
        Vote conflictingVote = null;
        for (Action action : actions.toSend()) {
            if (action instanceof Action.Broadcast b && b.message() instanceof Vote v && v.round() == 0
                    && v.type() == Vote.Type.PREVOTE && v.blockHash().equals(other.hash())) {
                conflictingVote = v;
            }
        }
        if (conflictingVote != null) {
            cluster.inject(0, first.encode());
            cluster.inject(0, conflictingVote.encode());
        }
        return new Outcome(conflictingVote, cluster.node(0).evidenceFound, cluster.genesis.validators(),
                cluster.chainId());
    }

    @Test
    void equivocationBecomesEvidenceInABlockAndTheOffenderLeavesTheSetAtTheNextEpoch() {
        ConsensusConfig config = CONFIG.withEpochAndWindows(6, 4, 50, 50);
        Cluster cluster = new Cluster(4, config);
        cluster.startAll();
        assertTrue(cluster.runUntil(() -> cluster.allAlivePast(1), 60_000));
        long height = cluster.validator(0).height();
        var key3 = cluster.keys.get(3);
        Vote a = Vote.sign(key3, cluster.chainId(), Vote.Type.PRECOMMIT, height, 7, hash("x"), cluster.now, 3);
        Vote b = Vote.sign(key3, cluster.chainId(), Vote.Type.PRECOMMIT, height, 7, hash("y"), cluster.now, 3);
        for (int i = 0; i < 3; i++) {
            cluster.inject(i, a.encode());
            cluster.inject(i, b.encode());
        }
        assertEquals(1, cluster.node(0).evidenceFound.size());
        Evidence evidence = cluster.node(0).evidenceFound.get(0);
        assertTrue(evidence.verify(cluster.genesis.validators(), cluster.chainId()));
        assertEquals(key3.publicKey(), evidence.offender());
        assertEquals(evidence, Evidence.decode(evidence.encode()));

        // validator 3 leaves the set at height 7 (the set is chosen when block 5 executes)
        assertTrue(cluster.runUntil(() -> cluster.validator(0).lastCommittedHeight() >= 14
                && cluster.validator(1).lastCommittedHeight() >= 14
                && cluster.validator(2).lastCommittedHeight() >= 14, 120_000));
        cluster.assertAgreement();
        int blocksWithEvidence = 0;
        for (long h = 1; h <= 14; h++) {
            blocksWithEvidence += cluster.validator(0).committedBlock(h).block().evidence().size();
        }
        assertEquals(1, blocksWithEvidence, "evidence is committed exactly once");
        for (int i = 0; i < 3; i++) {
            assertTrue(cluster.node(i).app.isSlashed(key3.publicKey()));
        }
        ValidatorSet now = cluster.validator(0).validatorSet();
        assertEquals(3, now.size());
        assertEquals(-1, now.indexOf(key3.publicKey()));
        CommittedBlock late = cluster.validator(0).committedBlock(14);
        assertTrue(late.verify(now));
        assertFalse(late.certificate().verify(cluster.genesis.validators()) && late.block().header().epoch() == 0);
    }

    private static io.ballast.core.crypto.Bytes32 hash(String s) {
        return io.ballast.core.crypto.Hashing.sha256(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void disablingTheLockAllowsAnAgreementViolationThatTheLockPrevents() {
        assertTrue(lockScenarioViolatesAgreement(SafetyRules.unsafeWithoutLock()));
        assertFalse(lockScenarioViolatesAgreement(SafetyRules.SAFE));
    }

    /**
     * Byzantine validator 2 (driven by hand) leads round 1 of height 1. Round 0: honest 0, 1, 3
     * prevote and precommit the leader's block A; only node 0 sees the precommits it needs and
     * commits A, then goes silent. Nodes 1 and 3 see a Byzantine nil precommit and move to round 1,
     * where validator 2 proposes B. Only the lock stops them.
     */
    private static boolean lockScenarioViolatesAgreement(SafetyRules rules) {
        Cluster cluster = new Cluster(4, CONFIG, rules);
        assertEquals(1, cluster.validator(0).leader(0));
        assertEquals(2, cluster.validator(0).leader(1));
        var byzantine = cluster.keys.get(2);
        cluster.crash(2);
        cluster.filter = (from, to, message) -> from == 0
                && !(message instanceof Vote v && v.type() == Vote.Type.PREVOTE && v.height() == 1 && v.round() == 0);
        cluster.startAll();
        for (int node : new int[] {1, 3}) {
            cluster.inject(node, Vote.sign(byzantine, cluster.chainId(), Vote.Type.PRECOMMIT, 1, 0,
                    io.ballast.core.crypto.Bytes32.ZERO, cluster.now, 2).encode());
        }
        assertTrue(cluster.runUntil(() -> cluster.validator(1).round() >= 1 && cluster.validator(3).round() >= 1,
                60_000));
        assertEquals(1, cluster.validator(0).lastCommittedHeight(), "node 0 committed A");

        Block b = cluster.genesisChild(2, List.of(CounterApp.tx(2, 9, "B")));
        byte[] proposal = Message.Proposal.sign(byzantine, cluster.chainId(), 1, 1, -1, b, 2).encode();
        byte[] prevote = Vote.sign(byzantine, cluster.chainId(), Vote.Type.PREVOTE, 1, 1, b.hash(),
                cluster.now, 2).encode();
        byte[] precommit = Vote.sign(byzantine, cluster.chainId(), Vote.Type.PRECOMMIT, 1, 1, b.hash(),
                cluster.now + 1, 2).encode();
        for (int node : new int[] {1, 3}) {
            cluster.inject(node, prevote);
            cluster.inject(node, precommit);
            cluster.inject(node, proposal);
        }
        cluster.runFor(30_000);
        return !cluster.agreementHolds();
    }
}
