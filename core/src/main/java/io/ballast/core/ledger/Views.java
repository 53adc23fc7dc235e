package io.ballast.core.ledger;

import io.ballast.core.math.Fixed;
import io.ballast.core.options.Greeks;
import java.util.ArrayList;
import java.util.List;

/** Builds the read-only views; never mutates the state. */
final class Views {
    private Views() {}

    static AccountView account(LedgerState state, Account account) {
        Margin margin = new Margin().evaluate(state, account, Margin.AT_INDEX);
        boolean liquidatable = Liquidation.isLiquidatable(state, account, new Margin());
        List<PositionView> positions = new ArrayList<>();
        long[] delta = new long[state.markets.length];
        long[] gamma = new long[state.markets.length];
        long[] vega = new long[state.markets.length];
        long[] theta = new long[state.markets.length];
        boolean[] held = new boolean[state.markets.length];
        for (int m = 0; m < state.markets.length; m++) {
            long size = account.sizeE8[m];
            if (size == 0) {
                continue;
            }
            MarketState market = state.markets[m];
            long mark = market.indexPriceUsd;
            long basis = account.basisUsd[m];
            positions.add(new PositionView(market.params.id(), size, basis,
                    Fixed.mulDiv(Math.abs(basis), Units.SIZE_SCALE, Math.abs(size)), mark,
                    Math.subtractExact(Fixed.mulDiv(size, mark, Units.SIZE_SCALE), basis),
                    LedgerState.pendingFundingUsd(size, market.cumulativeFundingE12, account.fundingEntryE12[m])));
            delta[m] = size;
            held[m] = true;
        }
        List<OptionPositionView> options = new ArrayList<>(account.optionCount);
        for (int i = 0; i < account.optionCount; i++) {
            SeriesState series = state.seriesByNumber(account.optionSeries[i]);
            long size = account.optionSizeE8[i];
            Greeks perUnit = series.greeks(state.timeMillis, state.optionRatePpm());
            long value = Fixed.mulDiv(size, perUnit.priceUsd(), Units.SIZE_SCALE);
            OptionPositionView view = new OptionPositionView(series.id, series.market.params.id(), size,
                    account.optionBasisUsd[i], perUnit.priceUsd(), value, Math.subtractExact(value, account.optionBasisUsd[i]),
                    Fixed.mulDiv(size, perUnit.deltaE8(), Greeks.DELTA_SCALE), Fixed.mulDiv(size, perUnit.gammaE12(), Units.SIZE_SCALE),
                    Fixed.mulDiv(size, perUnit.vegaUsd(), Units.SIZE_SCALE), Fixed.mulDiv(size, perUnit.thetaUsd(), Units.SIZE_SCALE));
            options.add(view);
            int m = series.market.ordinal;
            held[m] = true;
            delta[m] = Math.addExact(delta[m], view.deltaE8());
            gamma[m] = Math.addExact(gamma[m], view.gammaE12());
            vega[m] = Math.addExact(vega[m], view.vegaUsd());
            theta[m] = Math.addExact(theta[m], view.thetaUsd());
        }
        List<GreeksView> greeks = new ArrayList<>();
        for (int m = 0; m < state.markets.length; m++) {
            if (held[m]) {
                greeks.add(new GreeksView(state.markets[m].params.id(), delta[m], gamma[m], vega[m], theta[m]));
            }
        }
        return new AccountView(account.key, account.nonce, account.collateralUsd, account.lpShares, margin.equityUsd,
                margin.initialMarginUsd, margin.maintenanceMarginUsd, margin.notionalUsd, liquidatable, positions, options,
                greeks);
    }

    static OptionMarketView optionMarket(LedgerState state, MarketState market) {
        List<OptionSeriesView> series = new ArrayList<>(market.series.size());
        for (SeriesState s : market.series) {
            series.add(optionSeries(state, s));
        }
        long volAge = market.volIndexPpm == 0 ? 0 : Math.max(0, state.timeMillis - market.volIndexTimeMillis);
        return new OptionMarketView(market.params.id(), market.indexPriceUsd, market.volIndexPpm, volAge, !market.volFresh,
                market.volStaleReason, !market.optionsFresh(), market.guardBandPpm, series);
    }

    static OptionSeriesView optionSeries(LedgerState state, SeriesState series) {
        Greeks greeks = series.market.indexPriceUsd == 0 ? Greeks.ZERO : series.greeks(state.timeMillis, state.optionRatePpm());
        long half = series.market.indexPriceUsd == 0 ? 0 : OptionOps.halfSpreadUsd(state, series);
        long mark = greeks.priceUsd();
        return new OptionSeriesView(series.id, series.market.params.id(), series.spec.type(), series.spec.strikeUsd(),
                series.spec.expiryMillis(), series.spec.contractSizeE8(), series.expired(state.timeMillis), mark,
                OptionOps.fillPriceUsd(mark, half, false), OptionOps.fillPriceUsd(mark, half, true), half,
                series.longOpenInterestE8, series.shortOpenInterestE8, greeks,
                Settlement.coveragePpm(series, series.market.optionParams));
    }

    static MarketView market(LedgerState state, MarketState market) {
        long age = market.indexPriceUsd == 0 ? 0 : Math.max(0, state.timeMillis - market.indexTimeMillis);
        return new MarketView(market.params.id(), market.indexPriceUsd, age, !market.fresh, market.staleReason,
                market.longOpenInterestE8, market.shortOpenInterestE8, market.netSkewE8(), market.lastFundingRatePpb,
                Funding.ratePpb(market), market.cumulativeFundingE12,
                market.lastFundingTimeMillis + market.params.fundingIntervalMillis(), market.params.baseSpreadPpm(),
                market.volatilitySpreadPpm, market.spreadPpm());
    }

