package io.ballast.core.ledger;

import io.ballast.core.options.OptionSeriesId;
import io.ballast.core.options.OptionType;

/**
 * A listed European, cash-settled option: on {@code marketId}'s index, struck at {@code strikeUsd}
 * per unit, expiring at {@code expiryMillis}. Sizes are in units of the underlying (E8, as perps);
 * every trade's size must be a multiple of {@code contractSizeE8}.
 */
public record OptionSeriesSpec(String marketId, long expiryMillis, long strikeUsd, OptionType type, long contractSizeE8) {
    public OptionSeriesSpec {
        if (marketId == null || type == null) {
            throw new IllegalArgumentException("market and type are required");
        }
    }

    /** The series id, e.g. {@code BTC-20270326-70000-C}; throws if the expiry or strike cannot be written. */
    public String id() {
        return OptionSeriesId.format(marketId, expiryMillis, strikeUsd, type);
    }
}
