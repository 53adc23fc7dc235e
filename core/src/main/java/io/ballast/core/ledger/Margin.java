package io.ballast.core.ledger;

import io.ballast.core.math.Fixed;

/**
 * Cross-margin valuation of one account, written into reusable fields so the trade path does not
 * allocate. Equity = collateral + Σ (size × mark − basis − pending funding); IM/MM = Σ notional ×
 * ppm (rounded up). One position may be overridden by a hypothetical one (the trade being checked).
 *
 * <p>An account with options is margined per market by the market's scenario grid instead (see
 * {@link OptionMarketParams}): its book on one index (the perp position and every option on the
 * index) is revalued in each scenario, so perps and options net; markets where it holds no option
 * keep the linear rule. Options add their value (size × model price) to equity: premiums moved
 * cash when they traded. The grid's inputs are cached per series per block, so a check is
 * positions × scenarios multiply-adds.
 */
final class Margin {
    /** Value every market at its index (the last fresh one in safe mode). */
    static final int AT_INDEX = 0;
    /** Stale markets at the last fresh price moved against the position by the market's stress buffer. */
    static final int STRESS_STALE = 1;

    long equityUsd;
    long initialMarginUsd;
    long maintenanceMarginUsd;
    long notionalUsd;
    long unrealizedPnlUsd;
    boolean touchesStaleMarket;
    /** A book with options whose market's vol index is stale (options' safe mode). */
    boolean touchesStaleVolatility;
    /** Per market: 1 if margined by its grid in the last evaluation (reused, no allocation per check). */
    private boolean[] gridBook = new boolean[0];

    /** Values {@code account} with {@code collateralUsd} and, if {@code overrideMarket ≥ 0}, that market's position replaced. */
    Margin evaluate(LedgerState state, Account account, long collateralUsd, int overrideMarket, long overrideSizeE8,
                    long overrideBasisUsd, long overrideEntryE12, int mode) {
        long equity = collateralUsd;
        long initial = 0;
        long maintenance = 0;
        long notionalTotal = 0;
        long pnlTotal = 0;
        boolean stale = false;
        MarketState[] markets = state.markets;
        for (int m = 0; m < markets.length; m++) {
            long size;
            long basis;
            long entry;
            if (m == overrideMarket) {
                size = overrideSizeE8;
                basis = overrideBasisUsd;
                entry = overrideEntryE12;
            } else {
                size = account.sizeE8[m];
                basis = account.basisUsd[m];
                entry = account.fundingEntryE12[m];
            }
            if (size == 0) {
                continue;
            }
            MarketState market = markets[m];
            long mark = market.indexPriceUsd;
            if (!market.fresh) {
                stale = true;
                if (mode == STRESS_STALE) {
                    mark = stressedMark(mark, size, market.params.stressBufferPpm());
                }
            }
            long value = Fixed.mulDiv(size, mark, Units.SIZE_SCALE);
            long pnl = Math.subtractExact(Math.subtractExact(value, basis),
                    LedgerState.pendingFundingUsd(size, market.cumulativeFundingE12, entry));
            long notional = Math.abs(value);
            pnlTotal = Math.addExact(pnlTotal, pnl);
            notionalTotal = Math.addExact(notionalTotal, notional);
            initial = Math.addExact(initial, Fixed.mulDivCeil(notional, market.params.initialMarginPpm(), Units.PPM));
            maintenance = Math.addExact(maintenance, Fixed.mulDivCeil(notional, market.params.maintenanceMarginPpm(), Units.PPM));
        }
        this.unrealizedPnlUsd = pnlTotal;
        this.equityUsd = Math.addExact(equity, pnlTotal);
        this.initialMarginUsd = initial;
        this.maintenanceMarginUsd = maintenance;
        this.notionalUsd = notionalTotal;
        this.touchesStaleMarket = stale;
        this.touchesStaleVolatility = false;
        return this;
    }

