package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Hashing;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.encoding.DecodingException;

/**
 * Proof that {@code offender} signed two conflicting votes (same type, height and round,
 * different blocks). Verifiable on its own with the validator set of the height's epoch. Consensus
 * puts evidence in blocks; the application slashes the offender when it executes the block and
 * leaves it out of the validator set it reports for the next epoch.
 *
 * <p>Canonical form: {@code first.blockHash < second.blockHash} (unsigned), so one equivocation
 * has exactly one encoding and one {@link #id()}.
 */
public record Evidence(Bytes32 offender, Vote first, Vote second) {
    private static final byte TAG_EVIDENCE = 0x2a;

    public static Evidence of(Bytes32 offender, Vote a, Vote b) {
        return a.blockHash().compareTo(b.blockHash()) < 0 ? new Evidence(offender, a, b) : new Evidence(offender, b, a);
    }

    public long height() {
        return first.height();
    }

    /** True when both votes conflict, are canonical, and carry valid signatures of {@code offender} in {@code set}. */
    public boolean verify(ValidatorSet set, Bytes32 chainId) {
        return first.conflictsWith(second)
                && first.blockHash().compareTo(second.blockHash()) < 0
                && set.contains(first.validator())
                && set.member(first.validator()).publicKey().equals(offender)
                && first.verify(set, chainId) && second.verify(set, chainId);
    }

    /**
     * True when both votes conflict, are canonical, and are signed by {@code offender}'s key: the check that needs no
     * validator set (the ledger's, for evidence of any past epoch; it decides itself whether the stake is still
     * slashable).
     */
    public boolean verifySignedByOffender(Bytes32 chainId) {
        return first.conflictsWith(second) && first.blockHash().compareTo(second.blockHash()) < 0
                && first.verifyBy(offender, chainId) && second.verifyBy(offender, chainId);
    }

    /** Identity for de-duplication: one per (offender, type, height, round). */
    public Bytes32 id() {
        CanonicalWriter writer = new CanonicalWriter().putBytes32(offender).putByte(first.type().ordinal())
                .putLong(first.height()).putInt(first.round());
        return Hashing.tagged(TAG_EVIDENCE, writer.toByteArray());
    }

    public byte[] encode() {
        CanonicalWriter writer = new CanonicalWriter(300);
        write(writer);
        return writer.toByteArray();
    }

    void write(CanonicalWriter writer) {
        writer.putBytes32(offender);
        first.write(writer);
        second.write(writer);
    }

    static Evidence read(CanonicalReader reader) {
        Evidence evidence = new Evidence(reader.getBytes32(), Vote.read(reader), Vote.read(reader));
        if (!evidence.first.conflictsWith(evidence.second)
                || evidence.first.blockHash().compareTo(evidence.second.blockHash()) >= 0) {
            throw new DecodingException("evidence votes do not conflict canonically");
        }
        return evidence;
    }

    public static Evidence decode(byte[] bytes) {
        CanonicalReader reader = new CanonicalReader(bytes);
        Evidence evidence = read(reader);
        reader.expectEnd();
        return evidence;
    }
}
