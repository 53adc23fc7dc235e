package io.ballast.api.model;

import java.util.List;

/**
 * Options on a market's index.
 *
 * @param volIndex        annualized volatility (0.6 = 60%): the median of the operators' vol reports
 * @param safeMode        index or vol index stale: no risk-increasing option trades, no option liquidations
 * @param guardBandPpm    how far the index may have moved since it was fixed (k·σ·√(age + finality)): a liquidation
 *                        must still be below maintenance with the index moved that far in the account's favour
 */
public record OptionsView(String volIndex, long volIndexAgeMillis, boolean volStale, String volStaleReason,
                          boolean safeMode, long guardBandPpm, List<OptionSeriesView> series) {
    public OptionsView {
        series = List.copyOf(series);
    }
}
