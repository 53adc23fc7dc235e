package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.crypto.Signature;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.encoding.DecodingException;

/**
 * A signed prevote or precommit for {@code blockHash} (or for nil: {@link Bytes32#ZERO}) at
 * (height, round). The timestamp is the voter's clock, used only through the stake-weighted median
 * of a commit certificate (block time); two votes differing only in timestamp do not conflict.
 */
public record Vote(Type type, long height, int round, Bytes32 blockHash, long timestampMillis, int validator,
                   Signature signature) implements Message {
    static final byte TAG_SIGN_VOTE = 0x21;

    public enum Type {
        PREVOTE, PRECOMMIT;

        int step() {
            return this == PREVOTE ? SafetyState.STEP_PREVOTE : SafetyState.STEP_PRECOMMIT;
        }
    }

    public boolean isNil() {
        return blockHash.equals(Bytes32.ZERO);
    }

    public static Vote sign(KeyPair keys, Bytes32 chainId, Type type, long height, int round, Bytes32 blockHash,
                            long timestampMillis, int validator) {
        byte[] message = signingBytes(chainId, type, height, round, blockHash, timestampMillis);
        return new Vote(type, height, round, blockHash, timestampMillis, validator, Ed25519.sign(keys, message));
    }

    public static byte[] signingBytes(Bytes32 chainId, Type type, long height, int round, Bytes32 blockHash,
                                      long timestampMillis) {
        return new CanonicalWriter(96).putByte(TAG_SIGN_VOTE).putBytes32(chainId).putByte(type.ordinal())
                .putLong(height).putInt(round).putBytes32(blockHash).putLong(timestampMillis).toByteArray();
    }

    /** True when the signature is valid for the member at {@code validator} in {@code set}. */
    public boolean verify(ValidatorSet set, Bytes32 chainId) {
        return set.contains(validator) && Ed25519.verify(set.member(validator).publicKey(),
                signingBytes(chainId, type, height, round, blockHash, timestampMillis), signature);
    }

    /** True when the signature is {@code key}'s (whatever the index says: for evidence checked outside the set). */
    public boolean verifyBy(Bytes32 key, Bytes32 chainId) {
        return Ed25519.verify(key, signingBytes(chainId, type, height, round, blockHash, timestampMillis), signature);
    }

    /** Two votes of one validator for one (type, height, round) on different blocks: equivocation. */
    public boolean conflictsWith(Vote other) {
        return type == other.type && height == other.height && round == other.round
                && validator == other.validator && !blockHash.equals(other.blockHash);
    }

    void write(CanonicalWriter writer) {
        writer.putByte(type.ordinal()).putLong(height).putInt(round).putBytes32(blockHash)
                .putLong(timestampMillis).putInt(validator).putSignature(signature);
    }

    static Vote read(CanonicalReader reader) {
        int type = reader.getByte();
        if (type > 1) {
            throw new DecodingException("vote type " + type);
        }
        long height = reader.getLong();
        int round = reader.getInt();
        if (height < 1 || round < 0) {
            throw new DecodingException("vote height/round out of range");
        }
        return new Vote(Type.values()[type], height, round, reader.getBytes32(), reader.getLong(), reader.getInt(),
                reader.getSignature());
    }
}
