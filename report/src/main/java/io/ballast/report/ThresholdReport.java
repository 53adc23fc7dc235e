package io.ballast.report;

import java.util.List;

/**
 * How much stake can fail before commits stop, and what happens past that point (class stake-threshold): honest
 * validators crash one at a time until the stake online is no longer a quorum, then all return at the heal.
 */
public record ThresholdReport(List<AtValidators> byValidators) {
    public ThresholdReport {
        byValidators = List.copyOf(byValidators);
    }

    /**
     * @param quorumStake        the least stake that is more than 2/3: commits need it
     * @param steps              the stake online over time in the first seed, with the margin to a halt
     * @param heights            the committed height over time in the same seed
     * @param haltedMillisP50    per seed, how long the stake online stayed below the quorum
     * @param heightsCommittedWhileHalted heights first committed more than 1 s after the stake fell below the quorum,
     *                           before it returned (must be 0)
     * @param forks              seeds where two honest validators committed different blocks or roots (must be 0)
     * @param recoverMillisP50   return of the stake (the heal) → the next commit
     */
    public record AtValidators(int validators, Metric totalStake, Metric quorumStake, Metric seeds,
                               Metric seedsBelowQuorum, List<Step> steps, Series heights, Metric haltedMillisP50,
                               Metric haltedMillisMax, Metric heightsCommittedWhileHalted, Metric forks,
                               Metric recoverMillisP50, Metric recoverMillisP99, Metric recoverMillisMax,
                               Metric recoverRoundsMax) {
        public AtValidators {
            steps = List.copyOf(steps);
        }
    }

    /** @param marginStake stake online − quorum stake: how much more may fail (negative: commits stop) */
    public record Step(Metric atMillis, Metric onlineStake, Metric marginStake) {}
}
