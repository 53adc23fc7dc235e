package io.ballast.core.consensus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.Bytes32;
import org.junit.jupiter.api.Test;

class ConsensusHappyPathTest {
    static ConsensusConfig testConfig() {
        return new ConsensusConfig(1_000, 8_000, 200, 100, 100, 64 * 1024, 1_024, 8,
                new int[] {100, 100, 100}, 1_000, 20, 200, 50, 500, 20, 10, 1_000, 1 << 20, 1 << 20, 64, 250);
    }

    @Test
    void fourValidatorsCommitTheSameBlocksWithValidCertificates() {
        Cluster cluster = new Cluster(4, testConfig());
        cluster.startAll();
        cluster.submit(0, CounterApp.tx(2, 5, "trade-1"), CounterApp.tx(0, 1, "oracle-1"));
        assertTrue(cluster.runUntil(() -> cluster.allAlivePast(10), 60_000));
        cluster.assertAgreement();

        ValidatorSet set = cluster.genesis.validators();
        long previousTime = 0;
        Bytes32 parent = cluster.chainId();
        for (long h = 1; h <= 10; h++) {
            CommittedBlock block = cluster.validator(1).committedBlock(h);
            assertNotNull(block, "height " + h);
            assertTrue(block.verify(set), "certificate of " + h);
            assertTrue(block.certificate().verify(set, cluster.chainId()));
            assertEquals(0, block.certificate().round(), "no failed round on the happy path");
            assertEquals(parent, block.block().header().parentHash());
            assertTrue(block.block().header().timestampMillis() > previousTime || h == 1);
            previousTime = block.block().header().timestampMillis();
            parent = block.block().hash();
        }
        CommittedBlock first = cluster.validator(2).committedBlock(1);
        assertArrayEquals(CounterApp.tx(0, 1, "oracle-1"), first.block().transactions().get(0), "lane 0 before lane 2");
        assertEquals(2, first.block().transactions().size());
        for (int i = 0; i < 4; i++) {
            assertEquals(2, cluster.node(i).app.executedTxs());
            assertEquals(0, cluster.validator(i).mempool().size(), "committed txs leave every mempool");
            assertEquals(cluster.validator(0).stateRoot(), cluster.validator(i).stateRoot());
        }
        // block 2 says the state root after block 1
        assertEquals(cluster.validator(0).committedBlock(2).block().header().stateRoot(),
                rootAfter(cluster, 1));
    }

    private static Bytes32 rootAfter(Cluster cluster, long height) {
        CounterApp app = cluster.newApp();
        for (long h = 1; h <= height; h++) {
            app.execute(cluster.validator(0).committedBlock(h));
        }
        return app.stateRoot();
    }

    @Test
    void tamperedCertificatesFailVerification() {
        Cluster cluster = new Cluster(4, testConfig());
        cluster.startAll();
        assertTrue(cluster.runUntil(() -> cluster.allAlivePast(2), 60_000));
        CommittedBlock block = cluster.validator(0).committedBlock(2);
        ValidatorSet set = cluster.genesis.validators();
        CommitCertificate cert = block.certificate();
        assertTrue(cert.verify(set));
        // too little stake: keep two signatures
        CommitCertificate two = new CommitCertificate(cert.chainId(), cert.height(), cert.round(), cert.blockHash(),
                cert.signatures().subList(0, 2));
        assertFalse(two.verify(set));
        // another block hash
        CommitCertificate other = new CommitCertificate(cert.chainId(), cert.height(), cert.round(),
                cluster.validator(0).committedBlock(1).block().hash(), cert.signatures());
        assertFalse(other.verify(set));
        // another chain
        assertFalse(cert.verify(set, Bytes32.ZERO));
        // round-trips through its encoding
        assertTrue(CommitCertificate.decode(cert.encode()).verify(set));
        assertEquals(block.block().hash(), CommittedBlock.decode(block.encode()).block().hash());
    }
}
