package io.ballast.core.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class OptionSeriesIdTest {
    private static long utc(int year, int month, int day, int hour, int minute) {
        return LocalDateTime.of(year, month, day, hour, minute).toEpochSecond(ZoneOffset.UTC) * 1000;
    }

    @Test
    void dailyExpiryReadsAsADate() {
        String id = OptionSeriesId.format("BTC-PERP", utc(2027, 3, 26, 8, 0), 70_000_000_000L, OptionType.CALL);
        assertEquals("BTC-20270326-70000-C", id);
        assertEquals(new OptionSeriesId("BTC", utc(2027, 3, 26, 8, 0), 70_000_000_000L, OptionType.CALL),
                OptionSeriesId.parse(id));
    }

    @Test
    void otherTimesAndFractionalStrikes() {
        String id = OptionSeriesId.format("ETH-PERP", utc(2026, 12, 3, 14, 30), 2_500_500_000L, OptionType.PUT);
        assertEquals("ETH-20261203T1430-2500.5-P", id);
        assertEquals(utc(2026, 12, 3, 14, 30), OptionSeriesId.parse(id).expiryMillis());
        assertEquals("SOL-X-20261203-1-C", OptionSeriesId.format("SOL-X", utc(2026, 12, 3, 8, 0), 1_000_000, OptionType.CALL));
        assertEquals("SOL-X", OptionSeriesId.parse("SOL-X-20261203-1-C").underlying());
    }

    @Test
    void onlyTheCanonicalSpellingParses() {
        for (String bad : new String[] {"BTC-20270326-70000.0-C", "BTC-20270326-070000-C", "BTC-20270326T0800-70000-C",
                "BTC-20270326-70000-c", "BTC-20270326-70000-X", "BTC-20270230-70000-C", "BTC-2027032-70000-C",
                "BTC-20270326-0-C", "BTC-PERP", "-20270326-1-C"}) {
            assertThrows(IllegalArgumentException.class, () -> OptionSeriesId.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class,
                () -> OptionSeriesId.format("BTC-PERP", utc(2027, 3, 26, 8, 0) + 1_000, 1, OptionType.CALL));
    }
}
