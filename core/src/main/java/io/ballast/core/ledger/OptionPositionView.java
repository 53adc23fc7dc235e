package io.ballast.core.ledger;

/**
 * One option position valued at the model price (index, vol index, time to expiry), with its
 * greeks for the whole position.
 *
 * @param premiumBasisUsd   signed premium paid (positive long, negative short) for what is held
 * @param markPriceUsd      model price per unit of the underlying
 * @param valueUsd          size × mark (what equity counts; negative for shorts)
 * @param unrealizedPnlUsd  value − premium basis
 * @param deltaE8           ∂value/∂index in units of the underlying (E8): the perp position that moves alike
 * @param gammaE12          ∂delta/∂index per 1 USD, in 1e-12 units of the underlying
 * @param vegaUsd           ∂value per 1 vol point (0.01), micro-USD
 * @param thetaUsd          ∂value per calendar day, micro-USD
 */
public record OptionPositionView(String seriesId, String marketId, long sizeE8, long premiumBasisUsd, long markPriceUsd,
                                 long valueUsd, long unrealizedPnlUsd, long deltaE8, long gammaE12, long vegaUsd,
                                 long thetaUsd) {}
