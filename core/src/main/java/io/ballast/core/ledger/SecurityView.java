package io.ballast.core.ledger;

/**
 * What corrupting consensus would cost, against what it could gain, from the current validator set and bonds
 * ({@link LedgerState#securityView()}). Amounts micro-USD. Without staking, no stake is bonded: every stake figure is 0.
 *
 * @param validators             members of the set certifying blocks now
 * @param totalPowerUsd          their voting power (bonded)
 * @param stakeToHaltUsd         power an attacker must hold to stop commits: more than a third
 * @param stakeToForkUsd         power that must sign two conflicting certificates: more than two thirds
 * @param slashableOnForkUsd     what a fork burns at least: the equivocation share of the more than a third that
 *                               must provably sign both sides (two quorums overlap in more than a third)
 * @param collateralAtRiskUsd    all collateral + the pool's cash + open-interest notional (perpetuals and options'
 *                               underlying, long and short) at the index
 * @param corruptionCostRatioPpm slashableOnFork ÷ collateralAtRisk in ppm ({@code Long.MAX_VALUE} with nothing at risk)
 * @param warning                the ratio is below 1: a fork could gain more than it burns
 */
public record SecurityView(int validators, long totalPowerUsd, long stakeToHaltUsd, long stakeToForkUsd,
                           long slashableOnForkUsd, long collateralAtRiskUsd, long corruptionCostRatioPpm, boolean warning) {}
