package io.ballast.core.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SyncTest {
    private static final ConsensusConfig CONFIG = ConsensusHappyPathTest.testConfig();

    @Test
    void aLaggingValidatorFetchesCertifiedBlocksAndRejoins() {
        Cluster cluster = new Cluster(4, CONFIG);
        cluster.startAll();
        cluster.submit(0, CounterApp.tx(1, 3, "withdraw"));
        assertTrue(cluster.runUntil(() -> cluster.allAlivePast(3), 60_000));
        cluster.crash(3);
        assertTrue(cluster.runUntil(() -> cluster.validator(0).lastCommittedHeight() >= 30, 300_000));
        cluster.restart(3);
        assertEquals(3, cluster.validator(3).lastCommittedHeight(), "restored from its own store");
        long target = cluster.validator(0).lastCommittedHeight() + 5;
        assertTrue(cluster.runUntil(() -> cluster.allAlivePast(target), 120_000));
        cluster.assertAgreement();
        assertNull(cluster.node(3).store.checkpoint(), "within the sync window: blocks, not a snapshot");
        assertEquals(cluster.validator(0).committedBlock(target).block().hash(),
                cluster.validator(3).committedBlock(target).block().hash());
        assertEquals(1, cluster.node(3).app.executedTxs());
        // it votes again: some late block carries its precommit
        boolean signed = false;
        for (long h = target - 3; h <= target; h++) {
            for (CommitCertificate.CommitSig sig : cluster.validator(0).committedBlock(h).certificate().signatures()) {
                signed |= sig.validator() == 3;
            }
        }
        assertTrue(signed);
    }

    @Test
    void aValidatorFarBehindInstallsACertifiedSnapshotThenRestartsFromItsCheckpoint() {
        ConsensusConfig config = CONFIG.withEpochAndWindows(1_000, 4, 8, 5);
        Cluster cluster = new Cluster(4, config);
        cluster.filter = (from, to, message) -> from == 3 || to == 3;
        cluster.startAll();
        cluster.submit(0, CounterApp.tx(2, 3, "trade"));
        assertTrue(cluster.runUntil(() -> cluster.validator(0).lastCommittedHeight() >= 30, 300_000));
        assertEquals(0, cluster.validator(3).lastCommittedHeight());
        cluster.filter = (from, to, message) -> false;
        long target = cluster.validator(0).lastCommittedHeight() + 3;
        assertTrue(cluster.runUntil(() -> cluster.allAlivePast(target), 120_000));
        cluster.assertAgreement();

        assertNotNull(cluster.node(3).store.checkpoint(), "caught up through a snapshot");
        Checkpoint checkpoint = Checkpoint.decode(cluster.node(3).store.checkpoint());
        assertTrue(checkpoint.height() >= 20 && checkpoint.height() % 5 == 0);
        assertFalse(cluster.node(3).app.executedHeights.contains(1L), "never executed the early blocks");
        assertEquals(cluster.validator(0).committedBlock(target).block().header().stateRoot(),
                cluster.validator(3).committedBlock(target).block().header().stateRoot());

        // restart from checkpoint + stored blocks above it
        cluster.crash(3);
        cluster.restart(3);
        assertTrue(cluster.validator(3).lastCommittedHeight() >= target);
        long later = cluster.validator(0).lastCommittedHeight() + 3;
        assertTrue(cluster.runUntil(() -> cluster.allAlivePast(later), 120_000));
        cluster.assertAgreement();
        assertEquals(cluster.validator(0).stateRoot(), cluster.validator(3).stateRoot());
    }

    @Test
    void aSnapshotInstallNeverProposesATransactionTheSkippedBlocksCommitted() {
        ConsensusConfig config = CONFIG.withEpochAndWindows(1_000, 4, 8, 5);
        Cluster cluster = new Cluster(4, config);
        cluster.filter = (from, to, message) -> from == 3 || to == 3;
        cluster.startAll();
        byte[] once = CounterApp.tx(2, 3, "once");
        cluster.submit(3, once); // cut off: only validator 3's mempool holds it
        cluster.submit(0, once);
        assertTrue(cluster.runUntil(() -> cluster.validator(0).lastCommittedHeight() >= 30, 300_000));
        assertTrue(cluster.validator(3).mempool().contains(Block.txHash(once)));
        long healedAt = cluster.validator(0).lastCommittedHeight();
        cluster.filter = (from, to, message) -> false;
        long target = healedAt + 24; // validator 3 leads several of these rounds
        assertTrue(cluster.runUntil(() -> cluster.allAlivePast(target), 300_000));
        cluster.assertAgreement();

        assertNotNull(cluster.node(3).store.checkpoint(), "caught up through a snapshot");
        assertFalse(cluster.validator(3).mempool().contains(Block.txHash(once)));
        int inclusions = 0;
        int proposedBy3 = 0;
        for (byte[] stored : cluster.node(0).store.blocks()) {
            CommittedBlock block = CommittedBlock.decode(stored);
            proposedBy3 += block.height() > healedAt && block.block().header().proposer() == 3 ? 1 : 0;
            for (byte[] tx : block.block().transactions()) {
                inclusions += java.util.Arrays.equals(tx, once) ? 1 : 0;
            }
        }
        assertEquals(1, inclusions, "committed once, never again");
        assertTrue(proposedBy3 > 0, "validator 3 proposed after its snapshot install");
    }

    @Test
    void aForgedSnapshotIsRejected() {
        ConsensusConfig config = CONFIG.withEpochAndWindows(1_000, 4, 8, 5);
        Cluster cluster = new Cluster(4, config);
        cluster.filter = (from, to, message) -> to == 3 || from == 3;
        cluster.startAll();
        assertTrue(cluster.runUntil(() -> cluster.validator(0).lastCommittedHeight() >= 20, 300_000));
        // take a genuine response from validator 0 and tamper with the snapshot bytes (re-signed by 0: a Byzantine server)
        Validator server = cluster.validator(0);
        Actions answer = server.step(new Event.Received(
                Message.Codec.snapshotRequest(cluster.keys.get(3), cluster.chainId(), 0).encode(), cluster.now));
        Message.SnapshotResponse genuine = (Message.SnapshotResponse) ((Action.Send) answer.toSend().get(0)).message();
        byte[] bad = genuine.snapshot().clone();
        bad[0] ^= 1;
        Message.SnapshotResponse forged = Message.Codec.snapshotResponse(cluster.keys.get(0), cluster.chainId(),
                genuine.snapshotHeight(), bad, genuine.history(), genuine.attesting(), genuine.nextValidators(),
                genuine.epochProofs());
        cluster.inject(3, forged.encode());
        assertEquals(0, cluster.validator(3).lastCommittedHeight());
        assertTrue(cluster.validator(3).isAwaitingSnapshot(), "state was overwritten by a bad snapshot: wait for a good one");
        cluster.inject(3, genuine.encode());
        assertFalse(cluster.validator(3).isAwaitingSnapshot());
        assertEquals(genuine.snapshotHeight() + 1, cluster.validator(3).lastCommittedHeight());
    }
}
