package io.ballast.oracle.source;

import java.util.Objects;
import java.util.Set;

/** A {@link PriceSource} seen through a time offset; see {@link PriceSource#shiftedBy}. */
public record TimeShiftedSource(PriceSource underlying, long offsetMillis) implements PriceSource {
    public TimeShiftedSource {
        Objects.requireNonNull(underlying, "underlying");
    }

    @Override
    public PriceQuote quote(String marketId, long timeMillis) {
        PriceQuote quote = underlying.quote(marketId, Math.subtractExact(timeMillis, offsetMillis));
        return new PriceQuote(quote.priceUsd(), Math.addExact(quote.timestampMillis(), offsetMillis));
    }

    @Override
    public Set<String> marketIds() {
        return underlying.marketIds();
    }

    @Override
    public java.util.OptionalLong volatilityPpm(String marketId, long timeMillis) {
        return underlying.volatilityPpm(marketId, Math.subtractExact(timeMillis, offsetMillis));
    }
}
