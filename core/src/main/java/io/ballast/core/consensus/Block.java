package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Hashing;
import io.ballast.core.crypto.MerkleTree;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.encoding.DecodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * A header and the data it commits to: opaque transactions (in execution order), equivocation
 * evidence, and the commit certificate of the previous block ({@code null} at height 1).
 */
public record Block(BlockHeader header, List<byte[]> transactions, List<Evidence> evidence,
                    CommitCertificate lastCommit) {

    public Block {
        transactions = List.copyOf(transactions);
        evidence = List.copyOf(evidence);
    }

    public Bytes32 hash() {
        return header.hash();
    }

    public long height() {
        return header.height();
    }

    /** Transaction hash: SHA-256 with the transaction domain tag. The mempool and the application key by it. */
    public static Bytes32 txHash(byte[] transaction) {
        return Hashing.tagged(Hashing.TAG_TRANSACTION, transaction);
    }

    public static Bytes32 txRoot(List<byte[]> transactions) {
        MerkleTree tree = new MerkleTree();
        for (byte[] tx : transactions) {
            tree.append(txHash(tx));
        }
        return tree.root();
    }

    public static Bytes32 evidenceRoot(List<Evidence> evidence) {
        MerkleTree tree = new MerkleTree();
        for (Evidence e : evidence) {
            tree.append(MerkleTree.leafHash(e.encode()));
        }
        return tree.root();
    }

    public static Bytes32 lastCommitHash(CommitCertificate lastCommit) {
        return lastCommit == null ? Bytes32.ZERO : lastCommit.hash();
    }

    /** True when the header's roots match the carried data. */
    public boolean contentMatchesHeader() {
        return header.txRoot().equals(txRoot(transactions))
                && header.evidenceRoot().equals(evidenceRoot(evidence))
                && header.lastCommitHash().equals(lastCommitHash(lastCommit));
    }

    public int transactionBytes() {
        int total = 0;
        for (byte[] tx : transactions) {
            total = Math.addExact(total, tx.length);
        }
        return total;
    }

    void write(CanonicalWriter writer) {
        header.write(writer);
        writer.putInt(transactions.size());
        for (byte[] tx : transactions) {
            writer.putBytes(tx);
        }
        writer.putInt(evidence.size());
        for (Evidence e : evidence) {
            e.write(writer);
        }
        writer.putBoolean(lastCommit != null);
        if (lastCommit != null) {
            lastCommit.write(writer);
        }
    }

    public byte[] encode() {
        CanonicalWriter writer = new CanonicalWriter(512);
        write(writer);
        return writer.toByteArray();
    }

    static Block read(CanonicalReader reader, int maxTxs, int maxTxBytes, int maxEvidence) {
        BlockHeader header = BlockHeader.read(reader);
        int txCount = reader.getCount(maxTxs, "transaction");
        List<byte[]> txs = new ArrayList<>(txCount);
        for (int i = 0; i < txCount; i++) {
            txs.add(reader.getBytes(maxTxBytes));
        }
        int evidenceCount = reader.getCount(maxEvidence, "evidence");
        List<Evidence> evidence = new ArrayList<>(evidenceCount);
        for (int i = 0; i < evidenceCount; i++) {
            evidence.add(Evidence.read(reader));
        }
        CommitCertificate lastCommit = reader.getBoolean() ? CommitCertificate.read(reader) : null;
        if ((lastCommit == null) != (header.height() == 1)) {
            throw new DecodingException("a block carries its parent's commit certificate iff height > 1");
        }
        return new Block(header, txs, evidence, lastCommit);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Block that && encodeEquals(that);
    }

    private boolean encodeEquals(Block that) {
        return java.util.Arrays.equals(encode(), that.encode());
    }

    @Override
    public int hashCode() {
        return header.hashCode();
    }

    @Override
    public String toString() {
        return "Block[h=" + header.height() + ", " + hash().shortHex() + ", txs=" + transactions.size()
                + ", evidence=" + evidence.size() + "]";
    }
}
