package io.ballast.oracle.source;

import java.util.Set;

/**
 * Where an oracle operator gets its prices. Implementations are deterministic: the same
 * construction inputs (file, seed, parameters) give the same quote for the same market and time,
 * whatever was asked before. Implementations used by one actor need not be thread-safe unless
 * they say so.
 */
public interface PriceSource {
    /**
     * The price of {@code marketId} as of {@code timeMillis}.
     *
     * @throws IllegalArgumentException if the source has no such market or cannot price that time
     */
    PriceQuote quote(String marketId, long timeMillis);

    /** The markets this source can price. */
    Set<String> marketIds();

    /**
     * The annualized volatility of {@code marketId} at {@code timeMillis} as this source sees it, in ppm
     * (600_000 = 60%): what an operator reports for a market's vol index. Empty: the source has no estimate.
     */
    default java.util.OptionalLong volatilityPpm(String marketId, long timeMillis) {
        return java.util.OptionalLong.empty();
    }

    /**
     * This source with its time axis moved by {@code offsetMillis}: asking at {@code t} asks the
     * underlying source at {@code t - offsetMillis}, and quote timestamps are moved forward by the
     * same amount. Used to replay a recorded file as if it started now.
     */
    default PriceSource shiftedBy(long offsetMillis) {
        return new TimeShiftedSource(this, offsetMillis);
    }
}
