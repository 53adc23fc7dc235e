package io.ballast.api.model;

import java.util.List;

/** {@code GET /v1/status}: where the chain is, how fast it finalizes, how much stake may still fail. */
public record StatusView(String chainId, long height, long blockTimeMillis, String stateRoot, Finality finality,
                         Stake stake, List<OracleAge> oracles, List<Mempool> mempool) {
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
     * @param quorumStake           commits need more than 2/3: this much stake
     * @param tolerableFailureStake online stake that may still fail before commits stop (online − quorum; negative: halted)
     */
    public record Stake(long totalStake, long onlineStake, long quorumStake, long tolerableFailureStake,
                        int onlineValidators, int validators) {}

    public record OracleAge(String market, long indexAgeMillis, boolean safeMode) {}

    /** @param laneDepths pending per lane: 0 oracle/liquidation/top-up, 1 withdrawal, 2 trade */
    public record Mempool(String validatorId, long height, int round, List<Integer> laneDepths) {
        public Mempool {
            laneDepths = List.copyOf(laneDepths);
        }
    }
}
