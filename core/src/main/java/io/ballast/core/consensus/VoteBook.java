package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Votes of one height, by round and type; at most one vote per validator per (round, type) and block,
 * and the caller admits conflicting votes only for nil, blocks it holds and one other block, so memory is
 * bounded by rounds × 2 × n × (known blocks + 2) (the caller bounds rounds and blocks).
 */
final class VoteBook {
    /**
     * Votes of one (round, type). A validator's first vote counts for the round's participation; a
     * conflicting later one (an equivocation) still counts for its own block, once per block: its
     * signature is as real as any, and a polka or commit that needs it is a real one. Dropping it let
     * a twin's nil prevote hide its prevote inside the polka a re-proposal relied on, and the height
     * never ended (simulator, combined, seed 71001574, n = 5).
     */
    static final class Tally {
        final Map<Integer, Vote> byValidator = new LinkedHashMap<>();
        private final Map<Bytes32, Map<Integer, Vote>> byBlock = new LinkedHashMap<>();
        private final Map<Bytes32, Long> stakeByBlock = new LinkedHashMap<>();
        long totalStake;

        /** The first vote seen from {@code validator}, or null. */
        Vote get(int validator) {
            return byValidator.get(validator);
        }

        /** Adds a validator's first vote. */
        void add(Vote vote, long stake) {
            if (byValidator.putIfAbsent(vote.validator(), vote) != null) {
                throw new IllegalStateException("second first vote of validator " + vote.validator());
            }
            totalStake += stake;
            countFor(vote, stake);
        }

        /** True when {@code validator} already has a vote for {@code blockHash} here. */
        boolean has(int validator, Bytes32 blockHash) {
            Map<Integer, Vote> voters = byBlock.get(blockHash);
            return voters != null && voters.containsKey(validator);
        }

        /** How many different blocks (nil included) {@code validator} has votes for here. */
        int blocksVotedBy(int validator) {
            int count = 0;
            for (Map<Integer, Vote> voters : byBlock.values()) {
                if (voters.containsKey(validator)) {
                    count++;
                }
            }
            return count;
        }

        /** Adds a vote that conflicts with the validator's first one: it counts for its own block only. */
        void addConflicting(Vote vote, long stake) {
            if (!byValidator.containsKey(vote.validator()) || has(vote.validator(), vote.blockHash())) {
                throw new IllegalStateException("not a new conflicting vote of validator " + vote.validator());
            }
            countFor(vote, stake);
        }

        private void countFor(Vote vote, long stake) {
            byBlock.computeIfAbsent(vote.blockHash(), hash -> new LinkedHashMap<>()).put(vote.validator(), vote);
            stakeByBlock.merge(vote.blockHash(), stake, Long::sum);
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

        /** Every vote of this (round, type), ascending by validator index. */
        List<Vote> all() {
            List<Vote> votes = new ArrayList<>(byValidator.values());
            votes.sort((a, b) -> Integer.compare(a.validator(), b.validator()));
            return votes;
        }

        /** Votes for {@code blockHash}, ascending by validator index. */
        List<Vote> votesFor(Bytes32 blockHash) {
            Map<Integer, Vote> voters = byBlock.get(blockHash);
            List<Vote> votes = voters == null ? new ArrayList<>() : new ArrayList<>(voters.values());
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
}
