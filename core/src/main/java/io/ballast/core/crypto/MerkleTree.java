package io.ballast.core.crypto;

import io.ballast.core.encoding.CanonicalWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A binary SHA-256 Merkle tree over an append-only, updatable list of leaves, recomputing only
 * the paths above leaves changed since the last {@link #root()}.
 *
 * <p>Shape: the leaves fill a power-of-two capacity, empty slots hold {@link Bytes32#ZERO}; a
 * leaf hash is {@code H(0x00 || data)}, an inner node {@code H(0x01 || left || right)}, and the
 * root binds the leaf count: {@code H(0x02 || count || top)}.
 */
public final class MerkleTree {
    private final List<Bytes32[]> levels = new ArrayList<>();
    private int leafCount;
    private int[] dirty = new int[16];
    private int dirtyCount;
    private Bytes32 cachedRoot;

    public MerkleTree() {
        levels.add(new Bytes32[] {Bytes32.ZERO});
        rebuildUpperLevels();
    }

    public static Bytes32 leafHash(byte[] data) {
        return Hashing.tagged(Hashing.TAG_MERKLE_LEAF, data);
    }

    public int leafCount() {
        return leafCount;
    }

    /** Appends a leaf hash; returns its index. */
    public int append(Bytes32 leafHash) {
        if (leafCount == levels.get(0).length) {
            grow();
        }
        int index = leafCount++;
        levels.get(0)[index] = leafHash;
        markDirty(index);
        return index;
    }

    public void set(int index, Bytes32 leafHash) {
        checkIndex(index);
        levels.get(0)[index] = leafHash;
        markDirty(index);
    }

    public Bytes32 leaf(int index) {
        checkIndex(index);
        return levels.get(0)[index];
    }

    public Bytes32 root() {
        if (cachedRoot == null) {
            recomputeDirtyPaths();
            cachedRoot = bindRoot(leafCount, levels.get(levels.size() - 1)[0]);
        }
        return cachedRoot;
    }

    public MerkleProof proof(int index) {
        checkIndex(index);
        root();
        Bytes32[] siblings = new Bytes32[levels.size() - 1];
        int position = index;
        for (int level = 0; level < siblings.length; level++) {
            siblings[level] = levels.get(level)[position ^ 1];
            position >>>= 1;
        }
        return new MerkleProof(index, leafCount, List.of(siblings));
    }

    static Bytes32 bindRoot(int leafCount, Bytes32 top) {
        byte[] encoded = new CanonicalWriter(1 + 4 + Bytes32.LENGTH)
                .putByte(Hashing.TAG_MERKLE_ROOT).putInt(leafCount).putBytes32(top).toByteArray();
        return Hashing.sha256(encoded);
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= leafCount) {
            throw new IndexOutOfBoundsException("leaf " + index + " of " + leafCount);
        }
    }

    private void markDirty(int index) {
        cachedRoot = null;
        if (dirtyCount == dirty.length) {
            dirty = Arrays.copyOf(dirty, dirty.length * 2);
        }
        dirty[dirtyCount++] = index;
    }

    private void grow() {
        Bytes32[] leaves = levels.get(0);
        Bytes32[] larger = Arrays.copyOf(leaves, leaves.length * 2);
        Arrays.fill(larger, leaves.length, larger.length, Bytes32.ZERO);
        levels.clear();
        levels.add(larger);
        rebuildUpperLevels();
        dirtyCount = 0;
    }

    private void rebuildUpperLevels() {
        Bytes32[] below = levels.get(0);
        while (below.length > 1) {
            Bytes32[] above = new Bytes32[below.length / 2];
            for (int i = 0; i < above.length; i++) {
                above[i] = Hashing.node(below[2 * i], below[2 * i + 1]);
            }
            levels.add(above);
            below = above;
        }
        if (levels.size() == 1) {
            // a single-slot tree still has one inner level so that every proof has a sibling
            Bytes32[] single = levels.get(0);
            levels.set(0, new Bytes32[] {single[0], Bytes32.ZERO});
            levels.add(new Bytes32[] {Hashing.node(single[0], Bytes32.ZERO)});
        }
    }

    private void recomputeDirtyPaths() {
        if (dirtyCount == 0) {
            return;
        }
        int[] positions = Arrays.copyOf(dirty, dirtyCount);
        dirtyCount = 0;
        for (int level = 1; level < levels.size(); level++) {
            int unique = 0;
            Arrays.sort(positions);
            for (int i = 0; i < positions.length; i++) {
                int parent = positions[i] >>> 1;
                if (unique == 0 || positions[unique - 1] != parent) {
                    positions[unique++] = parent;
                }
            }
            positions = Arrays.copyOf(positions, unique);
            Bytes32[] below = levels.get(level - 1);
            Bytes32[] here = levels.get(level);
            for (int parent : positions) {
                here[parent] = Hashing.node(below[2 * parent], below[2 * parent + 1]);
            }
        }
    }
}
