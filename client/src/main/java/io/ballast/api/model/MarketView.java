package io.ballast.api.model;

/**
 * A market after block {@code height}. Sizes in base units, prices in USD (decimal strings).
 *
 * @param currentFundingRatePpb what the next interval charges at today's skew (longs pay when positive)
 * @param options               options on this market's index; null if it has none
 */
public record MarketView(String id, long height, String indexPriceUsd, long indexAgeMillis, boolean safeMode,
                         String safeModeReason, String longOpenInterest, String shortOpenInterest, String skew,
                         long lastFundingRatePpb, long currentFundingRatePpb, long nextFundingTimeMillis, PoolView pool,
                         SpreadView spread, OptionsView options) {
    /** Without options. */
    public MarketView(String id, long height, String indexPriceUsd, long indexAgeMillis, boolean safeMode,
                      String safeModeReason, String longOpenInterest, String shortOpenInterest, String skew,
                      long lastFundingRatePpb, long currentFundingRatePpb, long nextFundingTimeMillis, PoolView pool,
                      SpreadView spread) {
        this(id, height, indexPriceUsd, indexAgeMillis, safeMode, safeModeReason, longOpenInterest, shortOpenInterest, skew,
                lastFundingRatePpb, currentFundingRatePpb, nextFundingTimeMillis, pool, spread, null);
    }
}
