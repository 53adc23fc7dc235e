package io.ballast.oracle;

import io.ballast.core.ledger.tx.TxBody;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of one {@link OracleOperator}.
 *
 * @param chainId the chain the reports are signed for (bound into every signature)
 * @param marketIds the markets reported each round, in this order
 * @param reportIntervalMillis delay between the end of one round and the start of the next
 * @param maxQuoteAgeMillis a quote whose source timestamp is older than this at report time is
 *     not reported (the operator never dresses a stale source price up as fresh)
 * @param minBackoffMillis first restart delay after a failure (source or sink threw)
 * @param maxBackoffMillis largest restart delay; restarts double up to it (with 20% jitter)
 * @param initialMode the mode at spawn
 * @param volMarketIds markets (of {@code marketIds}) whose volatility is also reported each round, as a
 *     {@link TxBody.VolReport} for the market's vol index (the markets with options)
 * @param faultModesAllowed whether {@link OracleOperator.SetMode} may switch the operator into a deliberate fault
 *     ({@link ReportingMode#isFault()}): on for devnets and chaos tests, off on real nodes, where any cluster member
 *     can reach the operator through sharding and a stray message must not make it lie
 */
public record OperatorSettings(
        String chainId,
        List<String> marketIds,
        long reportIntervalMillis,
        long maxQuoteAgeMillis,
        long minBackoffMillis,
        long maxBackoffMillis,
        ReportingMode initialMode,
        List<String> volMarketIds,
        boolean faultModesAllowed) {

    public static final long MIN_REPORT_INTERVAL_MILLIS = 10;
    public static final int MAX_MARKETS = 256;

    public OperatorSettings {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(initialMode, "initialMode");
        marketIds = List.copyOf(marketIds);
        volMarketIds = List.copyOf(volMarketIds);
        if (!marketIds.containsAll(volMarketIds)) {
            throw new IllegalArgumentException("vol markets " + volMarketIds + " must be among the markets " + marketIds);
        }
        if (marketIds.isEmpty() || marketIds.size() > MAX_MARKETS) {
            throw new IllegalArgumentException("an operator reports 1.." + MAX_MARKETS + " markets, got " + marketIds.size());
        }
        if (new LinkedHashSet<>(marketIds).size() != marketIds.size()) {
            throw new IllegalArgumentException("duplicate market in " + marketIds);
        }
        marketIds.forEach(id -> new TxBody.OracleReport(id, 1, 0)); // validates the id as the ledger will
        if (reportIntervalMillis < MIN_REPORT_INTERVAL_MILLIS) {
            throw new IllegalArgumentException("reportIntervalMillis must be >= " + MIN_REPORT_INTERVAL_MILLIS + ": " + reportIntervalMillis);
        }
        if (maxQuoteAgeMillis < 0) {
            throw new IllegalArgumentException("maxQuoteAgeMillis must be >= 0: " + maxQuoteAgeMillis);
        }
        if (minBackoffMillis < 1 || maxBackoffMillis < minBackoffMillis) {
            throw new IllegalArgumentException("need 1 <= minBackoffMillis <= maxBackoffMillis: " + minBackoffMillis + ", " + maxBackoffMillis);
        }
    }

    /** Without vol reports; fault modes refused. */
    public OperatorSettings(String chainId, List<String> marketIds, long reportIntervalMillis, long maxQuoteAgeMillis,
                            long minBackoffMillis, long maxBackoffMillis, ReportingMode initialMode) {
        this(chainId, marketIds, reportIntervalMillis, maxQuoteAgeMillis, minBackoffMillis, maxBackoffMillis, initialMode,
                List.of(), false);
    }

    /** Honest, quotes up to 60 s old, restarts after 200 ms doubling to 10 s, fault modes refused. */
    public static OperatorSettings of(String chainId, List<String> marketIds, long reportIntervalMillis) {
        return new OperatorSettings(chainId, marketIds, reportIntervalMillis, 60_000, 200, 10_000, ReportingMode.honest());
    }

    public OperatorSettings withInitialMode(ReportingMode mode) {
        return new OperatorSettings(chainId, marketIds, reportIntervalMillis, maxQuoteAgeMillis, minBackoffMillis, maxBackoffMillis, mode,
                volMarketIds, faultModesAllowed);
    }

    public OperatorSettings withMaxQuoteAgeMillis(long millis) {
        return new OperatorSettings(chainId, marketIds, reportIntervalMillis, millis, minBackoffMillis, maxBackoffMillis, initialMode,
                volMarketIds, faultModesAllowed);
    }

    public OperatorSettings withBackoffMillis(long minMillis, long maxMillis) {
        return new OperatorSettings(chainId, marketIds, reportIntervalMillis, maxQuoteAgeMillis, minMillis, maxMillis, initialMode,
                volMarketIds, faultModesAllowed);
    }

    /** Also reports the volatility of these markets (a genesis's markets with options). */
    public OperatorSettings withVolMarkets(List<String> markets) {
        return new OperatorSettings(chainId, marketIds, reportIntervalMillis, maxQuoteAgeMillis, minBackoffMillis, maxBackoffMillis,
                initialMode, markets, faultModesAllowed);
    }

    /** Lets (true) or forbids (false) {@link OracleOperator.SetMode} to switch into a fault mode. */
    public OperatorSettings withFaultModes(boolean allowed) {
        return new OperatorSettings(chainId, marketIds, reportIntervalMillis, maxQuoteAgeMillis, minBackoffMillis,
                maxBackoffMillis, initialMode, volMarketIds, allowed);
    }
}
