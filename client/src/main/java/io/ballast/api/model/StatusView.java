package io.ballast.api.model;

import java.util.List;

/**
 * {@code GET /v1/status}: where the chain is, how fast it finalizes, how much stake may still fail, what corrupting
 * consensus would cost.
 */
public record StatusView(String chainId, long height, long blockTimeMillis, String stateRoot, Finality finality,
                         Stake stake, Security security, List<OracleAge> oracles, List<Mempool> mempool) {
    public StatusView {
        oracles = List.copyOf(oracles);
        mempool = List.copyOf(mempool);
    }

    /**
     * @param blockIntervalP50Millis BFT time between consecutive commits over the last {@code sampleBlocks}
     * @param submitToFinalP50Millis measured by this node for {@code POST /v1/tx?wait=final} (0 without samples)
     */
    public record Finality(int sampleBlocks, long blockIntervalP50Millis, long blockIntervalP99Millis,
                           long submitSamples, long submitToFinalP50Millis, long submitToFinalP99Millis) {}

    /**
     * The set certifying the latest block (not the genesis set), in voting weight (with staking: micro-USD of bonded
     * power).
     *
     * @param quorumStake           commits need more than 2/3: this much stake
     * @param tolerableFailureStake online stake that may still fail before commits stop (online − quorum; negative: halted)
     */
    public record Stake(long totalStake, long onlineStake, long quorumStake, long tolerableFailureStake,
                        int onlineValidators, int validators) {}

    /**
     * The cost of corrupting consensus against the collateral at risk, from the executed state at {@code height} and the
     * set certifying it. Amounts are USD decimal strings; without staking nothing is bonded, every stake figure is "0".
     *
     * @param staking             the genesis bonds stake (voting power is bonded collateral)
     * @param validators          members of the set certifying the latest block
     * @param totalPowerUsd       their bonded voting power
     * @param stakeToHaltUsd      power an attacker must hold to stop commits: more than a third
     * @param stakeToForkUsd      power that must sign two conflicting certificates: more than two thirds
     * @param slashableOnForkUsd  what a fork burns at least: the equivocation slash of the more than a third that must
     *                            sign both sides
     * @param collateralAtRiskUsd all collateral, the pool's cash and the open-interest notional at the index
     * @param corruptionCostRatio slashableOnFork ÷ collateralAtRisk (6 decimals); null when nothing is at risk
     * @param warning             the ratio is below 1: a fork could gain more than it burns
     */
    public record Security(boolean staking, int validators, String totalPowerUsd, String stakeToHaltUsd,
                           String stakeToForkUsd, String slashableOnForkUsd, String collateralAtRiskUsd,
                           String corruptionCostRatio, boolean warning) {}

    public record OracleAge(String market, long indexAgeMillis, boolean safeMode) {}

    /** @param laneDepths pending per lane: 0 oracle/liquidation/top-up, 1 withdrawal, 2 trade */
    public record Mempool(String validatorId, long height, int round, List<Integer> laneDepths) {
        public Mempool {
            laneDepths = List.copyOf(laneDepths);
        }
    }
}
