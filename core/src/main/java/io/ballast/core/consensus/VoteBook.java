package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Votes of one height, by round and type; at most one vote per validator per (round, type), so
 * memory is bounded by rounds × 2 × n (the caller bounds rounds).
 */
final class VoteBook {
    /** Votes of one (round, type). */
    static final class Tally {
        final Map<Integer, Vote> byValidator = new LinkedHashMap<>();
        final Map<Bytes32, Long> stakeByBlock = new HashMap<>();
        long totalStake;

        Vote get(int validator) {
            return byValidator.get(validator);
        }

        void add(Vote vote, long stake) {
            byValidator.put(vote.validator(), vote);
            stakeByBlock.merge(vote.blockHash(), stake, Long::sum);
            totalStake += stake;
        }

        long stakeFor(Bytes32 blockHash) {
            return stakeByBlock.getOrDefault(blockHash, 0L);
        }

        /** A block hash (or ZERO for nil) with more than 2/3 of {@code set}'s stake, or null. */
        Bytes32 quorumValue(ValidatorSet set) {
            for (Map.Entry<Bytes32, Long> entry : stakeByBlock.entrySet()) {
                if (set.isQuorum(entry.getValue())) {
                    return entry.getKey();
                }
            }
            return null;
        }

        /** Votes for {@code blockHash}, ascending by validator index. */
        List<Vote> votesFor(Bytes32 blockHash) {
            List<Vote> votes = new ArrayList<>();
            for (Vote vote : byValidator.values()) {
                if (vote.blockHash().equals(blockHash)) {
                    votes.add(vote);
                }
            }
            votes.sort((a, b) -> Integer.compare(a.validator(), b.validator()));
            return votes;
        }
    }

    private final TreeMap<Integer, Tally[]> rounds = new TreeMap<>();

    Tally tally(int round, Vote.Type type) {
        Tally[] pair = rounds.computeIfAbsent(round, r -> new Tally[] {new Tally(), new Tally()});
        return pair[type.ordinal()];
    }

    Tally existing(int round, Vote.Type type) {
        Tally[] pair = rounds.get(round);
        return pair == null ? null : pair[type.ordinal()];
    }

    Iterable<Integer> rounds() {
        return rounds.keySet();
    }

    int roundCount() {
        return rounds.size();
    }

    /** Forgets rounds below {@code floor} except the listed ones (lock / valid round): bounds memory per height. */
    void pruneBelow(int floor, int keepA, int keepB) {
        rounds.headMap(floor).keySet().removeIf(r -> r != keepA && r != keepB);
    }

    /** Stake of distinct validators with any vote in {@code round}. */
    long participationStake(int round, ValidatorSet set) {
        Tally[] pair = rounds.get(round);
        if (pair == null) {
            return 0;
        }
        long stake = 0;
        for (int validator = 0; validator < set.size(); validator++) {
            if (pair[0].byValidator.containsKey(validator) || pair[1].byValidator.containsKey(validator)) {
                stake += set.stake(validator);
            }
        }
        return stake;
    }
}
