package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.encoding.DecodingException;
import java.util.ArrayList;
import java.util.List;

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
 * @param roundPrevote    when the last signature is a precommit: the prevote this validator signed in the
 *                        same (height, round), or null. Re-sent after a restart: without it, peers that lost
 *                        the prevote can never complete that round's prevote quorum (the simulator found a
 *                        height that stalled for ever with 5 of 6 needed and two restarted validators)
 * @param roundJustification the signed votes that moved this validator into {@code round} (precommits of the
 *                        round before from more than 2/3 of the stake, or votes of rounds ≥ {@code round} from
 *                        more than 1/3); empty in round 0. A restarted validator forwards them to peers still in
 *                        an earlier round, who may otherwise never get there (see {@link RoundTracker})
 */
public record SafetyState(long height, int round, int step, Bytes32 signedHash, Vote lastVote, int lockedRound,
                          Bytes32 lockedHash, Vote roundPrevote, List<Vote> roundJustification) {
    public static final int STEP_NONE = 0;
    public static final int STEP_PROPOSAL = 1;
    public static final int STEP_PREVOTE = 2;
    public static final int STEP_PRECOMMIT = 3;

    public static final SafetyState INITIAL = new SafetyState(0, 0, STEP_NONE, Bytes32.ZERO, null, -1, Bytes32.ZERO);

    public SafetyState {
        roundJustification = List.copyOf(roundJustification);
        if (roundJustification.size() > ValidatorSet.MAX_VALIDATORS) {
            throw new IllegalArgumentException("round justification of " + roundJustification.size() + " votes");
        }
    }

    public SafetyState(long height, int round, int step, Bytes32 signedHash, Vote lastVote, int lockedRound,
                       Bytes32 lockedHash) {
        this(height, round, step, signedHash, lastVote, lockedRound, lockedHash, null, List.of());
    }

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
        writer.putInt(lockedRound).putBytes32(lockedHash).putBoolean(roundPrevote != null);
        if (roundPrevote != null) {
            roundPrevote.write(writer);
        }
        writer.putInt(roundJustification.size());
        for (Vote vote : roundJustification) {
            vote.write(writer);
        }
        return writer.toByteArray();
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
        int lockedRound = reader.getInt();
        Bytes32 lockedHash = reader.getBytes32();
        Vote roundPrevote = reader.remaining() > 0 && reader.getBoolean() ? Vote.read(reader) : null;
        List<Vote> justification = new ArrayList<>();
        int count = reader.remaining() > 0 ? reader.getCount(ValidatorSet.MAX_VALIDATORS, "justification vote") : 0;
        for (int i = 0; i < count; i++) {
            justification.add(Vote.read(reader));
        }
        SafetyState state = new SafetyState(height, round, step, signedHash, lastVote, lockedRound, lockedHash,
                roundPrevote, justification);
        reader.expectEnd();
        return state;
    }
}
