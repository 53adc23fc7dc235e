package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The block a validator locked on and the polka (prevotes of more than 2/3 of the stake) that
 * justified it. Persisted when the lock is taken ({@link Action.PersistLock}) and handed back to
 * {@link Validator#restore}: without it a restarted validator would know only the locked hash, could
 * neither re-propose the block nor convince others, and if more than 1/3 of the stake restarted that
 * way the height could never finish.
 */
public record LockProof(long height, int round, Block block, List<Vote> prevotes) {
    public LockProof {
        prevotes = List.copyOf(prevotes);
    }

    /** True when every prevote is a valid prevote for this block at (height, round) and together they form a quorum. */
    public boolean verify(ValidatorSet set, Bytes32 chainId) {
        Bytes32 hash = block.hash();
        long stake = 0;
        int previous = -1;
        for (Vote vote : prevotes) {
            if (vote.type() != Vote.Type.PREVOTE || vote.height() != height || vote.round() != round
                    || !vote.blockHash().equals(hash) || vote.validator() <= previous || !vote.verify(set, chainId)) {
                return false;
            }
            previous = vote.validator();
            stake += set.stake(vote.validator());
        }
        return set.isQuorum(stake) && block.height() == height && block.contentMatchesHeader();
    }

    public byte[] encode() {
        CanonicalWriter writer = new CanonicalWriter(1024).putLong(height).putInt(round);
        block.write(writer);
        writer.putInt(prevotes.size());
        for (Vote vote : prevotes) {
            vote.write(writer);
        }
        return writer.toByteArray();
    }

    public static LockProof decode(byte[] bytes) {
        CanonicalReader reader = new CanonicalReader(bytes);
        long height = reader.getLong();
        int round = reader.getInt();
        Block block = Block.read(reader, 100_000, Integer.MAX_VALUE - 8, 1_000);
        int count = reader.getCount(ValidatorSet.MAX_VALIDATORS, "prevote");
        List<Vote> prevotes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            prevotes.add(Vote.read(reader));
        }
        reader.expectEnd();
        return new LockProof(height, round, block, prevotes);
    }
}
