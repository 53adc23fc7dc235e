package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.Hashing;
import io.ballast.core.crypto.Signature;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.encoding.DecodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Precommits of more than 2/3 of the stake for one block at (height, round): the proof that the
 * block is final. Anyone holding the validator set of the block's epoch can check it with
 * {@link #verify(ValidatorSet)} — light clients included; nothing else is needed.
 *
 * <p>Signers are listed in strictly increasing validator index (one canonical form).
 */
public record CommitCertificate(Bytes32 chainId, long height, int round, Bytes32 blockHash, List<CommitSig> signatures) {
    private static final byte TAG_COMMIT_CERTIFICATE = 0x29;

    /** One signer's precommit: what is needed to rebuild and check its {@link Vote}. */
    public record CommitSig(int validator, long timestampMillis, Signature signature) {}

    public CommitCertificate {
        signatures = List.copyOf(signatures);
    }

    /**
     * True when every signature is a valid precommit for (height, round, blockHash) by a distinct
     * member of {@code set} (ascending index) and the signers hold more than 2/3 of its stake.
     * The signatures are checked over this certificate's {@link #chainId()}: a light client should
     * also compare it with the chain it follows ({@link #verify(ValidatorSet, Bytes32)}).
     */
    public boolean verify(ValidatorSet set) {
        return verifySignatures(set, chainId, Vote.Type.PRECOMMIT, height, round, blockHash, signatures)
                && !blockHash.equals(Bytes32.ZERO);
    }

    public boolean verify(ValidatorSet set, Bytes32 expectedChainId) {
        return chainId.equals(expectedChainId) && verify(set);
    }

    /**
     * As {@link #verify(ValidatorSet, Bytes32)}, without checking again the signatures of precommits in
     * {@code verified} (votes this validator already verified, e.g. those that committed the block itself).
     */
    boolean verify(ValidatorSet set, Bytes32 expectedChainId, java.util.Set<Vote> verified) {
        return chainId.equals(expectedChainId) && !blockHash.equals(Bytes32.ZERO)
                && verifySignatures(set, chainId, Vote.Type.PRECOMMIT, height, round, blockHash, signatures,
                sig -> verified.contains(new Vote(Vote.Type.PRECOMMIT, height, round, blockHash, sig.timestampMillis(),
                        sig.validator(), sig.signature())));
    }

    static boolean verifySignatures(ValidatorSet set, Bytes32 chainId, Vote.Type type, long height, int round,
                                    Bytes32 blockHash, List<CommitSig> signatures) {
        return verifySignatures(set, chainId, type, height, round, blockHash, signatures, sig -> false);
    }

    private static boolean verifySignatures(ValidatorSet set, Bytes32 chainId, Vote.Type type, long height, int round,
                                            Bytes32 blockHash, List<CommitSig> signatures,
                                            java.util.function.Predicate<CommitSig> known) {
        long stake = 0;
        int previous = -1;
        for (CommitSig sig : signatures) {
            if (sig.validator() <= previous || !set.contains(sig.validator())) {
                return false;
            }
            previous = sig.validator();
            stake += set.stake(sig.validator());
        }
        if (!set.isQuorum(stake)) {
            return false;
        }
        for (CommitSig sig : signatures) {
            if (known.test(sig)) {
                continue;
            }
            byte[] message = Vote.signingBytes(chainId, type, height, round, blockHash, sig.timestampMillis());
            if (!Ed25519.verify(set.member(sig.validator()).publicKey(), message, sig.signature())) {
                return false;
            }
        }
        return true;
    }

    /** The precommits as votes (e.g. to feed a vote set or compare with a conflicting vote). */
    public List<Vote> votes() {
        List<Vote> votes = new ArrayList<>(signatures.size());
        for (CommitSig sig : signatures) {
            votes.add(new Vote(Vote.Type.PRECOMMIT, height, round, blockHash, sig.timestampMillis(), sig.validator(),
                    sig.signature()));
        }
        return votes;
    }

    public Bytes32 hash() {
        return Hashing.tagged(TAG_COMMIT_CERTIFICATE, encode());
    }

    public byte[] encode() {
        CanonicalWriter writer = new CanonicalWriter(64 + signatures.size() * 80);
        write(writer);
        return writer.toByteArray();
    }

    void write(CanonicalWriter writer) {
        writer.putBytes32(chainId).putLong(height).putInt(round).putBytes32(blockHash);
        writeSigs(writer, signatures);
    }

    static void writeSigs(CanonicalWriter writer, List<CommitSig> signatures) {
        writer.putInt(signatures.size());
        for (CommitSig sig : signatures) {
            writer.putInt(sig.validator()).putLong(sig.timestampMillis()).putSignature(sig.signature());
        }
    }

    static List<CommitSig> readSigs(CanonicalReader reader) {
        int count = reader.getCount(ValidatorSet.MAX_VALIDATORS, "signature");
        List<CommitSig> sigs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sigs.add(new CommitSig(reader.getInt(), reader.getLong(), reader.getSignature()));
        }
        return sigs;
    }

    static CommitCertificate read(CanonicalReader reader) {
        Bytes32 chainId = reader.getBytes32();
        long height = reader.getLong();
        int round = reader.getInt();
        if (height < 1 || round < 0) {
            throw new DecodingException("certificate height/round out of range");
        }
        return new CommitCertificate(chainId, height, round, reader.getBytes32(), readSigs(reader));
    }

    public static CommitCertificate decode(byte[] bytes) {
        CanonicalReader reader = new CanonicalReader(bytes);
        CommitCertificate certificate = read(reader);
        reader.expectEnd();
        return certificate;
    }
}