    Margin evaluate(LedgerState state, Account account, int mode) {
        if (account.optionCount > 0) {
            return evaluatePortfolio(state, account, account.collateralUsd, -1, 0, 0, 0, null, 0, mode);
        }
        return evaluate(state, account, account.collateralUsd, -1, 0, 0, 0, mode);
    }

    /** With one perp position overridden (the perp trade being checked), on an account that may hold options. */
    Margin evaluateAny(LedgerState state, Account account, long collateralUsd, int overrideMarket, long overrideSizeE8,
                       long overrideBasisUsd, long overrideEntryE12, int mode) {
        if (account.optionCount > 0) {
            return evaluatePortfolio(state, account, collateralUsd, overrideMarket, overrideSizeE8, overrideBasisUsd,
                    overrideEntryE12, null, 0, mode);
        }
        return evaluate(state, account, collateralUsd, overrideMarket, overrideSizeE8, overrideBasisUsd, overrideEntryE12, mode);
    }

    /** With one option position overridden (the option trade being checked). */
    Margin evaluateWithOption(LedgerState state, Account account, long collateralUsd, SeriesState overrideSeries,
                              long overrideSizeE8, int mode) {
        return evaluatePortfolio(state, account, collateralUsd, -1, 0, 0, 0, overrideSeries, overrideSizeE8, mode);
    }

    /** The option size the account would hold in {@code series}, given an override. */
    private static long optionSize(Account account, int i, SeriesState overrideSeries, long overrideSizeE8) {
        return overrideSeries != null && account.optionSeries[i] == overrideSeries.number ? overrideSizeE8 : account.optionSizeE8[i];
    }

