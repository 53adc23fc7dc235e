package io.ballast.api.model;

/**
 * An option position valued at the pool's model price (index, vol index, time to expiry), with the greeks
 * of the whole position. Amounts and prices in USD, sizes and delta in units of the underlying, as decimal strings.
 *
 * @param premiumBasisUsd  signed premium paid for what is held (negative: received for a short)
 * @param valueUsd         size × mark: what equity counts
 * @param delta            ∂value/∂index in units of the underlying (the perp position that moves alike)
 * @param gamma            ∂delta/∂index per 1 USD move of the index, in units of the underlying
 * @param vegaUsd          ∂value per 1 vol point (0.01 of annualized volatility)
 * @param thetaUsd         ∂value per calendar day
 */
public record OptionPositionView(String series, String market, String size, String premiumBasisUsd, String markPriceUsd,
                                 String valueUsd, String unrealizedPnlUsd, String delta, String gamma, String vegaUsd,
                                 String thetaUsd) {}
