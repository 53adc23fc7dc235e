package io.ballast.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.property.PropertyCheck;
import io.ballast.core.property.Seed;
import io.ballast.core.property.Seeds;
import io.ballast.core.property.Shrinker.Candidate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

class MerkleTreeTest {
    private static byte[] leafData(int i) {
        return ("leaf-" + i).getBytes(StandardCharsets.UTF_8);
    }

    private static MerkleTree treeOf(int count) {
        MerkleTree tree = new MerkleTree();
        for (int i = 0; i < count; i++) {
            tree.append(MerkleTree.leafHash(leafData(i)));
        }
        return tree;
    }

    @Test
    void twoLeafRootIsWorkedOutByHand() {
        Bytes32 a = MerkleTree.leafHash(leafData(0));
        Bytes32 b = MerkleTree.leafHash(leafData(1));
        Bytes32 expected = MerkleTree.bindRoot(2, Hashing.node(a, b));
        assertEquals(expected, treeOf(2).root());
    }

    @Test
    void rootBindsTheLeafCount() {
        MerkleTree withZeroLeaf = treeOf(1);
        withZeroLeaf.append(Bytes32.ZERO);
        assertNotEquals(treeOf(1).root(), withZeroLeaf.root());
    }

    @Test
    void incrementalUpdatesMatchAFreshBuild() {
        MerkleTree tree = treeOf(37);
        tree.root();
        tree.set(5, MerkleTree.leafHash("changed".getBytes(StandardCharsets.UTF_8)));
        tree.set(36, MerkleTree.leafHash("also".getBytes(StandardCharsets.UTF_8)));
        MerkleTree fresh = new MerkleTree();
        for (int i = 0; i < 37; i++) {
            fresh.append(i == 5 ? MerkleTree.leafHash("changed".getBytes(StandardCharsets.UTF_8))
                    : i == 36 ? MerkleTree.leafHash("also".getBytes(StandardCharsets.UTF_8))
                    : MerkleTree.leafHash(leafData(i)));
        }
        assertEquals(fresh.root(), tree.root());
    }

    /** Trees of 1–70 leaves; a failing size shrinks to the smallest size that fails. */
    @ParameterizedTest(name = Seeds.NAME)
    @Seeds(tries = 200)
    void everyLeafProofVerifiesAndAnyAlteredByteFails(Seed seed) {
        PropertyCheck.check(seed, gen -> gen.intsWithBounds(1, 70),
                count -> IntStream.range(1, count).mapToObj(c -> new Candidate<>(c, c + " leaves")).toList(),
                MerkleTreeTest::proofsVerifyAndResistAlteration);
    }

    private static void proofsVerifyAndResistAlteration(int count) {
        MerkleTree tree = treeOf(count);
        Bytes32 root = tree.root();
        for (int i = 0; i < count; i++) {
            MerkleProof proof = tree.proof(i);
            assertTrue(proof.verify(root, leafData(i)), "leaf " + i + " of " + count);
            byte[] altered = leafData(i);
            altered[altered.length - 1] ^= 1;
            assertFalse(proof.verify(root, altered));
            assertFalse(new MerkleProof(i, count + 1, proof.siblings()).verify(root, leafData(i)));
            List<Bytes32> siblings = new ArrayList<>(proof.siblings());
            byte[] sibling = siblings.get(0).toArray();
            sibling[0] ^= 1;
            siblings.set(0, Bytes32.wrap(sibling));
            assertFalse(new MerkleProof(i, count, siblings).verify(root, leafData(i)));
            if (count > 1) {
                assertFalse(new MerkleProof((i + 1) % count, count, proof.siblings()).verify(root, leafData(i)));
            }
        }
    }
}
