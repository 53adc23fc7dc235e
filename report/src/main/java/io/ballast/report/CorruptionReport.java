package io.ballast.report;

import java.util.List;

/**
 * The cost of corrupting consensus against the collateral at risk. The cost needs the economic-security model (bonded
 * stake, slashing that burns it, a price for it), which Ballast does not have yet: the section names what is missing
 * and shows only what can be measured.
 *
 * @param missing             what the cost of corruption needs and the protocol lacks (never empty until it exists)
 * @param collateralAtRiskUsd the largest Σ collateral + pool cash + open interest notional seen in any seed
 */
public record CorruptionReport(Status status, List<Missing> missing, Metric collateralAtRiskUsd,
                               List<AtValidators> byValidators) {
    public CorruptionReport {
        missing = List.copyOf(missing);
        if (status == Status.MISSING_INPUTS && missing.isEmpty()) {
            throw new IllegalArgumentException("a missing cost names what is missing");
        }
    }

    public enum Status {
        /** The cost of corruption cannot be computed: see {@link #missing()}. */
        MISSING_INPUTS
    }

    /** The inputs of the economic-security issue (#13) that are not built. */
    public enum Missing {
        /** Voting power is a number the collateral authority assigns; nothing is bonded by the validator. */
        BONDED_STAKE,
        /** Equivocation evidence ejects the offender at the next epoch but burns nothing. */
        SLASHING_THAT_BURNS,
        /** No value in USD for a unit of stake, so no cost in USD to compare with the collateral. */
        STAKE_PRICE
    }

    /**
     * In stake units, from the validator set (all the protocol can say today).
     *
     * @param stakeToHalt the least stake whose absence stops commits: total − quorum + 1 (more than 1/3)
     * @param stakeToFork the least stake that must sign both of two conflicting blocks for each to gather a quorum:
     *                    2 × quorum − total (more than 1/3, all of it provably equivocating)
     */
    public record AtValidators(int validators, Metric totalStake, Metric stakeToHalt, Metric stakeToFork) {}
}
