package io.ballast.oracle.source;

import io.ballast.core.ledger.Units;

/**
 * A price observed by a {@link PriceSource}: micro-USD per base unit, and the time the source
 * attributes it to (not necessarily the time it was asked for).
 */
public record PriceQuote(long priceUsd, long timestampMillis) {
    public PriceQuote {
        if (priceUsd < 1 || priceUsd > Units.MAX_PRICE_USD) {
            throw new IllegalArgumentException("price must be within 1.." + Units.MAX_PRICE_USD + " micro-USD: " + priceUsd);
        }
    }
}
