package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.btc;
import static io.ballast.core.ledger.LedgerFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.crypto.MerkleProof;
import io.ballast.core.encoding.DecodingException;
import io.ballast.core.ledger.LedgerFixtures.Chain;
import io.ballast.core.ledger.tx.TxBody;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateRootTest {
    private final KeyPair alice = LedgerFixtures.key("alice");
    private final KeyPair bob = LedgerFixtures.key("bob");
    private final KeyPair carol = LedgerFixtures.key("carol");

    /** Deposits, trades, LP, a price move, funding, a liquidation: a bit of everything. */
    private Chain scenario() {
        Chain chain = new Chain(LedgerFixtures.genesis());
        chain.block(chain.deposit(alice, usd(1_000)), chain.deposit(bob, usd(50_000)), chain.deposit(carol, usd(7_000)));
        chain.block(chain.trade(alice, btc(1)), chain.trade(bob, -btc(2)), chain.signed(carol, new TxBody.LpDeposit(usd(5_000))));
        chain.setPrice(usd(10_200));
        chain.block(chain.trade(bob, btc(1) / 3), chain.withdraw(carol, usd(100)));
        chain.setPrice(usd(9_300));                                       // Alice liquidated at block end
        chain.blockAt(LedgerFixtures.GENESIS_TIME_MILLIS + 3_600_000);    // stale + funding
        chain.setPrice(usd(9_500));
        chain.block(chain.close(bob), chain.signed(carol, new TxBody.LpWithdraw(1_000_000)));
        return chain;
    }

    @Test
    void sameBlocksGiveSameRootsAndSnapshotRestoreMidwayChangesNothing() {
        Chain original = scenario();
        List<LedgerBlock> blocks = original.history;
        assertTrue(original.state.totals().cashConserved());

        LedgerState replay = LedgerState.fromGenesis(LedgerFixtures.genesis());
        Ledger ledger = Ledger.verifying();
        List<Bytes32> roots = new ArrayList<>();
        int middle = blocks.size() / 2;
        for (int i = 0; i < middle; i++) {
            roots.add(ledger.apply(replay, blocks.get(i)).stateRoot());
        }
        byte[] snapshot = replay.snapshot();
        LedgerState restored = LedgerState.restore(snapshot);
        assertEquals(replay.stateRoot(), restored.stateRoot());
        assertArrayEquals(snapshot, restored.snapshot());
        for (int i = middle; i < blocks.size(); i++) {
            Bytes32 a = ledger.apply(replay, blocks.get(i)).stateRoot();
            Bytes32 b = ledger.apply(restored, blocks.get(i)).stateRoot();
            assertEquals(a, b, "block " + (i + 1));
        }
        assertEquals(original.state.stateRoot(), restored.stateRoot());
        assertEquals(original.state.totals(), restored.totals());
    }

    @Test
    void corruptSnapshotsAreRefused() {
        byte[] snapshot = scenario().state.snapshot();
        assertThrows(DecodingException.class, () -> LedgerState.restore(java.util.Arrays.copyOf(snapshot, snapshot.length - 1)));
        byte[] extra = java.util.Arrays.copyOf(snapshot, snapshot.length + 1);
        assertThrows(DecodingException.class, () -> LedgerState.restore(extra));
        byte[] wrongTotal = snapshot.clone();
        // last account (Carol, no position) = key 32, nonce 8, collateral 8, shares 8, count 4: byte 46 is in collateral
        wrongTotal[wrongTotal.length - 14] ^= 1;
        assertThrows(DecodingException.class, () -> LedgerState.restore(wrongTotal));
    }

    @Test
    void accountProofVerifiesAndFailsWhenAnythingIsAltered() {
        Chain chain = scenario();
        Bytes32 root = chain.state.stateRoot();
        AccountProof proof = chain.state.proveAccount(bob.publicKey()).orElseThrow();
        assertTrue(AccountProof.verify(root, proof));
        assertEquals(chain.collateral(bob), proof.collateralUsd());

        byte[] encoding = proof.accountEncoding();
        for (int i = 0; i < encoding.length; i++) {
            byte[] altered = encoding.clone();
            altered[i] ^= 0x01;
            assertFalse(AccountProof.verify(root, bob.publicKey(), altered, proof.proof()), "byte " + i);
        }
        List<Bytes32> siblings = new ArrayList<>(proof.proof().siblings());
        byte[] first = siblings.get(0).toArray();
        first[0] ^= 1;
        siblings.set(0, Bytes32.wrap(first));
        MerkleProof badPath = new MerkleProof(proof.proof().leafIndex(), proof.proof().leafCount(), siblings);
        assertFalse(AccountProof.verify(root, bob.publicKey(), encoding, badPath));
        assertFalse(AccountProof.verify(root, alice.publicKey(), encoding, proof.proof()), "other account's key");
        assertTrue(chain.state.proveAccount(LedgerFixtures.key("nobody").publicKey()).isEmpty());

        chain.block(chain.withdraw(bob, usd(1)));
        assertNotEquals(root, chain.state.stateRoot());
        assertFalse(AccountProof.verify(chain.state.stateRoot(), proof), "stale proof against the new root");
    }

    @Test
    void incrementalRootEqualsRootOfAFreshlyBuiltTree() {
        Chain chain = scenario();
        // restore() rebuilds every leaf from scratch; the incrementally maintained root must match it.
        assertEquals(LedgerState.restore(chain.state.snapshot()).stateRoot(), chain.state.stateRoot());
    }
}
