package io.ballast.core.ledger;

import java.util.List;

/**
 * Options on one market's index: the vol index, safe mode, the liquidation guard band and the live series.
 *
 * @param volIndexPpm       annualized vol, ppm (the last fresh one in safe mode)
 * @param safeMode          index or vol index stale: no risk-increasing option trades, no option liquidations
 * @param guardBandPpm      the index move (ppm) within which a liquidation must still be below maintenance
 */
public record OptionMarketView(String marketId, long indexPriceUsd, long volIndexPpm, long volIndexAgeMillis,
                               boolean volStale, String volStaleReason, boolean safeMode, long guardBandPpm,
                               List<OptionSeriesView> series) {
    public OptionMarketView {
        series = List.copyOf(series);
    }
}
