package io.ballast.actors.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.SignatureVerifier.Purpose;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The node's verified-signature cache: each signature checked once, on the verification pool when asked to. */
class NodeSignaturesTest {
    private static final String CHAIN = "signatures-test";
    private static final KeyPair AUTHORITY = Ed25519.keyPairFromLabel("signatures-test/authority");

    @Test
    void aGoodSignatureIsVerifiedOnceABadOneEveryTime() {
        NodeSignatures signatures = new NodeSignatures(16);
        SignedTransaction good = deposit(1);
        assertTrue(signatures.verify(good, CHAIN, Purpose.API));
        assertTrue(signatures.verify(good, CHAIN, Purpose.MEMPOOL));
        assertEquals(1, signatures.verifications(Purpose.API));
        assertEquals(0, signatures.verifications(Purpose.MEMPOOL), "the second check was a cache hit");

        SignedTransaction otherChain = SignedTransaction.sign("another-chain", AUTHORITY, 2,
                new TxBody.Deposit(AUTHORITY.publicKey(), 1));
        assertFalse(signatures.verify(otherChain, CHAIN, Purpose.API));
        assertFalse(signatures.verify(otherChain, CHAIN, Purpose.API));
        assertEquals(3, signatures.verifications(Purpose.API), "a failed check is never cached");
    }

    @Test
    void preverifiedTransactionsAreCacheHitsAfterwards() throws Exception {
        NodeSignatures signatures = new NodeSignatures(1_000);
        List<byte[]> encoded = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            encoded.add(deposit(i).encode());
        }
        encoded.add(new byte[] {1, 2, 3}); // undecodable: left for admission to refuse
        CompletableFutureResult.await(signatures.preverify(encoded, CHAIN, Purpose.MEMPOOL));
        assertEquals(200, signatures.verifications(Purpose.MEMPOOL));
        assertEquals(200, signatures.size());
        for (int i = 1; i <= 200; i++) {
            assertTrue(signatures.verify(deposit(i), CHAIN, Purpose.EXECUTION));
        }
        assertEquals(0, signatures.verifications(Purpose.EXECUTION), "every later check hit the cache");
    }

    @Test
    void aSaturatedPoolRefusesAndCountsTheRefusal() {
        NodeSignatures signatures = new NodeSignatures(100_000, 1, 1);
        List<byte[]> encoded = new ArrayList<>();
        for (int i = 1; i <= NodeSignatures.TRANSACTIONS_PER_TASK * 10; i++) {
            encoded.add(deposit(i).encode());
        }
        assertNull(signatures.preverify(encoded, CHAIN, Purpose.MEMPOOL), "ten tasks for one thread and one queue slot");
        assertEquals(1, signatures.preverifyRefusals());
    }

    private static SignedTransaction deposit(long nonce) {
        return SignedTransaction.sign(CHAIN, AUTHORITY, nonce, new TxBody.Deposit(AUTHORITY.publicKey(), nonce));
    }

    private static final class CompletableFutureResult {
        static void await(java.util.concurrent.CompletableFuture<Void> future) throws Exception {
            assertNotNull(future, "the pool accepted the work");
            future.get(30, TimeUnit.SECONDS);
        }
    }
}
