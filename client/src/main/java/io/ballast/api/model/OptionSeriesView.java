package io.ballast.api.model;

/**
 * A listed option series as the pool quotes it. Prices per unit of the underlying in USD; greeks per unit
 * (delta and gamma per 1 USD in units of the underlying, vega USD per vol point, theta USD per day).
 *
 * @param expired          past expiry and waiting for its settlement price (no longer trades)
 * @param windowCoveragePpm share of the settlement window (before expiry) with a fresh index so far
 */
public record OptionSeriesView(String id, String market, String type, String strikeUsd, long expiryMillis,
                               String contractSize, boolean expired, String markPriceUsd, String bidUsd, String askUsd,
                               String longOpenInterest, String shortOpenInterest, String delta, String gamma,
                               String vegaUsd, String thetaUsd, long windowCoveragePpm) {}