    private Margin evaluatePortfolio(LedgerState state, Account account, long collateralUsd, int overrideMarket,
                                     long overrideSizeE8, long overrideBasisUsd, long overrideEntryE12,
                                     SeriesState overrideSeries, long overrideOptionSizeE8, int mode) {
        MarketState[] markets = state.markets;
        if (gridBook.length != markets.length) {
            gridBook = new boolean[markets.length];
        }
        java.util.Arrays.fill(gridBook, false);
        boolean overrideIsNew = overrideSeries != null && overrideOptionSizeE8 != 0
                && account.optionIndex(overrideSeries.number) < 0;
        for (int i = 0; i < account.optionCount; i++) {
            if (optionSize(account, i, overrideSeries, overrideOptionSizeE8) != 0) {
                gridBook[state.seriesByNumber(account.optionSeries[i]).market.ordinal] = true;
            }
        }
        if (overrideIsNew) {
            gridBook[overrideSeries.market.ordinal] = true;
        }
        long now = state.timeMillis;
        long rate = state.optionRatePpm();
        long equity = collateralUsd;
        long initial = 0;
        long maintenance = 0;
        long notionalTotal = 0;
        boolean stale = false;
        boolean staleVol = false;
        for (int m = 0; m < markets.length; m++) {
            long size = m == overrideMarket ? overrideSizeE8 : account.sizeE8[m];
            long basis = m == overrideMarket ? overrideBasisUsd : account.basisUsd[m];
            long entry = m == overrideMarket ? overrideEntryE12 : account.fundingEntryE12[m];
            MarketState market = markets[m];
            if (!gridBook[m]) {
                if (size == 0) {
                    continue;
                }
                long mark = market.indexPriceUsd;
                if (!market.fresh) {
                    stale = true;
                    if (mode == STRESS_STALE) {
                        mark = stressedMark(mark, size, market.params.stressBufferPpm());
                    }
                }
                long value = Fixed.mulDiv(size, mark, Units.SIZE_SCALE);
                long pnl = Math.subtractExact(Math.subtractExact(value, basis),
                        LedgerState.pendingFundingUsd(size, market.cumulativeFundingE12, entry));
                long notional = Math.abs(value);
                equity = Math.addExact(equity, pnl);
                notionalTotal = Math.addExact(notionalTotal, notional);
                initial = Math.addExact(initial, Fixed.mulDivCeil(notional, market.params.initialMarginPpm(), Units.PPM));
                maintenance = Math.addExact(maintenance, Fixed.mulDivCeil(notional, market.params.maintenanceMarginPpm(), Units.PPM));
                continue;
            }
            // the grid book on this index: the perp position and every option on it
            long index = market.indexPriceUsd;
            if (!market.fresh) {
                stale = true;
            }
            if (!market.volFresh) {
                staleVol = true;
            }
            ScenarioGrid grid = market.grid;
            int scenarios = grid.size();
            long[] pnl = scenarioScratch(scenarios);
            long[] stressPnl = mode == STRESS_STALE && !market.optionsFresh() ? stressScratch(grid.stressMovePpm.length) : null;
            long bookEquity = 0;
            long bookNotional = 0;
            long shortUnits = 0;
            if (size != 0) {
                long value = Fixed.mulDiv(size, index, Units.SIZE_SCALE);
                bookEquity = Math.subtractExact(Math.subtractExact(value, basis),
                        LedgerState.pendingFundingUsd(size, market.cumulativeFundingE12, entry));
                bookNotional = Math.abs(value);
                for (int s = 0; s < scenarios; s++) {
                    pnl[s] = Fixed.mulDiv(size, Math.subtractExact(market.gridSpotUsd(s), index), Units.SIZE_SCALE);
                }
                if (stressPnl != null) {
                    for (int s = 0; s < stressPnl.length; s++) {
                        stressPnl[s] = Fixed.mulDiv(size, Math.subtractExact(market.stressSpotUsd(s), index), Units.SIZE_SCALE);
                    }
                }
            }
            for (int i = 0; i <= account.optionCount; i++) {
                SeriesState series;
                long optionSize;
                if (i == account.optionCount) {
                    if (!overrideIsNew || overrideSeries.market != market) {
                        break;
                    }
                    series = overrideSeries;
                    optionSize = overrideOptionSizeE8;
                } else {
                    series = state.seriesByNumber(account.optionSeries[i]);
                    if (series.market != market) {
                        continue;
                    }
                    optionSize = optionSize(account, i, overrideSeries, overrideOptionSizeE8);
                    if (optionSize == 0) {
                        continue;
                    }
                }
                long mark = series.markUsd(now, rate);
                bookEquity = Math.addExact(bookEquity, Fixed.mulDiv(optionSize, mark, Units.SIZE_SCALE));
                long units = Math.abs(optionSize);
                bookNotional = Math.addExact(bookNotional, Units.notionalUsd(units, index));
                if (optionSize < 0) {
                    shortUnits = Math.addExact(shortUnits, units);
                }
                long[] perUnit = series.scenarioPnlUsd(now, rate);
                for (int s = 0; s < scenarios; s++) {
                    pnl[s] = Math.addExact(pnl[s], Fixed.mulDiv(optionSize, perUnit[s], Units.SIZE_SCALE));
                }
                if (stressPnl != null) {
                    long[] stressPerUnit = series.stressPnlUsd(now, rate);
                    for (int s = 0; s < stressPnl.length; s++) {
                        stressPnl[s] = Math.addExact(stressPnl[s], Fixed.mulDiv(optionSize, stressPerUnit[s], Units.SIZE_SCALE));
                    }
                }
            }
            long worst = 0;
            for (int s = 0; s < scenarios; s++) {
                if (pnl[s] < 0) {
                    worst = Math.max(worst, Fixed.mulDivCeil(-pnl[s], grid.weightPpm[s], Units.PPM));
                }
            }
            OptionMarketParams p = market.optionParams;
            long floor = Fixed.mulDivCeil(Units.notionalUsd(shortUnits, index), p.shortOptionFloorPpm(), Units.PPM);
            long bookMaintenance = Math.addExact(worst, floor);
            if (stressPnl != null) {
                long stressLoss = 0;
                for (long value : stressPnl) {
                    stressLoss = Math.max(stressLoss, -value);
                }
                bookEquity = Math.subtractExact(bookEquity, stressLoss);
            }
            equity = Math.addExact(equity, bookEquity);
            notionalTotal = Math.addExact(notionalTotal, bookNotional);
            maintenance = Math.addExact(maintenance, bookMaintenance);
            initial = Math.addExact(initial, Fixed.mulDivCeil(bookMaintenance, p.initialMarginMultiplierPpm(), Units.PPM));
        }
        this.unrealizedPnlUsd = Math.subtractExact(equity, collateralUsd);
        this.equityUsd = equity;
        this.initialMarginUsd = initial;
        this.maintenanceMarginUsd = maintenance;
        this.notionalUsd = notionalTotal;
        this.touchesStaleMarket = stale;
        this.touchesStaleVolatility = staleVol;
        return this;
    }

