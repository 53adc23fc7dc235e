package io.ballast.core.ledger;

import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.oracle.IndexResult;
import io.ballast.core.oracle.OracleRule;
import java.util.ArrayList;
import java.util.List;

/**
 * One market's mutable state (owned by {@link LedgerState}): oracle reports, index, open
 * interest aggregates, funding index and the per-block spread. {@code indexPriceUsd} is always the
 * last fresh index (0 before any); {@code fresh} says whether it is fresh now.
 *
 * <p>With options on its index ({@code optionParams} non-null) it also holds the operators' vol
 * reports, the vol index (same rule: median, staleness, outliers) and its live option series; a
 * market without options encodes exactly as before options existed.
 */
final class MarketState {
    final int ordinal;
    final MarketParams params;
    final long[] reportPriceUsd;
    final long[] reportTimeMillis;
    boolean fresh;
    String staleReason = "";
    long indexPriceUsd;
    long indexTimeMillis;
    long longOpenInterestE8;
    long shortOpenInterestE8;
    /** Σ basis of all open positions (signed): the pool's NAV uses it to value traders' PnL without a scan. */
    long sumBasisUsd;
    long cumulativeFundingE12;
    long lastFundingTimeMillis;
    long lastFundingRatePpb;
    /** Not hashed: recomputed from hashed inputs at every block start and index change. */
    long volatilitySpreadPpm;
    boolean dirty;

    // ---- options on this index (all null/zero without)
    final OptionMarketParams optionParams;
    final ScenarioGrid grid;
    final long[] volReportPpm;
    final long[] volReportTimeMillis;
    boolean volFresh;
    String volStaleReason = "";
    long volIndexPpm;
    long volIndexTimeMillis;
    /** Live series on this index, in listing order. */
    final List<SeriesState> series = new ArrayList<>();
    /** Not hashed: the liquidation guard's spot band, recomputed with the volatility spread. */
    long guardBandPpm;
    // grid spots at the current index (not hashed)
    private long gridIndexUsd = -1;
    private long[] gridSpots;
    private double[] gridLn;
    private long[] stressSpots;
    private double[] stressLn;

    MarketState(int ordinal, MarketParams params, int operatorCount, OptionMarketParams optionParams) {
        this.ordinal = ordinal;
        this.params = params;
        this.reportPriceUsd = new long[operatorCount];
        this.reportTimeMillis = new long[operatorCount];
        this.optionParams = optionParams;
        this.grid = optionParams == null ? null : ScenarioGrid.of(params, optionParams);
        this.volReportPpm = optionParams == null ? null : new long[operatorCount];
        this.volReportTimeMillis = optionParams == null ? null : new long[operatorCount];
    }

    boolean hasOptions() {
        return optionParams != null;
    }

    /** Index and vol index both usable (options trade and liquidate only then). */
    boolean optionsFresh() {
        return fresh && volFresh;
    }

    /** Re-aggregates the vol reports at {@code nowMillis}. */
    IndexResult evaluateVolIndex(long nowMillis) {
        IndexResult result = OracleRule.aggregate(volReportPpm, volReportTimeMillis, volReportPpm.length, nowMillis,
                optionParams.volOracle());
        if (result instanceof IndexResult.Fresh f) {
            volFresh = true;
            volStaleReason = "";
            volIndexPpm = f.price();
            volIndexTimeMillis = f.timestampMillis();
        } else {
            volFresh = false;
            volStaleReason = ((IndexResult.Stale) result).reason();
        }
        dirty = true;
        return result;
    }

    /**
     * The guard band: k·σ·√(index age + recent finality), σ the vol index per √ms (annual vol /
     * √(ms per year)), in ppm, capped at 50%.
     */
    void updateGuardBand(long nowMillis, long recentFinalityMillis) {
        if (optionParams == null || indexPriceUsd == 0) {
            guardBandPpm = 0;
            return;
        }
        long ageMillis = Math.max(0, nowMillis - indexTimeMillis);
        double horizonMillis = Math.min((double) ageMillis + recentFinalityMillis, 1e12);
        double band = optionParams.liquidationGuardSigmasPpm() / 1e6 * (volIndexPpm / 1e6)
                * StrictMath.sqrt(horizonMillis / io.ballast.core.options.BlackScholes.MILLIS_PER_YEAR);
        guardBandPpm = Math.min(Units.PPM / 2, (long) Math.floor(band * 1e6 + 0.5));
    }

    long gridSpotUsd(int scenario) {
        ensureGrid();
        return gridSpots[scenario];
    }

    double gridLnSpot(int scenario) {
        ensureGrid();
        return gridLn[scenario];
    }

    long stressSpotUsd(int scenario) {
        ensureGrid();
        return stressSpots[scenario];
    }

    double stressLnSpot(int scenario) {
        ensureGrid();
        return stressLn[scenario];
    }

    private void ensureGrid() {
        if (gridIndexUsd == indexPriceUsd) {
            return;
        }
        int n = grid.size();
        gridSpots = new long[n];
        gridLn = new double[n];
        for (int s = 0; s < n; s++) {
            gridSpots[s] = ScenarioGrid.movedSpot(indexPriceUsd, grid.spotMovePpm[s]);
            gridLn[s] = StrictMath.log(gridSpots[s]);
        }
        stressSpots = new long[grid.stressMovePpm.length];
        stressLn = new double[stressSpots.length];
        for (int s = 0; s < stressSpots.length; s++) {
            stressSpots[s] = ScenarioGrid.movedSpot(indexPriceUsd, grid.stressMovePpm[s]);
            stressLn[s] = StrictMath.log(stressSpots[s]);
        }
        gridIndexUsd = indexPriceUsd;
    }

