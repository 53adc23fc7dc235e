package io.ballast.api.model;

/**
 * An open position valued at the index. Sizes in base units, amounts and prices in USD, as decimal strings.
 *
 * @param liquidationPriceUsd the mark at which this account's equity would fall to maintenance margin if only
 *                            this market moved (null: no such positive price)
 */
public record PositionView(String market, String size, String basisUsd, String entryPriceUsd, String markPriceUsd,
                           String unrealizedPnlUsd, String pendingFundingUsd, String liquidationPriceUsd) {}