    private record Aggregates(long collateralUsd, long lpShares, long positions) {}

    /**
     * Checks the running totals and market aggregates against the accounts without valuing any
     * position (so it cannot overflow at an extreme index): open-position counts, OI, Σ basis,
     * Σ collateral, LP shares, no negative collateral without a position. Throws IllegalStateException.
     */
    static Aggregates checkAggregates(LedgerState state) {
        int marketCount = state.markets.length;
        long[] longOi = new long[marketCount];
        long[] shortOi = new long[marketCount];
        long[] basis = new long[marketCount];
        long collateral = 0;
        long lpShares = 0;
        long positions = 0;
        java.util.Map<Integer, long[]> seriesLong = new java.util.HashMap<>();
        java.util.Map<Integer, long[]> seriesShort = new java.util.HashMap<>();
        java.util.Map<Integer, long[]> seriesBasis = new java.util.HashMap<>();
        for (Account account : state.accounts) {
            collateral = Math.addExact(collateral, account.collateralUsd);
            lpShares = Math.addExact(lpShares, account.lpShares);
            int open = 0;
            for (int m = 0; m < marketCount; m++) {
                long size = account.sizeE8[m];
                if (size > 0) {
                    longOi[m] = Math.addExact(longOi[m], size);
                } else if (size < 0) {
                    shortOi[m] = Math.addExact(shortOi[m], -size);
                }
                if (size != 0) {
                    open++;
                }
                basis[m] = Math.addExact(basis[m], account.basisUsd[m]);
            }
            if (open != account.openPositions) {
                throw new IllegalStateException("account " + account.key.shortHex() + " counts " + account.openPositions
                        + " open positions, has " + open);
            }
            checkOptionPositions(state, account, seriesLong, seriesShort, seriesBasis);
            if (!account.hasPositions() && account.collateralUsd < 0) {
                throw new IllegalStateException("account " + account.key.shortHex() + " has no position and negative collateral");
            }
            positions += open + account.optionCount;
        }
        for (int m = 0; m < marketCount; m++) {
            MarketState market = state.markets[m];
            if (longOi[m] != market.longOpenInterestE8 || shortOi[m] != market.shortOpenInterestE8 || basis[m] != market.sumBasisUsd) {
                throw new IllegalStateException("market " + market.params.id() + " aggregates disagree with positions");
            }
        }
        for (MarketState market : state.markets) {
            for (SeriesState series : market.series) {
                long seriesLongOi = seriesLong.getOrDefault(series.number, new long[1])[0];
                long seriesShortOi = seriesShort.getOrDefault(series.number, new long[1])[0];
                long basisSum = seriesBasis.getOrDefault(series.number, new long[1])[0];
                if (seriesLongOi != series.longOpenInterestE8 || seriesShortOi != series.shortOpenInterestE8 || basisSum != series.sumBasisUsd) {
                    throw new IllegalStateException("series " + series.id + " aggregates disagree with positions");
                }
            }
        }
        if (collateral != state.totalCollateralUsd) {
            throw new IllegalStateException("running collateral total " + state.totalCollateralUsd + " != Σ " + collateral);
        }
        if (lpShares > state.poolTotalShares) {
            throw new IllegalStateException("accounts hold more LP shares than exist");
        }
        return new Aggregates(collateral, lpShares, positions);
    }

    /** Each option position names a live series, in increasing order, with a non-zero size; sums per series. */
    private static void checkOptionPositions(LedgerState state, Account account, java.util.Map<Integer, long[]> longOi,
                                             java.util.Map<Integer, long[]> shortOi, java.util.Map<Integer, long[]> basis) {
        if (account.optionCount > account.maxOptionPositions) {
            throw new IllegalStateException("account " + account.key.shortHex() + " holds more option positions than allowed");
        }
        int previous = -1;
        for (int i = 0; i < account.optionCount; i++) {
            int number = account.optionSeries[i];
            long size = account.optionSizeE8[i];
            if (number <= previous || size == 0 || state.seriesByNumber(number) == null) {
                throw new IllegalStateException("account " + account.key.shortHex() + ": option position on series " + number
                        + " out of order, empty or not live");
            }
            previous = number;
            long[] side = (size > 0 ? longOi : shortOi).computeIfAbsent(number, k -> new long[1]);
            side[0] = Math.addExact(side[0], Math.abs(size));
            long[] sum = basis.computeIfAbsent(number, k -> new long[1]);
            sum[0] = Math.addExact(sum[0], account.optionBasisUsd[i]);
        }
    }

    static Totals totals(LedgerState state) {
        Aggregates sums = checkAggregates(state);
        long traderPnl = 0;
        Margin margin = new Margin();
        for (Account account : state.accounts) {
            traderPnl = Math.addExact(traderPnl, margin.evaluate(state, account, Margin.AT_INDEX).unrealizedPnlUsd);
        }
        long collateral = sums.collateralUsd;
        long lpShares = sums.lpShares;
        long positions = sums.positions;
        return new Totals(collateral, state.poolCashUsd, state.insuranceFundUsd,
                Math.addExact(state.netDepositsUsd, state.genesis.genesisBondsUsd()), traderPnl,
                Math.negateExact(traderPnl), state.poolNavUsd(), state.poolTotalShares, lpShares, positions,
                state.validators.stakedUsd(), state.validators.rewardPoolUsd());
    }
}