    long netSkewE8() {
        return Math.subtractExact(longOpenInterestE8, shortOpenInterestE8);
    }

    long spreadPpm() {
        return Math.min(params.maxSpreadPpm(), params.baseSpreadPpm() + volatilitySpreadPpm);
    }

    /** Re-aggregates the reports at {@code nowMillis}; returns the result (fresh or stale). */
    IndexResult evaluateIndex(long nowMillis) {
        IndexResult result = OracleRule.aggregate(reportPriceUsd, reportTimeMillis, reportPriceUsd.length, nowMillis, params.oracle());
        if (result instanceof IndexResult.Fresh f) {
            fresh = true;
            staleReason = "";
            indexPriceUsd = f.price();
            indexTimeMillis = f.timestampMillis();
        } else {
            fresh = false;
            staleReason = ((IndexResult.Stale) result).reason();
        }
        dirty = true;
        return result;
    }

    /** spread += k·σ·√(index age + finality); the one square root per market per block (and per index change). */
    void updateVolatilitySpread(long nowMillis, long recentFinalityMillis) {
        long ageMillis = indexPriceUsd == 0 ? 0 : Math.max(0, nowMillis - indexTimeMillis);
        long horizonMillis = Math.min(Math.addExact(ageMillis, recentFinalityMillis), 1_000_000_000_000L);
        // √(ms × 1000) = √(s × 1e6) = 1000 × √s
        long sqrtSecondsE3 = io.ballast.core.math.Fixed.sqrt(Math.multiplyExact(horizonMillis, 1000));
        long sigmaK = io.ballast.core.math.Fixed.mulDiv(params.volatilityPpmPerSqrtSecond(), params.spreadVolatilityMultiplierPpm(), Units.PPM);
        volatilitySpreadPpm = Math.min(Units.PPM, io.ballast.core.math.Fixed.mulDiv(sigmaK, sqrtSecondsE3, 1000));
    }

    /** Canonical leaf encoding (dynamic state only; parameters are in the configuration leaf). */
    void encodeTo(CanonicalWriter out) {
        out.putInt(ordinal).putBoolean(fresh).putLong(indexPriceUsd).putLong(indexTimeMillis)
                .putLong(longOpenInterestE8).putLong(shortOpenInterestE8).putLong(sumBasisUsd)
                .putLong(cumulativeFundingE12).putLong(lastFundingTimeMillis).putLong(lastFundingRatePpb)
                .putInt(reportPriceUsd.length);
        for (int i = 0; i < reportPriceUsd.length; i++) {
            out.putLong(reportPriceUsd[i]).putLong(reportTimeMillis[i]);
        }
        if (optionParams != null) {
            out.putBoolean(volFresh).putLong(volIndexPpm).putLong(volIndexTimeMillis);
            for (int i = 0; i < volReportPpm.length; i++) {
                out.putLong(volReportPpm[i]).putLong(volReportTimeMillis[i]);
            }
            out.putInt(series.size());
            for (SeriesState s : series) {
                s.encodeTo(out);
            }
        }
    }

    byte[] encode() {
        CanonicalWriter out = new CanonicalWriter(96 + 32 * reportPriceUsd.length + 100 * series.size());
        encodeTo(out);
        return out.toByteArray();
    }

    void decodeFrom(CanonicalReader in) {
        int encodedOrdinal = in.getInt();
        if (encodedOrdinal != ordinal) {
            throw new io.ballast.core.encoding.DecodingException("market ordinal " + encodedOrdinal + ", expected " + ordinal);
        }
        fresh = in.getBoolean();
        indexPriceUsd = in.getLong();
        indexTimeMillis = in.getLong();
        longOpenInterestE8 = in.getLong();
        shortOpenInterestE8 = in.getLong();
        sumBasisUsd = in.getLong();
        cumulativeFundingE12 = in.getLong();
        lastFundingTimeMillis = in.getLong();
        lastFundingRatePpb = in.getLong();
        int operators = in.getCount(reportPriceUsd.length, "oracle report");
        if (operators != reportPriceUsd.length) {
            throw new io.ballast.core.encoding.DecodingException("report count " + operators + " != operators " + reportPriceUsd.length);
        }
        for (int i = 0; i < operators; i++) {
            reportPriceUsd[i] = in.getLong();
            reportTimeMillis[i] = in.getLong();
        }
        if (optionParams != null) {
            volFresh = in.getBoolean();
            volIndexPpm = in.getLong();
            volIndexTimeMillis = in.getLong();
            for (int i = 0; i < operators; i++) {
                volReportPpm[i] = in.getLong();
                volReportTimeMillis[i] = in.getLong();
            }
            int count = in.getCount(OptionsConfig.MAX_LIVE_SERIES, "option series");
            int previous = -1;
            for (int i = 0; i < count; i++) {
                SeriesState s = SeriesState.decode(in, this);
                if (s.number <= previous) {
                    throw new io.ballast.core.encoding.DecodingException("series numbers out of order in " + params.id());
                }
                previous = s.number;
                series.add(s);
            }
        }
    }
}
