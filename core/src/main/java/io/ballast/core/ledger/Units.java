package io.ballast.core.ledger;

import io.ballast.core.math.Fixed;

/**
 * The fixed-point scales of the ledger. Every amount is a long in one of these units, named by
 * its suffix: {@code ...Usd} micro-USD, {@code ...E8} base units with 8 decimals, {@code ...Ppm}
 * parts per million, {@code ...Ppb} parts per billion, {@code ...E12} funding index units.
 */
public final class Units {
    /** sizeE8 units per base unit (1 BTC = 100_000_000). */
    public static final long SIZE_SCALE = 100_000_000L;
    /** micro-USD per USD. Prices are micro-USD per one base unit. */
    public static final long USD_SCALE = 1_000_000L;
    /** 100% in parts per million. */
    public static final long PPM = 1_000_000L;
    /** 100% in parts per billion (funding rates). */
    public static final long PPB = 1_000_000_000L;
    /**
     * The cumulative funding index is in 1e-12 USD per base unit (micro-USD × 1e6), so that a
     * 1e-9 rate on a cheap asset still moves it. Payment = size × Δindex / (SIZE_SCALE × FUNDING_INDEX_SCALE).
     */
    public static final long FUNDING_INDEX_SCALE = 1_000_000L;

    /** Largest accepted oracle price or limit: 1e9 USD per base unit (keeps every product within 128 bits and the oracle rule's differences within 64). */
    public static final long MAX_PRICE_USD = 1_000_000_000L * USD_SCALE;
    /** Largest accepted trade size: 1e9 base units. */
    public static final long MAX_SIZE_E8 = 1_000_000_000L * SIZE_SCALE;

    private Units() {}

    /** Notional in micro-USD of {@code |sizeE8|} at {@code priceUsd}, floored. */
    public static long notionalUsd(long sizeE8, long priceUsd) {
        return Fixed.mulDiv(Math.abs(sizeE8), priceUsd, SIZE_SCALE);
    }

    /** Parses a USD decimal string such as "12.5" into micro-USD. */
    public static long parseUsd(String text) {
        return Fixed.parseDecimal(text, 6);
    }

    /** Parses a base-unit decimal string such as "-0.25" into sizeE8. */
    public static long parseSize(String text) {
        return Fixed.parseDecimal(text, 8);
    }

    public static String formatUsd(long usd) {
        return Fixed.formatDecimal(usd, 6);
    }

    public static String formatSize(long sizeE8) {
        return Fixed.formatDecimal(sizeE8, 8);
    }
}
