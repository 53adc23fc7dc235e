package io.ballast.core.consensus;

import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;

/** A final block with the certificate that proves it: what the application executes and the host stores. */
public record CommittedBlock(Block block, CommitCertificate certificate) {
    public long height() {
        return block.height();
    }

    /** True when the certificate is a valid quorum of {@code set} for exactly this block. */
    public boolean verify(ValidatorSet set) {
        return certificate.height() == block.height() && certificate.blockHash().equals(block.hash())
                && certificate.chainId().equals(block.header().chainId()) && block.contentMatchesHeader()
                && certificate.verify(set);
    }

    public byte[] encode() {
        CanonicalWriter writer = new CanonicalWriter(1024);
        write(writer);
        return writer.toByteArray();
    }

    void write(CanonicalWriter writer) {
        block.write(writer);
        certificate.write(writer);
    }

    static CommittedBlock read(CanonicalReader reader, int maxTxs, int maxTxBytes, int maxEvidence) {
        return new CommittedBlock(Block.read(reader, maxTxs, maxTxBytes, maxEvidence), CommitCertificate.read(reader));
    }

    /** Decodes what {@link #encode()} wrote (limits as generous as any config allows). */
    public static CommittedBlock decode(byte[] bytes) {
        CanonicalReader reader = new CanonicalReader(bytes);
        CommittedBlock block = read(reader, 100_000, Integer.MAX_VALUE - 8, 1_000);
        reader.expectEnd();
        return block;
    }
}
