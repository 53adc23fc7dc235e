package io.ballast.oracle;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.options.BlackScholes;
import io.ballast.oracle.source.PriceQuote;
import io.ballast.oracle.source.PriceSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What one honest or wild round signs, as a function of the settings, the source, the mode, what was signed before
 * and the time: per market the source's price (and volatility for the vol markets) at {@code nowMillis}, timestamped
 * {@code max(now, last + 1)} so that timestamps only ever increase per market, whatever the clock does.
 */
final class RoundPlanner {
    /**
     * @param reports         what to persist, then sign, in market order (prices first, then volatilities)
     * @param staleAgesMillis markets left out because the source's quote is older than {@code maxQuoteAgeMillis}
     */
    record Plan(List<PreparedReport> reports, Map<String, Long> staleAgesMillis) {}

    private RoundPlanner() {}

    static Plan plan(OperatorSettings settings, Bytes32 signer, PriceSource source, ReportingMode mode,
                     OracleOperator.State state, long nowMillis) {
        if (!(mode instanceof ReportingMode.Honest) && !(mode instanceof ReportingMode.WildPrice)) {
            throw new IllegalArgumentException("a round signs new reports only when honest or wild, not " + mode);
        }
        List<PreparedReport> reports = new ArrayList<>();
        Map<String, Long> stale = new TreeMap<>();
        for (String marketId : settings.marketIds()) {
            PriceQuote quote = source.quote(marketId, nowMillis);
            long ageMillis = nowMillis - quote.timestampMillis();
            if (ageMillis > settings.maxQuoteAgeMillis()) {
                stale.put(marketId, ageMillis);
                continue;
            }
            long priceUsd = mode instanceof ReportingMode.WildPrice wild ? wild.distort(quote.priceUsd()) : quote.priceUsd();
            reports.add(PreparedReport.prepare(settings.chainId(), signer, PreparedReport.Kind.PRICE, marketId, priceUsd,
                    nextTimestamp(state.lastPriceByMarket().get(marketId), nowMillis)));
        }
        for (String marketId : settings.volMarketIds()) {
            OptionalLong vol = source.volatilityPpm(marketId, nowMillis);
            if (vol.isEmpty()) {
                continue;
            }
            long volPpm = mode instanceof ReportingMode.WildPrice wild ? wild.distort(vol.getAsLong()) : vol.getAsLong();
            volPpm = Math.max(1, Math.min(BlackScholes.MAX_VOL_PPM, volPpm));
            reports.add(PreparedReport.prepare(settings.chainId(), signer, PreparedReport.Kind.VOLATILITY, marketId, volPpm,
                    nextTimestamp(state.lastVolByMarket().get(marketId), nowMillis)));
        }
        return new Plan(List.copyOf(reports), stale);
    }

    private static long nextTimestamp(PreparedReport last, long nowMillis) {
        return last == null ? nowMillis : Math.max(nowMillis, Math.addExact(last.timestampMillis(), 1));
    }
}
