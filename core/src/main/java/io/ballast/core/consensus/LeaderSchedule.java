package io.ballast.core.consensus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Leader rotation with reputation, a pure function of committed headers so all validators agree.
 *
 * <p>A validator is <em>penalised</em> at height h if it led a failed round (it appears in some
 * header's {@code failedProposers}) within the last {@code window} committed headers of the same
 * epoch. The eligible leaders are the others, ascending by index (all members if none is left).
 * Round r of height h is led by {@code eligible[(h + r) % |eligible|]} for r &lt; |eligible|, and by
 * {@code all[(h + r) % n]} afterwards — so a dead validator costs one timeout per window instead of
 * one every n heights, and if every eligible leader fails in a row the full rotation takes over
 * (liveness never depends on the reputation being right).
 */
public final class LeaderSchedule {
    private final List<Integer> eligible;
    private final int size;

    private LeaderSchedule(List<Integer> eligible, int size) {
        this.eligible = List.copyOf(eligible);
        this.size = size;
    }

    /**
     * @param size    members in the epoch's validator set
     * @param epoch   the epoch of the height being decided
     * @param headers recent committed headers (any order, at most the window); headers of other epochs are ignored
     */
    public static LeaderSchedule of(int size, long epoch, Collection<BlockHeader> headers) {
        TreeSet<Integer> penalised = new TreeSet<>();
        for (BlockHeader header : headers) {
            if (header.epoch() == epoch) {
                penalised.addAll(header.failedProposers());
            }
        }
        List<Integer> eligible = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (!penalised.contains(i)) {
                eligible.add(i);
            }
        }
        if (eligible.isEmpty()) {
            for (int i = 0; i < size; i++) {
                eligible.add(i);
            }
        }
        return new LeaderSchedule(eligible, size);
    }

    public int leader(long height, int round) {
        if (round < eligible.size()) {
            return eligible.get((int) Math.floorMod(height + round, (long) eligible.size()));
        }
        return (int) Math.floorMod(height + round, (long) size);
    }

    public List<Integer> eligible() {
        return eligible;
    }

    /** Leaders of rounds 0..round-1 (which all failed when a block commits in {@code round}), ascending, distinct. */
    public List<Integer> failedLeaders(long height, int round) {
        TreeSet<Integer> failed = new TreeSet<>();
        int bound = Math.min(round, eligible.size() + size);
        for (int r = 0; r < bound; r++) {
            failed.add(leader(height, r));
        }
        return new ArrayList<>(failed);
    }
}
