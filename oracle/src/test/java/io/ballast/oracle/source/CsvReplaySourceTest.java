package io.ballast.oracle.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReplaySourceTest {
    private static final String PRICES = """
            timestampMillis,marketId,price
            1000,BTC-PERP,60000
            1000,ETH-PERP,3000.5
            2000,BTC-PERP,60100.25

            3000,BTC-PERP,59999.999999
            """;

    @Test
    void returnsTheLatestPriceAtOrBeforeTheTimePerMarket() {
        CsvReplaySource source = CsvReplaySource.parse("prices.csv", PRICES);
        assertEquals(Set.of("BTC-PERP", "ETH-PERP"), source.marketIds());
        assertEquals(3, source.rowCount("BTC-PERP"));
        assertEquals(new PriceQuote(60_000_000_000L, 1000), source.quote("BTC-PERP", 1000));
        assertEquals(new PriceQuote(60_000_000_000L, 1000), source.quote("BTC-PERP", 1999));
        assertEquals(new PriceQuote(60_100_250_000L, 2000), source.quote("BTC-PERP", 2000));
        assertEquals(new PriceQuote(59_999_999_999L, 3000), source.quote("BTC-PERP", 9_999_999));
        assertEquals(new PriceQuote(3_000_500_000L, 1000), source.quote("ETH-PERP", 5000));
    }

    @Test
    void beforeTheFirstRowReturnsTheFirstRow() {
        CsvReplaySource source = CsvReplaySource.parse("prices.csv", PRICES);
        assertEquals(new PriceQuote(60_000_000_000L, 1000), source.quote("BTC-PERP", 0));
    }

    @Test
    void headerIsOptionalAndUnknownMarketsFail() {
        CsvReplaySource source = CsvReplaySource.parse("p", "5,BTC-PERP,1\r\n6,BTC-PERP,2\r\n");
        assertEquals(new PriceQuote(2_000_000, 6), source.quote("BTC-PERP", 6));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> source.quote("ETH-PERP", 6));
        assertTrue(unknown.getMessage().contains("ETH-PERP"));
    }

    @Test
    void shiftedSourceReplaysTheFileFromANewStart() {
        PriceSource shifted = CsvReplaySource.parse("prices.csv", PRICES).shiftedBy(1_000_000);
        assertEquals(new PriceQuote(60_100_250_000L, 1_002_000), shifted.quote("BTC-PERP", 1_002_500));
    }

    @Test
    void malformedLinesAreReportedWithTheirLineNumber() {
        assertLineError(2, "expected 3 fields", "timestampMillis,marketId,price\n1000,BTC-PERP\n");
        assertLineError(1, "expected 3 fields", "time,market,price,extra\n");
        assertLineError(1, "timestamp 'time'", "time,market,price\n");
        assertLineError(3, "timestamp '-5'", "1,BTC-PERP,1\n2,BTC-PERP,1\n-5,BTC-PERP,1\n");
        assertLineError(1, "does not fit 64 bits", "99999999999999999999,BTC-PERP,1\n");
        assertLineError(2, "market id", "1,BTC-PERP,1\n2,,1\n");
        assertLineError(1, "market id", "1,BTC PERP,1\n");
        assertLineError(1, "market id", "1,ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456,1\n");
        assertLineError(2, "price 'abc'", "1,BTC-PERP,1\n2,BTC-PERP,abc\n");
        assertLineError(1, "price '1.0000001'", "1,BTC-PERP,1.0000001\n");
        assertLineError(1, "price '1e5'", "1,BTC-PERP,1e5\n");
        assertLineError(1, "price '0'", "1,BTC-PERP,0\n");
        assertLineError(1, "price '-1'", "1,BTC-PERP,-1\n");
        assertLineError(1, "price '1000000001'", "1,BTC-PERP,1000000001\n");
        assertLineError(4, "is not after 2000 on line 3", "1000,BTC-PERP,1\n1000,ETH-PERP,1\n2000,BTC-PERP,1\n2000,BTC-PERP,1\n");
        assertLineError(2, "is not after 1000 on line 1", "1000,BTC-PERP,1\n999,BTC-PERP,1\n");
        assertLineError(3, "timestamp 'timestampMillis'", "1,BTC-PERP,1\n\ntimestampMillis,marketId,price\n");
        assertLineError(1, "line longer than", "1,BTC-PERP," + "1".repeat(300) + "\n");
        assertLineError(1, "no price rows", "timestampMillis,marketId,price\n");
        assertLineError(0, "no price rows", "");
    }

    @Test
    void loadsFilesAndRejectsInvalidEncoding(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.csv");
        Files.writeString(good, PRICES);
        assertEquals(new PriceQuote(3_000_500_000L, 1000), CsvReplaySource.load(good).quote("ETH-PERP", 1000));

        Path bad = dir.resolve("bad.csv");
        Files.write(bad, new byte[] {'1', ',', 'B', ',', '1', '\n', '2', ',', 'B', ',', (byte) 0xff, '\n'});
        CsvFormatException error = assertThrows(CsvFormatException.class, () -> CsvReplaySource.load(bad));
        assertTrue(error.getMessage().startsWith("bad.csv:"), error.getMessage());
        assertTrue(error.getMessage().contains("UTF-8"), error.getMessage());
    }

    private static void assertLineError(long line, String fragment, String text) {
        CsvFormatException error = assertThrows(CsvFormatException.class, () -> CsvReplaySource.parse("f.csv", text), text);
        assertEquals(line, error.lineNumber(), error.getMessage());
        assertTrue(error.getMessage().startsWith("f.csv:" + line + ": "), error.getMessage());
        assertTrue(error.getMessage().contains(fragment), error.getMessage());
    }
}
