package io.ballast.api.model;

/**
 * A market after block {@code height}. Sizes in base units, prices in USD (decimal strings).
 *
 * @param currentFundingRatePpb what the next interval charges at today's skew (longs pay when positive)
 */
public record MarketView(String id, long height, String indexPriceUsd, long indexAgeMillis, boolean safeMode,
                         String safeModeReason, String longOpenInterest, String shortOpenInterest, String skew,
                         long lastFundingRatePpb, long currentFundingRatePpb, long nextFundingTimeMillis, PoolView pool,
                         SpreadView spread) {}
