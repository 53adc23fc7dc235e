package io.ballast.core.ledger;

import io.ballast.core.options.Greeks;
import io.ballast.core.options.OptionType;

/**
 * A live series as the pool quotes it now. {@code bidUsd}/{@code askUsd} are the fill prices of a
 * sale/purchase (model price ∓ half-spread); {@code greeks} are per unit of the underlying.
 *
 * @param expired          past expiry, waiting for its settlement price (does not trade)
 * @param windowCoveragePpm share of the settlement window with a fresh index so far
 */
public record OptionSeriesView(String id, String marketId, OptionType type, long strikeUsd, long expiryMillis,
                               long contractSizeE8, boolean expired, long markPriceUsd, long bidUsd, long askUsd,
                               long halfSpreadUsd, long longOpenInterestE8, long shortOpenInterestE8, Greeks greeks,
                               long windowCoveragePpm) {}
