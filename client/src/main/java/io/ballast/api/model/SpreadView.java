package io.ballast.api.model;

/**
 * The pool's quote for a small trade now: index ± spread (a trade adds skew impact on top).
 *
 * @param volatilitySpreadPpm k·σ·√(index age + recent finality): grows with the index age and slow blocks
 * @param skewImpactPpmPerUnit extra ppm a buy of one base unit pays while traders are net long (0 when the trade
 *                             reduces the skew)
 * @param why                  the same in words
 */
public record SpreadView(String bidUsd, String askUsd, long spreadPpm, long baseSpreadPpm, long volatilitySpreadPpm,
                         long maxSpreadPpm, long indexAgeMillis, long recentFinalityMillis, String skew,
                         long skewImpactPpmPerUnit, String why) {}
