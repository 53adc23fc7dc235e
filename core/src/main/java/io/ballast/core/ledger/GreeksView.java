package io.ballast.core.ledger;

/**
 * An account's sensitivities on one market's index: its perpetual position (delta = size) plus
 * every option on the index. Units as {@link OptionPositionView}: delta in E8 units of the
 * underlying, gamma in 1e-12 units per 1 USD, vega micro-USD per vol point, theta micro-USD per day.
 */
public record GreeksView(String marketId, long deltaE8, long gammaE12, long vegaUsd, long thetaUsd) {}
