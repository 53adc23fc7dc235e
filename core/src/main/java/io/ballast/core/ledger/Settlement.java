package io.ballast.core.ledger;

import io.ballast.core.math.Fixed;
import java.util.ArrayList;
import java.util.List;

/**
 * Expiry of cash-settled options, at block start (after the index is re-aggregated).
 *
 * <p>The settlement price of a series expiring at E is the time-weighted index over its window
 * [E − w, E]. The index is piecewise constant between blocks: the interval between the previous
 * block and this one counts, with the previous block's index, only if the index was fresh at both
 * ends (a stale stretch adds nothing). At the first block at or after E the series settles if the
 * index is fresh and at least {@code minSettlementCoveragePpm} of the window was fresh; otherwise
 * it waits (safe mode for settlement: it never settles on a stale price), recording one
 * {@link LedgerEvent.SettlementDelayed}, and fresh time after E is added to its average until the
 * coverage is reached. While it waits it cannot trade and is valued at its intrinsic value at the
 * last fresh index.
 *
 * <p>Settling pays every holder size × payoff (calls max(0, S − K), puts max(0, K − S); longs'
 * cash floored, shorts' rounded up) from or to the pool, against their premium basis; the series
 * then leaves the state. An account left with negative collateral and no position goes through
 * the liquidation waterfall (insurance fund → ADL → pool); one that still holds positions is
 * liquidated at block end if it is below maintenance. An overflow rolls the series' settlement back
 * and it is retried at the next block.
 */
final class Settlement {
    private Settlement() {}

    static void advance(LedgerState state, MarketState market, boolean wasFresh, long previousIndexUsd,
                        long previousTimeMillis, List<LedgerEvent> events) {
        if (market.series.isEmpty()) {
            return;
        }
        long now = state.timeMillis;
        OptionMarketParams p = market.optionParams;
        boolean counts = wasFresh && market.fresh && previousIndexUsd > 0 && now > previousTimeMillis;
        for (SeriesState series : new ArrayList<>(market.series)) {
            long expiry = series.spec.expiryMillis();
            if (counts) {
                long from = Math.max(previousTimeMillis, expiry - p.settlementWindowMillis());
                long to = Math.min(now, expiry);
                if (to > from) {
                    series.accumulate(previousIndexUsd, to - from);
                    market.dirty = true;
                }
                if (now > expiry && !covered(series, p)) {
                    series.accumulate(previousIndexUsd, now - Math.max(previousTimeMillis, expiry));
                    market.dirty = true;
                }
            }
            if (now < expiry) {
                continue;
            }
            String waitReason = !market.fresh ? "index stale at expiry (" + market.staleReason + ")"
                    : !covered(series, p) ? "fresh index over " + coveragePpm(series, p) + " ppm of the window, "
                    + p.minSettlementCoveragePpm() + " required" : null;
            if (waitReason == null) {
                waitReason = settle(state, series, events);
            }
            if (waitReason != null && !series.delayed) {
                series.delayed = true;
                market.dirty = true;
                events.add(new LedgerEvent.SettlementDelayed(series.id, waitReason));
            }
        }
    }

    private static boolean covered(SeriesState series, OptionMarketParams p) {
        return coveragePpm(series, p) >= p.minSettlementCoveragePpm();
    }

    static long coveragePpm(SeriesState series, OptionMarketParams p) {
        return Math.min(Units.PPM, Fixed.mulDiv(series.twapWeightMillis, Units.PPM, p.settlementWindowMillis()));
    }

    /** Settles {@code series}; returns null, or why it must wait (an overflow, rolled back). */
    private static String settle(LedgerState state, SeriesState series, List<LedgerEvent> events) {
        long settlementPrice = series.twapUsd();
        long strike = series.spec.strikeUsd();
        long payoff = series.call ? Math.max(0, settlementPrice - strike) : Math.max(0, strike - settlementPrice);
        Liquidation journal = new Liquidation(state, state.blockCongestionPpm);
        List<LedgerEvent> settled = new ArrayList<>();
        try {
            journal.touchSeries(series);
            long longOi = series.longOpenInterestE8;
            long shortOi = series.shortOpenInterestE8;
            List<Account> bankrupt = new ArrayList<>();
            for (Account account : state.accounts) {
                long size = account.optionSize(series.number);
                if (size == 0) {
                    continue;
                }
                journal.touch(account);
                long basis = account.optionBasis(series.number);
                long realized = journal.closeOptionAt(account, series, Math.abs(size), payoff);
                settled.add(new LedgerEvent.OptionPositionSettled(account.key, series.id, size,
                        Math.addExact(realized, basis), realized));
                if (account.collateralUsd < 0 && !account.hasPositions()) {
                    bankrupt.add(account);
                }
            }
            settled.add(0, new LedgerEvent.OptionSettled(series.id, settlementPrice, payoff,
                    coveragePpm(series, series.market.optionParams), longOi, shortOi));
            long[] side = new long[state.markets.length];
            for (Account account : bankrupt) {
                // the deficit came from the settled position's delta side: short calls and long puts lost on a rise
                java.util.Arrays.fill(side, 0);
                side[series.market.ordinal] = shortOi > 0 ? (series.call ? -1 : 1) : 0;
                journal.coverDeficit(account, side);
            }
            settled.addAll(journal.events);
            state.removeSeries(series);
        } catch (ArithmeticException overflow) {
            journal.rollback();
            return "arithmetic overflow while settling: " + overflow.getMessage();
        }
        events.addAll(settled);
        return null;
    }
}
