package io.ballast.report;

import java.util.List;

/**
 * The cost of corrupting consensus against the collateral at risk (class {@code churn}: validator churn on a staking
 * genesis), from the ledger's {@code securityView()} after every committed block of every seed: the bonded power,
 * the stake that halts commits (more than a third) and that forks (more than two thirds), what a fork burns at least
 * (the equivocation slash of the more than a third that signs both sides), the collateral at risk (all collateral, the
 * pool's cash and the open-interest notional) and their ratio.
 *
 * @param verdict     from the lowest ratio of the campaign
 * @param lowestRatio the lowest slashable-on-fork ÷ collateral-at-risk after any block of any seed (ratio-ppm)
 */
public record CorruptionReport(Verdict verdict, Metric lowestRatio, List<AtValidators> byValidators) {
    public CorruptionReport {
        byValidators = List.copyOf(byValidators);
        if ((verdict == Verdict.COVERED) != (lowestRatio.value() >= RATIO_ONE_PPM)) {
            throw new IllegalArgumentException("verdict " + verdict + " with a lowest ratio of " + lowestRatio.value());
        }
    }

    /** A ratio of 1 in ratio-ppm. */
    public static final long RATIO_ONE_PPM = 1_000_000;

    public enum Verdict {
        /** After every block a fork would burn at least the collateral at risk. */
        COVERED,
        /** After some block a fork would burn less than the collateral at risk: it could gain more than it costs. */
        BELOW_ONE
    }

    /**
     * At one validator count (of the genesis set; joiners and leavers change it during each seed). The figures at the
     * lowest ratio are those of the block where it fell lowest, of {@code lowestRatio}'s seed.
     *
     * @param blocks          committed heights measured over every seed
     * @param ratio           the ratio after every block of every seed (x: simulated ms; each point names its seed)
     * @param slashableOnFork over the seed of the lowest ratio: what a fork burns at least (micro-USD)
     * @param collateralAtRisk over the same seed: the collateral at risk (micro-USD)
     * @param seedRows        one row per seed, in seed order
     */
    public record AtValidators(int validators, Metric seeds, Metric blocks, Metric lowestRatio, Metric highestRatio,
                               Metric validatorsAtLowest, Metric totalPowerUsd, Metric stakeToHaltUsd,
                               Metric stakeToForkUsd, Metric slashableOnForkUsd, Metric collateralAtRiskUsd,
                               Series ratio, Series slashableOnFork, Series collateralAtRisk, List<SeedRow> seedRows) {
        public AtValidators {
            seedRows = List.copyOf(seedRows);
        }
    }

    /**
     * One seed of the churn class: what the churn did and its lowest ratio.
     *
     * @param replay            the simulator command that replays this seed (its per-seed table shows the same numbers)
     * @param slashed           offenders slashed for equivocation (each once)
     * @param slashedByReport   of those, by a {@code ReportEquivocation} (evidence no block of its epoch carried)
     * @param slashedLater      of those, in a later epoch than the offence
     */
    public record SeedRow(long seed, String replay, boolean ok, Metric blocks, Metric lowestRatio, Metric joined,
                          Metric left, Metric jailed, Metric unjailed, Metric slashed, Metric slashedByReport,
                          Metric slashedLater) {}
}
