package io.ballast.core.ledger;

import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.oracle.OracleRuleParams;
import io.ballast.core.options.BlackScholes;
import io.ballast.core.options.OptionType;
import java.util.List;

/**
 * Options in a chain's genesis: which markets' indices carry options, the series listed from the
 * start (more come through authority-signed {@code ListOption} transactions), and bounds.
 * {@link #NONE} leaves a chain perpetual-only, with exactly the encodings and roots it had before
 * options existed.
 *
 * @param maxLiveSeries                  listed, not yet settled series at once (settled ones leave the state)
 * @param maxOptionPositionsPerAccount   option positions one account may hold
 * @param ratePpm                        the continuously compounded rate in pricing (0: collateral earns nothing)
 */
public record OptionsConfig(List<OptionMarketParams> markets, List<OptionSeriesSpec> series, int maxLiveSeries,
                            int maxOptionPositionsPerAccount, long ratePpm) {
    public static final OptionsConfig NONE = new OptionsConfig(List.of(), List.of(), 0, 0, 0);
    public static final int MAX_LIVE_SERIES = 4_096;
    public static final int MAX_POSITIONS_PER_ACCOUNT = 64;

    public OptionsConfig {
        markets = List.copyOf(markets);
        series = List.copyOf(series);
        if (maxLiveSeries < 0 || maxLiveSeries > MAX_LIVE_SERIES || maxOptionPositionsPerAccount < 0
                || maxOptionPositionsPerAccount > MAX_POSITIONS_PER_ACCOUNT || Math.abs(ratePpm) > BlackScholes.MAX_RATE_PPM) {
            throw new IllegalArgumentException("options: at most " + MAX_LIVE_SERIES + " live series, "
                    + MAX_POSITIONS_PER_ACCOUNT + " positions per account, |rate| ≤ 100%");
        }
        if (!markets.isEmpty() && (maxLiveSeries < 1 || maxOptionPositionsPerAccount < 1)) {
            throw new IllegalArgumentException("options need at least one live series and one position per account");
        }
        for (OptionMarketParams market : markets) {
            // a put is worth up to K·e^(−rT): with a negative rate, the largest strike over the longest listing must fit
            if (BlackScholes.Inputs.of(Units.MAX_PRICE_USD, ratePpm, market.maxListingHorizonMillis()).discountedStrike()
                    >= BlackScholes.MAX_DISCOUNTED_STRIKE_USD) {
                throw new IllegalArgumentException("options: rate " + ratePpm + " ppm over " + market.marketId()
                        + "'s listing horizon grows the largest strike past 2^62 micro-USD");
            }
        }
        if (series.size() > maxLiveSeries) {
            throw new IllegalArgumentException(series.size() + " genesis series exceed maxLiveSeries " + maxLiveSeries);
        }
    }

    /** Options on these markets, with defaults for the bounds: 256 live series, 32 positions per account, rate 0. */
    public static OptionsConfig of(List<OptionMarketParams> markets, List<OptionSeriesSpec> series) {
        return new OptionsConfig(markets, series, 256, 32, 0);
    }

    public boolean enabled() {
        return !markets.isEmpty();
    }

    public OptionsConfig withSeries(List<OptionSeriesSpec> newSeries) {
        return new OptionsConfig(markets, newSeries, maxLiveSeries, maxOptionPositionsPerAccount, ratePpm);
    }

    void encodeTo(CanonicalWriter out) {
        out.putInt(maxLiveSeries).putInt(maxOptionPositionsPerAccount).putLong(ratePpm).putInt(markets.size());
        for (OptionMarketParams p : markets) {
            out.putString(p.marketId()).putInt(p.volOracle().minFreshReports()).putLong(p.volOracle().maxAgeMillis())
                    .putLong(p.volOracle().outlierMadPpm()).putLong(p.initialVolPpm()).putLong(p.baseSpreadPpm())
                    .putLong(p.minSpreadPpmOfIndex()).putLong(p.maxOpenInterestE8()).putInt(p.scanSteps())
                    .putLong(p.volUpPpm()).putLong(p.volDownPpm()).putLong(p.volShockReferenceMillis())
                    .putLong(p.volShockShortPowerPpm()).putLong(p.volShockLongPowerPpm()).putLong(p.extremeMoveMultiplePpm())
                    .putLong(p.extremeWeightPpm()).putLong(p.initialMarginMultiplierPpm()).putLong(p.shortOptionFloorPpm())
                    .putLong(p.liquidationFeePpmOfIndex()).putLong(p.liquidationGuardSigmasPpm())
                    .putLong(p.liquidationGuardVolPpm()).putLong(p.settlementWindowMillis())
                    .putLong(p.minSettlementCoveragePpm()).putLong(p.maxListingHorizonMillis());
        }
        out.putInt(series.size());
        for (OptionSeriesSpec s : series) {
            out.putString(s.marketId()).putLong(s.expiryMillis()).putLong(s.strikeUsd()).putByte(s.type().code())
                    .putLong(s.contractSizeE8());
        }
    }

    /** Reads what {@link #encodeTo} wrote, whose first field ({@code maxLiveSeries}) the caller has read. */
    static OptionsConfig decodeAfter(int maxLive, CanonicalReader in) {
        int maxPositions = in.getInt();
        long rate = in.getLong();
        int marketCount = in.getCount(Genesis.MAX_MARKETS, "option market");
        if (marketCount == 0) {
            throw new io.ballast.core.encoding.DecodingException("an encoded options config lists no market");
        }
        java.util.ArrayList<OptionMarketParams> markets = new java.util.ArrayList<>();
        for (int i = 0; i < marketCount; i++) {
            markets.add(new OptionMarketParams(in.getString(io.ballast.core.ledger.tx.TxBody.MAX_MARKET_ID_BYTES),
                    new OracleRuleParams(in.getInt(), in.getLong(), in.getLong()), in.getLong(), in.getLong(), in.getLong(),
                    in.getLong(), in.getInt(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(),
                    in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(),
                    in.getLong(), in.getLong(), in.getLong()));
        }
        int seriesCount = in.getCount(MAX_LIVE_SERIES, "option series");
        java.util.ArrayList<OptionSeriesSpec> series = new java.util.ArrayList<>();
        for (int i = 0; i < seriesCount; i++) {
            series.add(new OptionSeriesSpec(in.getString(io.ballast.core.ledger.tx.TxBody.MAX_MARKET_ID_BYTES), in.getLong(),
                    in.getLong(), OptionType.ofCode(in.getByte()), in.getLong()));
        }
        return new OptionsConfig(markets, series, maxLive, maxPositions, rate);
    }
}
