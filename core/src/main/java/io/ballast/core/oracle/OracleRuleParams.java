package io.ballast.core.oracle;

/**
 * The aggregation rule's knobs, fixed per market in genesis.
 *
 * @param minFreshReports   q: fewer fresh reports than this puts the market in safe mode
 * @param maxAgeMillis      a report older than this (by block time) is not fresh
 * @param outlierMadPpm     k·MAD in parts per million of MAD: a report farther than
 *                          k·MAD from the median is dropped (3_000_000 = 3·MAD)
 */
public record OracleRuleParams(int minFreshReports, long maxAgeMillis, long outlierMadPpm) {
    public OracleRuleParams {
        if (minFreshReports < 1) {
            throw new IllegalArgumentException("minFreshReports must be at least 1, got " + minFreshReports);
        }
        if (maxAgeMillis <= 0) {
            throw new IllegalArgumentException("maxAgeMillis must be positive, got " + maxAgeMillis);
        }
        if (outlierMadPpm <= 0) {
            throw new IllegalArgumentException("outlierMadPpm must be positive, got " + outlierMadPpm);
        }
    }
}
