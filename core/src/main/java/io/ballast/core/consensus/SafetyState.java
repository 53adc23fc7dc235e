package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.encoding.DecodingException;

/**
 * What a validator must remember across a crash so that it never signs two conflicting
 * messages: the last (height, round, step) it signed at, what it signed there, and its lock.
 * The host writes it durably (overwriting the previous one) whenever an {@link Action.PersistSafetyState}
 * appears, before performing any send of the same {@link Actions}.
 *
 * @param height          height of the last signature (0 = never signed)
 * @param round           round of the last signature
 * @param step            {@link #STEP_PROPOSAL}, {@link #STEP_PREVOTE} or {@link #STEP_PRECOMMIT} (0 = none)
 * @param signedHash      the block hash signed at that step (ZERO for a nil vote)
 * @param lastVote        the vote signed at that step (re-sent verbatim if asked again), or null
 * @param lockedRound     round of the lock at {@code height}, -1 when unlocked
 * @param lockedHash      the locked block's hash (ZERO when unlocked)
 */
public record SafetyState(long height, int round, int step, Bytes32 signedHash, Vote lastVote, int lockedRound,
                          Bytes32 lockedHash) {
    public static final int STEP_NONE = 0;
    public static final int STEP_PROPOSAL = 1;
    public static final int STEP_PREVOTE = 2;
    public static final int STEP_PRECOMMIT = 3;

    public static final SafetyState INITIAL = new SafetyState(0, 0, STEP_NONE, Bytes32.ZERO, null, -1, Bytes32.ZERO);

    /** Compares (height, round, step) with the last signature: negative = earlier, 0 = same step. */
    int compareTo(long otherHeight, int otherRound, int otherStep) {
        if (otherHeight != height) {
            return Long.compare(otherHeight, height);
        }
        if (otherRound != round) {
            return Integer.compare(otherRound, round);
        }
        return Integer.compare(otherStep, step);
    }

    public byte[] encode() {
        CanonicalWriter writer = new CanonicalWriter(256).putLong(height).putInt(round).putByte(step)
                .putBytes32(signedHash).putBoolean(lastVote != null);
        if (lastVote != null) {
            lastVote.write(writer);
        }
        return writer.putInt(lockedRound).putBytes32(lockedHash).toByteArray();
    }

    public static SafetyState decode(byte[] bytes) {
        CanonicalReader reader = new CanonicalReader(bytes);
        long height = reader.getLong();
        int round = reader.getInt();
        int step = reader.getByte();
        if (height < 0 || round < 0 || step > STEP_PRECOMMIT) {
            throw new DecodingException("safety state out of range");
        }
        Bytes32 signedHash = reader.getBytes32();
        Vote lastVote = reader.getBoolean() ? Vote.read(reader) : null;
        SafetyState state = new SafetyState(height, round, step, signedHash, lastVote, reader.getInt(),
                reader.getBytes32());
        reader.expectEnd();
        return state;
    }
}
