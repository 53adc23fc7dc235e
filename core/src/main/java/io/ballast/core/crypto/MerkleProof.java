package io.ballast.core.crypto;

import java.util.List;

/** The path from one leaf to a {@link MerkleTree} root: siblings from the leaf level upwards. */
public record MerkleProof(int leafIndex, int leafCount, List<Bytes32> siblings) {
    public static final int MAX_DEPTH = 40;

    public MerkleProof {
        siblings = List.copyOf(siblings);
    }

    /** True when {@code leafData} is leaf {@link #leafIndex} of the tree whose root is {@code root}. */
    public boolean verify(Bytes32 root, byte[] leafData) {
        if (leafIndex < 0 || leafIndex >= leafCount || siblings.isEmpty() || siblings.size() > MAX_DEPTH) {
            return false;
        }
        long capacity = 1L << siblings.size();
        if (leafCount > capacity || (siblings.size() > 1 && leafCount <= capacity / 2)) {
            return false; // the depth must be exactly the one the leaf count implies
        }
        Bytes32 hash = MerkleTree.leafHash(leafData);
        int position = leafIndex;
        for (Bytes32 sibling : siblings) {
            hash = (position & 1) == 0 ? Hashing.node(hash, sibling) : Hashing.node(sibling, hash);
            position >>>= 1;
        }
        return MerkleTree.bindRoot(leafCount, hash).equals(root);
    }
}
