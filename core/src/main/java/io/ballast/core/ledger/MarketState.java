package io.ballast.core.ledger;

import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.oracle.IndexResult;
import io.ballast.core.oracle.OracleRule;

/**
 * One market's mutable state (owned by {@link LedgerState}): oracle reports, index, open
 * interest aggregates, funding index and the per-block spread. {@code indexPriceUsd} is always the
 * last fresh index (0 before any); {@code fresh} says whether it is fresh now.
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

    MarketState(int ordinal, MarketParams params, int operatorCount) {
        this.ordinal = ordinal;
        this.params = params;
        this.reportPriceUsd = new long[operatorCount];
        this.reportTimeMillis = new long[operatorCount];
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
    }

    byte[] encode() {
        CanonicalWriter out = new CanonicalWriter(96 + 16 * reportPriceUsd.length);
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
    }
}
