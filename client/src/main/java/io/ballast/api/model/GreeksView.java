package io.ballast.api.model;

/**
 * An account's sensitivities on one market's index: its perp position (delta = size) and every option on the
 * index. Units as in {@link OptionPositionView}: delta and gamma (per 1 USD) in units of the underlying, vega in
 * USD per vol point, theta in USD per day.
 */
public record GreeksView(String market, String delta, String gamma, String vegaUsd, String thetaUsd) {}
