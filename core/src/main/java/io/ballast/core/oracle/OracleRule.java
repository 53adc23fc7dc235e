package io.ballast.core.oracle;

import io.ballast.core.math.Fixed;
import java.util.Arrays;

/**
 * The index rule: take each operator's freshest report; if at least q are younger than
 * maxAge, drop those farther than k·MAD from their median and take the median of the rest
 * (which must still number at least q). Otherwise the market is in safe mode.
 *
 * <p>A report may carry a timestamp slightly after the block time: operators stamp reports with
 * their own clock while block time is the validators' median, which trails it by about one
 * block. Such a report counts as fresh (age 0); how far ahead a report may be is bounded when it
 * is accepted (the ledger's {@code maxReportFutureMillis}), not here.
 *
 * <p>Medians of an even count are the floor of the mean of the two middle values, so the rule
 * is a pure function of its inputs. A MAD of zero drops every report that differs from the
 * median: when most operators agree exactly, a lone dissenter is the outlier.
 */
public final class OracleRule {
    private OracleRule() {}

    /**
     * @param prices      latest price per operator (micro-USD, positive), first {@code count} used
     * @param timestamps  matching report timestamps in milliseconds
     * @param nowMillis   the block time the index is evaluated at
     */
    public static IndexResult aggregate(long[] prices, long[] timestamps, int count, long nowMillis,
                                        OracleRuleParams params) {
        long[] freshPrices = new long[count];
        long[] freshTimes = new long[count];
        int fresh = 0;
        for (int i = 0; i < count; i++) {
            long ageMillis = nowMillis - timestamps[i];
            if (prices[i] > 0 && ageMillis <= params.maxAgeMillis()) {
                freshPrices[fresh] = prices[i];
                freshTimes[fresh] = timestamps[i];
                fresh++;
            }
        }
        if (fresh < params.minFreshReports()) {
            return new IndexResult.Stale(fresh + " fresh reports, " + params.minFreshReports() + " required", fresh);
        }
        long median = median(Arrays.copyOf(freshPrices, fresh));
        long[] deviations = new long[fresh];
        for (int i = 0; i < fresh; i++) {
            deviations[i] = Math.abs(Math.subtractExact(freshPrices[i], median));
        }
        long mad = median(deviations.clone());
        long allowedDeviation = Fixed.mulDiv(mad, params.outlierMadPpm(), 1_000_000);
        long[] keptPrices = new long[fresh];
        long[] keptTimes = new long[fresh];
        int kept = 0;
        for (int i = 0; i < fresh; i++) {
            if (deviations[i] <= allowedDeviation) {
                keptPrices[kept] = freshPrices[i];
                keptTimes[kept] = freshTimes[i];
                kept++;
            }
        }
        if (kept < params.minFreshReports()) {
            return new IndexResult.Stale(kept + " reports agree within " + params.outlierMadPpm() / 1_000_000.0
                    + "·MAD, " + params.minFreshReports() + " required", fresh);
        }
        return new IndexResult.Fresh(median(Arrays.copyOf(keptPrices, kept)), median(Arrays.copyOf(keptTimes, kept)),
                kept, fresh - kept);
    }

    /** Sorts {@code values} in place and returns their median (floor of the mean of the middle two). */
    static long median(long[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("median of nothing");
        }
        Arrays.sort(values);
        int middle = values.length / 2;
        if (values.length % 2 == 1) {
            return values[middle];
        }
        long low = values[middle - 1];
        long high = values[middle];
        return low + Math.floorDiv(high - low, 2);
    }
}
