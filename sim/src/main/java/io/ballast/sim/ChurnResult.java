package io.ballast.sim;

import java.util.List;

/**
 * What a seed on a staking genesis measured (scenarios {@code churn} and {@code churn-byzantine}): the cost of
 * corruption after every block, and what the churn did. Amounts micro-USD.
 *
 * @param security             {@link io.ballast.core.ledger.LedgerState#securityView()} after each committed height
 * @param joined               keys outside the genesis set that were elected and certified blocks
 * @param left                 validators that unbonded everything and withdrew it
 * @param jailed               downtime jailings
 * @param unjailed             accepted {@code Unjail} transactions
 * @param equivocationSlashes  offenders slashed for equivocation (each once)
 * @param reportSlashes        of those, by a {@code ReportEquivocation} transaction (evidence no block carried)
 * @param crossEpochSlashes    of those, slashed in a later epoch than the offence
 * @param elections            elections held (every epoch's second-to-last block)
 * @param phasedElections      elections that moved only part of the way (more than a third would have moved)
 * @param deferredElections    elections deferred (the set would have fallen below four)
 * @param minValidators        the smallest set that certified a block
 * @param maxPowerMovedPpm     the largest share of the power any election moved (at most a third)
 */
public record ChurnResult(List<SecurityPoint> security, int joined, int left, int jailed, int unjailed,
                          int equivocationSlashes, int reportSlashes, int crossEpochSlashes, int elections,
                          int phasedElections, int deferredElections, int minValidators, long maxPowerMovedPpm) {
    public ChurnResult {
        security = List.copyOf(security);
    }

    /**
     * The cost of corruption after one block.
     *
     * @param corruptionCostRatioPpm slashable on fork ÷ collateral at risk, in ppm ({@code Long.MAX_VALUE}: nothing at risk)
     */
    public record SecurityPoint(long height, long millis, int validators, long totalPowerUsd, long stakeToHaltUsd,
                                long stakeToForkUsd, long slashableOnForkUsd, long collateralAtRiskUsd,
                                long corruptionCostRatioPpm) {}
}
