package io.ballast.core.options;

import io.ballast.core.math.Fixed;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Series ids that read well: {@code BTC-20270326-70000-C} is the 70,000 USD call on BTC-PERP's
 * index expiring 2027-03-26 08:00 UTC (the usual daily expiry time). An expiry at another whole
 * minute carries its UTC time: {@code BTC-20270326T1430-70000-P}. The underlying prefix is the
 * market id without its {@code -PERP} suffix; the strike is its USD decimal without trailing zeros.
 * An id parses back to exactly the values it was formatted from (no two spellings of one series).
 */
public record OptionSeriesId(String underlying, long expiryMillis, long strikeUsd, OptionType type) {
    public static final String PERP_SUFFIX = "-PERP";
    private static final long MINUTE_MILLIS = 60_000;
    private static final int DAILY_EXPIRY_HOUR = 8;

    /** The prefix of series on a market's index: {@code BTC} for {@code BTC-PERP}. */
    public static String underlyingPrefix(String marketId) {
        return marketId.endsWith(PERP_SUFFIX) && marketId.length() > PERP_SUFFIX.length()
                ? marketId.substring(0, marketId.length() - PERP_SUFFIX.length()) : marketId;
    }

    /** Whether {@code expiryMillis} can be written in an id (a whole minute, year 2000..9999). */
    public static boolean expiryRepresentable(long expiryMillis) {
        return expiryMillis % MINUTE_MILLIS == 0 && expiryMillis >= 946_684_800_000L && expiryMillis < 253_402_300_800_000L;
    }

    public static String format(String marketId, long expiryMillis, long strikeUsd, OptionType type) {
        if (!expiryRepresentable(expiryMillis) || strikeUsd <= 0) {
            throw new IllegalArgumentException("expiry must be a whole minute in years 2000..9999 and the strike positive");
        }
        LocalDateTime time = LocalDateTime.ofEpochSecond(expiryMillis / 1000, 0, ZoneOffset.UTC);
        StringBuilder id = new StringBuilder(underlyingPrefix(marketId)).append('-');
        id.append(String.format(java.util.Locale.ROOT, "%04d%02d%02d", time.getYear(), time.getMonthValue(), time.getDayOfMonth()));
        if (time.getHour() != DAILY_EXPIRY_HOUR || time.getMinute() != 0) {
            id.append(String.format(java.util.Locale.ROOT, "T%02d%02d", time.getHour(), time.getMinute()));
        }
        return id.append('-').append(Fixed.formatDecimal(strikeUsd, 6)).append('-').append(type.letter()).toString();
    }

    public String format() {
        return underlying + "-" + format(underlying, expiryMillis, strikeUsd, type).substring(underlying.length() + 1);
    }

    /** Parses an id; throws IllegalArgumentException unless it is the canonical spelling of a series. */
    public static OptionSeriesId parse(String id) {
        String[] parts = id.split("-", -1);
        if (parts.length < 4) {
            throw new IllegalArgumentException("not an option series id: " + id);
        }
        String typeText = parts[parts.length - 1];
        String strikeText = parts[parts.length - 2];
        String dateText = parts[parts.length - 3];
        String underlying = String.join("-", java.util.Arrays.copyOf(parts, parts.length - 3));
        if (underlying.isEmpty() || typeText.length() != 1 || !dateText.matches("[0-9]{8}(T[0-9]{4})?")) {
            throw new IllegalArgumentException("not an option series id: " + id);
        }
        OptionType type = OptionType.parse(typeText);
        long strike;
        long expiry;
        try {
            strike = Fixed.parseDecimal(strikeText, 6);
            int hour = dateText.length() > 8 ? Integer.parseInt(dateText.substring(9, 11)) : DAILY_EXPIRY_HOUR;
            int minute = dateText.length() > 8 ? Integer.parseInt(dateText.substring(11, 13)) : 0;
            expiry = LocalDateTime.of(Integer.parseInt(dateText.substring(0, 4)), Integer.parseInt(dateText.substring(4, 6)),
                    Integer.parseInt(dateText.substring(6, 8)), hour, minute).toEpochSecond(ZoneOffset.UTC) * 1000;
        } catch (NumberFormatException | java.time.DateTimeException bad) {
            throw new IllegalArgumentException("not an option series id: " + id + " (" + bad.getMessage() + ")");
        }
        if (strike <= 0 || !expiryRepresentable(expiry) || type.letter() != typeText.charAt(0)) {
            throw new IllegalArgumentException("not a canonical option series id: " + id);
        }
        OptionSeriesId parsed = new OptionSeriesId(underlying, expiry, strike, type);
        if (!parsed.format().equals(id)) {
            throw new IllegalArgumentException("not the canonical spelling of " + parsed.format() + ": " + id);
        }
        return parsed;
    }
}
