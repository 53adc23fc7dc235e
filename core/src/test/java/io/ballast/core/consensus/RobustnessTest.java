package io.ballast.core.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.Bytes32;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RobustnessTest {
    private static final ConsensusConfig CONFIG = ConsensusHappyPathTest.testConfig();

    private static void assertIgnored(Cluster cluster, byte[] bytes) {
        Validator validator = cluster.validator(0);
        long height = validator.height();
        int round = validator.round();
        SafetyState safety = validator.safetyState();
        int mempool = validator.mempool().size();
        Actions actions = cluster.inject(0, bytes);
        assertTrue(actions.toPersist().isEmpty() && actions.toSend().isEmpty() && actions.notifications().isEmpty(),
                actions.toString());
        assertEquals(height, validator.height());
        assertEquals(round, validator.round());
        assertEquals(safety, validator.safetyState());
        assertEquals(mempool, validator.mempool().size());
    }

    @Test
    void garbageMalformedOversizedAndBadlySignedMessagesChangeNothing() {
        Cluster cluster = new Cluster(4, CONFIG);
        cluster.crash(1);
        cluster.crash(2);
        cluster.crash(3);
        cluster.startAll();
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            byte[] garbage = new byte[random.nextInt(200)];
            random.nextBytes(garbage);
            if (garbage.length > 0) {
                garbage[0] = (byte) random.nextInt(9);
            }
            assertIgnored(cluster, garbage);
        }
        assertIgnored(cluster, new byte[0]);
        assertIgnored(cluster, new byte[CONFIG.maxMessageBytes() + CONFIG.maxSnapshotBytes() + 1]);

        var key1 = cluster.keys.get(1);
        Bytes32 block = Bytes32.fromHex("11".repeat(32));
        Vote good = Vote.sign(key1, cluster.chainId(), Vote.Type.PREVOTE, 1, 0, block, cluster.now, 1);
        byte[] encoded = good.encode();
        byte[] truncated = java.util.Arrays.copyOf(encoded, encoded.length - 1);
        assertIgnored(cluster, truncated);
        byte[] trailing = java.util.Arrays.copyOf(encoded, encoded.length + 1);
        assertIgnored(cluster, trailing);
        byte[] badSignature = encoded.clone();
        badSignature[badSignature.length - 1] ^= 1;
        cluster.inject(0, badSignature);
        // signed by validator 1's key but claiming to be validator 2
        cluster.inject(0, Vote.sign(key1, cluster.chainId(), Vote.Type.PREVOTE, 1, 0, block, cluster.now, 2).encode());
        assertIgnored(cluster, Vote.sign(key1, cluster.chainId(), Vote.Type.PREVOTE, 1, 0, block, cluster.now, 99).encode());
        // another chain's vote
        cluster.inject(0, Vote.sign(key1, Bytes32.ZERO, Vote.Type.PREVOTE, 1, 0, block, cluster.now, 1).encode());
        // far-future round
        assertIgnored(cluster, Vote.sign(key1, cluster.chainId(), Vote.Type.PREVOTE, 1, 500, block, cluster.now, 1).encode());
        // a proposal from a validator that does not lead the round
        Block b = cluster.genesisChild(3, List.of());
        assertIgnored(cluster, Message.Proposal.sign(cluster.keys.get(3), cluster.chainId(), 1, 0, -1, b, 3).encode());
        // gossip from a non-validator
        var stranger = io.ballast.core.crypto.Ed25519.keyPairFromLabel("stranger");
        assertIgnored(cluster, Message.Codec.txGossip(stranger.publicKey(), List.of(CounterApp.tx(2, 1, "spam"))).encode());

        // none of the bad votes was counted: a genuine vote for another block is not an equivocation
        cluster.inject(0, Vote.sign(key1, cluster.chainId(), Vote.Type.PREVOTE, 1, 0, Bytes32.ZERO, cluster.now, 1).encode());
        assertTrue(cluster.node(0).evidenceFound.isEmpty());
        assertEquals(0, cluster.validator(0).lastCommittedHeight());
    }

    @Test
    void codecsRoundTrip() {
        Cluster cluster = new Cluster(4, CONFIG);
        cluster.startAll();
        assertTrue(cluster.runUntil(() -> cluster.allAlivePast(3), 60_000));
        CommittedBlock block = cluster.validator(0).committedBlock(3);
        assertEquals(block.block(), CommittedBlock.decode(block.encode()).block());
        assertEquals(block.block().header(), BlockHeader.decode(block.block().header().encode()));
        ValidatorSet set = cluster.genesis.validators();
        assertEquals(set, ValidatorSet.decode(set.encode()));
        SafetyState safety = cluster.validator(1).safetyState();
        assertEquals(safety, SafetyState.decode(safety.encode()));
        for (Message message : cluster.sent(0)) {
            Message decoded = Message.decode(message.encode(), CONFIG);
            assertTrue(java.util.Arrays.equals(message.encode(), decoded.encode()));
        }
    }
}
