package io.ballast.core.ledger;

/**
 * A market's status for status pages and the HTTP API.
 *
 * @param indexPriceUsd          the last fresh index (0 if never fresh)
 * @param indexAgeMillis         state time − index timestamp
 * @param safeMode               true while the oracle rule says stale
 * @param skewE8                 long OI − short OI: the pool holds the opposite
 * @param currentFundingRatePpb  the rate the next interval would charge at today's skew (longs pay if positive)
 * @param spreadPpm              baseSpreadPpm + volatilitySpreadPpm, capped; a trade adds skew impact on top
 */
public record MarketView(String id, long indexPriceUsd, long indexAgeMillis, boolean safeMode, String safeModeReason,
                         long longOpenInterestE8, long shortOpenInterestE8, long skewE8, long lastFundingRatePpb,
                         long currentFundingRatePpb, long cumulativeFundingE12, long nextFundingTimeMillis,
                         long baseSpreadPpm, long volatilitySpreadPpm, long spreadPpm) {}