    private long[] scenarios = new long[0];
    private long[] stress = new long[0];

    private long[] scenarioScratch(int size) {
        if (scenarios.length < size) {
            scenarios = new long[size];
        }
        java.util.Arrays.fill(scenarios, 0, size, 0);
        return scenarios;
    }

    private long[] stressScratch(int size) {
        if (stress.length < size) {
            stress = new long[size];
        }
        java.util.Arrays.fill(stress, 0, size, 0);
        return stress;
    }

    /**
     * The liquidation guard: how much higher equity could be if the index (and, for books with
     * options, the vol index) had moved in the account's favour within each market's guard band
     * since it was last fixed. Markets without options have no band (no live volatility estimate).
     * Every point of the band is tried for books with options; a perpetual alone gains |size| ×
     * index × band.
     */
    static long guardAllowanceUsd(LedgerState state, Account account) {
        long allowance = 0;
        long now = state.timeMillis;
        long rate = state.optionRatePpm();
        for (MarketState market : state.markets) {
            if (!market.hasOptions()) {
                continue;
            }
            long band = market.guardBandPpm;
            long volBand = market.optionParams.liquidationGuardVolPpm();
            long size = account.sizeE8[market.ordinal];
            boolean hasOptions = false;
            for (int i = 0; i < account.optionCount && !hasOptions; i++) {
                hasOptions = state.seriesByNumber(account.optionSeries[i]).market == market;
            }
            long index = market.indexPriceUsd;
            if (!hasOptions) {
                if (size != 0) {
                    allowance = Math.addExact(allowance, Fixed.mulDiv(Units.notionalUsd(size, index), band, Units.PPM));
                }
                continue;
            }
            long best = 0;
            for (long move : new long[] {-band, 0, band}) {
                long spot = ScenarioGrid.movedSpot(index, move);
                for (long volMove : new long[] {-volBand, 0, volBand}) {
                    if (move == 0 && volMove == 0) {
                        continue;
                    }
                    double factor = (Units.PPM + volMove) / 1e6;
                    long gain = Fixed.mulDiv(size, Math.subtractExact(spot, index), Units.SIZE_SCALE);
                    for (int i = 0; i < account.optionCount; i++) {
                        SeriesState series = state.seriesByNumber(account.optionSeries[i]);
                        if (series.market != market) {
                            continue;
                        }
                        long change = Math.subtractExact(series.valueAt(now, rate, spot, factor), series.markUsd(now, rate));
                        gain = Math.addExact(gain, Fixed.mulDiv(account.optionSizeE8[i], change, Units.SIZE_SCALE));
                    }
                    best = Math.max(best, gain);
                }
            }
            allowance = Math.addExact(allowance, best);
        }
        return allowance;
    }

    /** Longs valued lower, shorts higher, by {@code stressPpm}. */
    static long stressedMark(long priceUsd, long sizeE8, long stressPpm) {
        return sizeE8 > 0 ? Fixed.mulDiv(priceUsd, Units.PPM - stressPpm, Units.PPM)
                : Fixed.mulDivCeil(priceUsd, Units.PPM + stressPpm, Units.PPM);
    }
}
