package io.ballast.core.consensus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rounds of one height: the highest-round signed vote seen from each validator (so a validator can
 * skip to a round more than 1/3 of the stake has reached, however far ahead), and the votes that
 * justify this validator's own round, which it forwards to peers it sees behind.
 *
 * <p>Why forwarding: the votes that moved a validator into round r (precommits of r−1 from more than
 * 2/3 of the stake, or votes of rounds ≥ r from more than 1/3) may have been lost on their way to the
 * others, or by a validator that crashed after receiving them. If the validators ahead hold at most 1/3
 * of the stake and those behind cannot finish their round without them, nobody moves again (the
 * simulator found such stalls after the heal). Signed votes prove themselves, so any holder may forward
 * them; the justification is persisted with the first signature of the round, so a restart keeps it.
 */
final class RoundTracker {
    private Vote[] highest = new Vote[0];
    private int[] catchUpSentForRound = new int[0];

    /** Forgets everything: a new height (or a new validator set) starts. */
    void reset(int validators) {
        highest = new Vote[validators];
        catchUpSentForRound = new int[validators];
        Arrays.fill(catchUpSentForRound, -1);
    }

    /** The round of the highest vote seen from {@code validator}, or -1. */
    int roundOf(int validator) {
        Vote vote = highest[validator];
        return vote == null ? -1 : vote.round();
    }

    /** Records a verified vote of the current height. */
    void note(Vote vote) {
        if (vote.round() > roundOf(vote.validator())) {
            highest[vote.validator()] = vote;
        }
    }

    /**
     * The highest round r such that validators whose highest vote is in a round ≥ r hold more than 1/3
     * of the stake (at least one of them honest, so r is a round honest validators reached), or -1.
     */
    int skipTarget(ValidatorSet set) {
        Integer[] byRoundDescending = new Integer[highest.length];
        for (int i = 0; i < highest.length; i++) {
            byRoundDescending[i] = i;
        }
        Arrays.sort(byRoundDescending, (a, b) -> Integer.compare(roundOf(b), roundOf(a)));
        long stake = 0;
        for (int validator : byRoundDescending) {
            if (roundOf(validator) < 0) {
                return -1;
            }
            stake += set.stake(validator);
            if (set.isMoreThanOneThird(stake)) {
                return roundOf(validator);
            }
        }
        return -1;
    }

    /** The highest votes in rounds ≥ {@code round}: why a skip to {@code round} happened, ascending by validator. */
    List<Vote> votesAtOrAbove(int round) {
        List<Vote> votes = new ArrayList<>();
        for (Vote vote : highest) {
            if (vote != null && vote.round() >= round) {
                votes.add(vote);
            }
        }
        return votes;
    }

    /**
     * True once per (peer, own round) when {@code peer}'s highest vote is below {@code ownRound}: the
     * moment to send it this round's justification without waiting for the next retransmission.
     */
    boolean firstSightBehind(int peer, int ownRound) {
        if (roundOf(peer) >= ownRound || catchUpSentForRound[peer] == ownRound) {
            return false;
        }
        catchUpSentForRound[peer] = ownRound;
        return true;
    }
}
