package io.ballast.oracle.source;

import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.TxBody;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.channels.Channels;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Replays recorded prices from {@code timestampMillis,marketId,price} lines, price a decimal USD
 * string ({@code 64250.5}, at most 6 decimals). An optional first line is exactly the header
 * {@code timestampMillis,marketId,price}; blank lines are skipped. Within a market, timestamps
 * must strictly increase down the file. Any other deviation fails the whole file with a
 * {@link CsvFormatException} naming the line.
 *
 * <p>{@link #quote} returns the latest row at or before the requested time, or the market's first
 * row when the time is before all of them. Immutable and thread-safe once loaded.
 */
public final class CsvReplaySource implements PriceSource {
    public static final String HEADER = "timestampMillis,marketId,price";
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    public static final int MAX_LINES = 2_000_000;
    public static final int MAX_LINE_CHARS = 200;
    private static final Pattern TIMESTAMP = Pattern.compile("0|[1-9][0-9]*");
    private static final Pattern MARKET_ID = Pattern.compile("[A-Za-z0-9._/-]+");

    private final Map<String, Series> seriesByMarket;

    private CsvReplaySource(Map<String, Series> seriesByMarket) {
        this.seriesByMarket = seriesByMarket;
    }

    /** Loads a UTF-8 file of at most {@link #MAX_FILE_BYTES}. */
    public static CsvReplaySource load(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try {
            long sizeBytes = Files.size(file);
            if (sizeBytes > MAX_FILE_BYTES) {
                throw new CsvFormatException(name, 0, "file of " + sizeBytes + " bytes exceeds " + MAX_FILE_BYTES);
            }
            var decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            try (Reader reader = Channels.newReader(Files.newByteChannel(file), decoder, -1)) {
                return parse(name, reader);
            }
        } catch (CharacterCodingException notUtf8) {
            throw new CsvFormatException(name, 0, "not valid UTF-8: " + notUtf8.getMessage());
        } catch (IOException io) {
            throw new UncheckedIOException("cannot read " + file, io);
        }
    }

    /** Parses CSV text held in memory; {@code sourceName} prefixes error messages. */
    public static CsvReplaySource parse(String sourceName, String text) {
        if (text.length() > MAX_FILE_BYTES) {
            throw new CsvFormatException(sourceName, 0, "text of " + text.length() + " chars exceeds " + MAX_FILE_BYTES);
        }
        try {
            return parse(sourceName, new StringReader(text));
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    private static CsvReplaySource parse(String sourceName, Reader reader) throws IOException {
        Map<String, SeriesBuilder> builders = new TreeMap<>();
        BufferedReader lines = new BufferedReader(reader);
        long lineNumber = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            lineNumber++;
            if (lineNumber > MAX_LINES) {
                throw new CsvFormatException(sourceName, lineNumber, "more than " + MAX_LINES + " lines");
            }
            if (line.length() > MAX_LINE_CHARS) {
                throw new CsvFormatException(sourceName, lineNumber, "line longer than " + MAX_LINE_CHARS + " chars");
            }
            if (line.isBlank() || (lineNumber == 1 && line.strip().equals(HEADER))) {
                continue;
            }
            Row row = parseRow(sourceName, lineNumber, line);
            builders.computeIfAbsent(row.marketId, m -> new SeriesBuilder()).add(sourceName, lineNumber, row);
        }
        if (builders.isEmpty()) {
            throw new CsvFormatException(sourceName, lineNumber, "no price rows");
        }
        Map<String, Series> series = new HashMap<>();
        builders.forEach((market, builder) -> series.put(market, builder.build()));
        return new CsvReplaySource(Collections.unmodifiableMap(series));
    }

    private static Row parseRow(String sourceName, long lineNumber, String line) {
        String[] fields = line.split(",", -1);
        if (fields.length != 3) {
            throw new CsvFormatException(sourceName, lineNumber,
                    "expected 3 fields timestampMillis,marketId,price, got " + fields.length + (lineNumber == 1 ? " (or the header " + HEADER + ")" : ""));
        }
        String timestamp = fields[0].strip();
        String marketId = fields[1].strip();
        String price = fields[2].strip();
        if (!TIMESTAMP.matcher(timestamp).matches()) {
            throw new CsvFormatException(sourceName, lineNumber, "timestamp '" + timestamp + "' is not a non-negative integer of milliseconds");
        }
        long timestampMillis;
        try {
            timestampMillis = Long.parseLong(timestamp);
        } catch (NumberFormatException tooLarge) {
            throw new CsvFormatException(sourceName, lineNumber, "timestamp '" + timestamp + "' does not fit 64 bits");
        }
        if (!MARKET_ID.matcher(marketId).matches() || marketId.length() > TxBody.MAX_MARKET_ID_BYTES) {
            throw new CsvFormatException(sourceName, lineNumber, "market id '" + marketId + "' must be 1.."
                    + TxBody.MAX_MARKET_ID_BYTES + " of [A-Za-z0-9._/-]");
        }
        return new Row(timestampMillis, marketId, parsePrice(sourceName, lineNumber, price));
    }

    private static long parsePrice(String sourceName, long lineNumber, String price) {
        long priceUsd;
        try {
            priceUsd = Units.parseUsd(price);
        } catch (NumberFormatException | ArithmeticException invalid) {
            throw new CsvFormatException(sourceName, lineNumber, "price '" + price + "' is not a USD decimal with at most 6 decimals");
        }
        if (priceUsd < 1 || priceUsd > Units.MAX_PRICE_USD) {
            throw new CsvFormatException(sourceName, lineNumber, "price '" + price + "' must be within 0.000001.."
                    + Units.formatUsd(Units.MAX_PRICE_USD));
        }
        return priceUsd;
    }

    @Override
    public PriceQuote quote(String marketId, long timeMillis) {
        Series series = seriesByMarket.get(marketId);
        if (series == null) {
            throw new IllegalArgumentException("no prices for market " + marketId + "; the file has " + marketIds());
        }
        int index = Arrays.binarySearch(series.timestampsMillis, timeMillis);
        int at = index >= 0 ? index : Math.max(0, -index - 2);
        return new PriceQuote(series.pricesUsd[at], series.timestampsMillis[at]);
    }

    @Override
    public Set<String> marketIds() {
        return new java.util.TreeSet<>(seriesByMarket.keySet());
    }

    /** Number of price rows for {@code marketId} (0 if unknown). */
    public int rowCount(String marketId) {
        Series series = seriesByMarket.get(marketId);
        return series == null ? 0 : series.timestampsMillis.length;
    }

    private record Row(long timestampMillis, String marketId, long priceUsd) {}

    private record Series(long[] timestampsMillis, long[] pricesUsd) {}

    private static final class SeriesBuilder {
        private long[] timestampsMillis = new long[16];
        private long[] pricesUsd = new long[16];
        private int size;
        private long lastLineNumber;

        void add(String sourceName, long lineNumber, Row row) {
            if (size > 0 && row.timestampMillis <= timestampsMillis[size - 1]) {
                throw new CsvFormatException(sourceName, lineNumber, "timestamp " + row.timestampMillis + " for " + row.marketId
                        + " is not after " + timestampsMillis[size - 1] + " on line " + lastLineNumber);
            }
            if (size == timestampsMillis.length) {
                timestampsMillis = Arrays.copyOf(timestampsMillis, size * 2);
                pricesUsd = Arrays.copyOf(pricesUsd, size * 2);
            }
            timestampsMillis[size] = row.timestampMillis;
            pricesUsd[size] = row.priceUsd;
            size++;
            lastLineNumber = lineNumber;
        }

        Series build() {
            return new Series(Arrays.copyOf(timestampsMillis, size), Arrays.copyOf(pricesUsd, size));
        }
    }
}
