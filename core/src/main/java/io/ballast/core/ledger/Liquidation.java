package io.ballast.core.ledger;

import io.ballast.core.math.Fixed;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One liquidation and its loss waterfall. Liquidations touch several accounts, so instead of
 * compute-then-commit this keeps a journal: every account is copied before its first change and
 * {@link #rollback()} restores them (with the pool, insurance fund and market aggregates) if an
 * overflow interrupts the run.
 *
 * <p>Steps: settle funding; if closing a fraction f of every position can bring equity back to
 * initial margin (f = (IM − E) / (IM − cost of closing all), cost = slippage + fee), close that
 * fraction; if still below maintenance, close everything. Fills are at the mark worsened by slippage
 * (base + size/pool cash + congestion, capped). The fee (what collateral can pay) is split between
 * the liquidator and the insurance fund. A negative balance after a full close is covered by the
 * insurance fund, then by auto-deleveraging the most profitable, most leveraged opposite positions
 * (their profit is haircut), then by the pool. Accounts without positions are never touched.
 *
 * <p>An account holding options is de-risked in three steps: (1) on each market where it holds
 * options, a perpetual trade at the pool brings its net delta (perp + options) to zero; (2) if it is
 * still below maintenance, the same fraction f of every position (options and perps) is closed;
 * (3) if still below, everything. Options close at the pool's quote worsened by the liquidation
 * slippage, with a fee of {@code liquidationFeePpmOfIndex} × index per unit (at most the fill
 * value). The deficit waterfall is the same; ADL then closes profitable perpetual positions on the
 * opposite side of the bankrupt's net delta, leaving out accounts with options on that index (their
 * perp is a hedge: closing it would strip the hedge and haircut a profit their options have lost).
 *
 * <p>Nothing is liquidated while an index of its positions' markets is stale, or the vol index of a
 * market where it holds options, or while it stays above maintenance with the index (and vol) moved
 * in its favour within the market's guard band ({@link Margin#guardAllowanceUsd}).
 */
final class Liquidation {
    private final LedgerState state;
    private final long congestionPpm;
    final List<LedgerEvent> events = new ArrayList<>();
    private final List<Account> touched = new ArrayList<>();
    private final List<Account> originals = new ArrayList<>();
    private final long[] marketBackup;
    private final List<SeriesState> seriesBackedUp = new ArrayList<>();
    private final List<long[]> seriesBackup = new ArrayList<>();
    private final long poolCashBackup;
    private final long insuranceBackup;
    private final long totalCollateralBackup;
    boolean full;
    long liquidatorFeeUsd;

    Liquidation(LedgerState state, long congestionPpm) {
        this.state = state;
        this.congestionPpm = congestionPpm;
        this.marketBackup = new long[state.markets.length * 3];
        for (MarketState market : state.markets) {
            marketBackup[3 * market.ordinal] = market.longOpenInterestE8;
            marketBackup[3 * market.ordinal + 1] = market.shortOpenInterestE8;
            marketBackup[3 * market.ordinal + 2] = market.sumBasisUsd;
        }
        this.poolCashBackup = state.poolCashUsd;
        this.insuranceBackup = state.insuranceFundUsd;
        this.totalCollateralBackup = state.totalCollateralUsd;
    }

    /** Records a series' aggregates before its first change (rollback restores them). */
    void touchSeries(SeriesState series) {
        for (SeriesState seen : seriesBackedUp) {
            if (seen == series) {
                return;
            }
        }
        seriesBackedUp.add(series);
        seriesBackup.add(new long[] {series.longOpenInterestE8, series.shortOpenInterestE8, series.sumBasisUsd});
    }

    /**
     * Below maintenance margin, with every position's market fresh (no liquidation in safe mode;
     * for books with options, the vol index fresh too), and still below with the index and vol
     * moved in its favour within the guard band.
     */
    static boolean isLiquidatable(LedgerState state, Account account, Margin margin) {
        if (!account.hasPositions()) {
            return false;
        }
        margin.evaluate(state, account, Margin.AT_INDEX);
        if (margin.touchesStaleMarket || margin.touchesStaleVolatility || margin.equityUsd >= margin.maintenanceMarginUsd) {
            return false;
        }
        return !guardSpares(state, account, margin);
    }

    /**
     * The guard band spares an account below maintenance if it would be at or above it with the index
     * (and vol) moved in its favour within the band; never one whose equity at the index is negative
     * (its deficit only grows while it waits).
     */
    static boolean guardSpares(LedgerState state, Account account, Margin margin) {
        return margin.equityUsd >= 0
                && Math.addExact(margin.equityUsd, Margin.guardAllowanceUsd(state, account)) >= margin.maintenanceMarginUsd;
    }

    /** Block-end scan: accounts in creation order, at most maxLiquidationsPerBlock liquidations. */
    static List<LedgerEvent> liquidateAtBlockEnd(LedgerState state, LiquidationObserver observer) {
        List<LedgerEvent> events = new ArrayList<>();
        int remaining = state.genesis.limits().maxLiquidationsPerBlock();
        Margin margin = new Margin();
        for (int i = 0; i < state.accounts.size() && remaining > 0; i++) {
            Account account = state.accounts.get(i);
            try {
                if (!isLiquidatable(state, account, margin)) {
                    continue;
                }
            } catch (ArithmeticException overflow) {
                continue; // its valuation does not fit 64 bits at this index: skipped like an overflowing liquidation
            }
            observer.beforeLiquidation(state, account.key, false);
            Liquidation liquidation = new Liquidation(state, state.blockCongestionPpm);
            try {
                liquidation.execute(account, null);
                events.addAll(liquidation.events);
                remaining--;
            } catch (ArithmeticException overflow) {
                liquidation.rollback(); // left for a later block or a keeper; the state is as before
            }
        }
        return events;
    }

    void touch(Account account) {
        for (Account seen : touched) {
            if (seen == account) {
                return;
            }
        }
        touched.add(account);
        originals.add(account.copy());
    }

    void rollback() {
        for (int i = 0; i < touched.size(); i++) {
            touched.get(i).copyFrom(originals.get(i));
            state.markDirty(touched.get(i));
        }
        for (MarketState market : state.markets) {
            market.longOpenInterestE8 = marketBackup[3 * market.ordinal];
            market.shortOpenInterestE8 = marketBackup[3 * market.ordinal + 1];
            market.sumBasisUsd = marketBackup[3 * market.ordinal + 2];
            market.dirty = true;
        }
        for (int i = 0; i < seriesBackedUp.size(); i++) {
            long[] backup = seriesBackup.get(i);
            SeriesState series = seriesBackedUp.get(i);
            series.longOpenInterestE8 = backup[0];
            series.shortOpenInterestE8 = backup[1];
            series.sumBasisUsd = backup[2];
            series.market.dirty = true;
        }
        state.poolCashUsd = poolCashBackup;
        state.insuranceFundUsd = insuranceBackup;
        state.totalCollateralUsd = totalCollateralBackup;
        state.markGlobalsDirty();
        events.clear();
    }

    /** Liquidates {@code target}; {@code liquidator} null = the protocol (its fee share goes to insurance). */
    void execute(Account target, Account liquidator) {
        if (target.optionCount > 0) {
            executeWithOptions(target, liquidator);
            return;
        }
        touch(target);
        int marketCount = state.markets.length;
        long[] side = new long[marketCount];
        for (int m = 0; m < marketCount; m++) {
            side[m] = Long.signum(target.sizeE8[m]);
            if (side[m] != 0) {
                Funding.settle(state, target, state.markets[m]);
            }
        }
        Margin margin = new Margin().evaluate(state, target, Margin.AT_INDEX);
        long fractionPpm = partialFractionPpm(target, margin);
        if (fractionPpm < Units.PPM) {
            closeFraction(target, liquidator, fractionPpm, true);
            margin.evaluate(state, target, Margin.AT_INDEX);
            if (margin.equityUsd >= margin.maintenanceMarginUsd) {
                return;
            }
        }
        full = true;
        closeFraction(target, liquidator, Units.PPM, false);
        if (target.openPositions != 0) {
            throw new IllegalStateException("full liquidation left positions on " + target.key.shortHex());
        }
        if (target.collateralUsd < 0) {
            coverDeficit(target, side);
        }
    }

    private void executeWithOptions(Account target, Account liquidator) {
        touch(target);
        int marketCount = state.markets.length;
        long[] side = new long[marketCount];
        long[] netDelta = netDeltaE8(target);
        for (int m = 0; m < marketCount; m++) {
            side[m] = Long.signum(netDelta[m]);
            if (target.sizeE8[m] != 0) {
                Funding.settle(state, target, state.markets[m]);
            }
        }
        // (1) hedge the net delta of every book with options with a perpetual trade
        for (int m = 0; m < marketCount; m++) {
            if (netDelta[m] != 0 && holdsOptionsOn(target, state.markets[m])) {
                hedge(target, liquidator, state.markets[m], netDelta[m]);
            }
        }
        Margin margin = new Margin().evaluate(state, target, Margin.AT_INDEX);
        if (margin.equityUsd >= margin.maintenanceMarginUsd) {
            return;
        }
        // (2) a fraction of everything, (3) everything
        long fractionPpm = partialFractionPpm(target, margin);
        if (fractionPpm < Units.PPM) {
            closeFraction(target, liquidator, fractionPpm, true);
            margin.evaluate(state, target, Margin.AT_INDEX);
            if (margin.equityUsd >= margin.maintenanceMarginUsd) {
                return;
            }
        }
        full = true;
        closeFraction(target, liquidator, Units.PPM, false);
        if (target.hasPositions()) {
            throw new IllegalStateException("full liquidation left positions on " + target.key.shortHex());
        }
        if (target.collateralUsd < 0) {
            coverDeficit(target, side);
        }
    }

    /** Per market: perp size + Σ option size × delta (E8 units of the underlying). */
    long[] netDeltaE8(Account account) {
        long[] delta = new long[state.markets.length];
        for (int m = 0; m < delta.length; m++) {
            delta[m] = account.sizeE8[m];
        }
        for (int i = 0; i < account.optionCount; i++) {
            SeriesState series = state.seriesByNumber(account.optionSeries[i]);
            long perUnit = series.greeks(state.timeMillis, state.optionRatePpm()).deltaE8();
            int m = series.market.ordinal;
            delta[m] = Math.addExact(delta[m], Fixed.mulDiv(account.optionSizeE8[i], perUnit, io.ballast.core.options.Greeks.DELTA_SCALE));
        }
        return delta;
    }

    private static boolean holdsOptionsOn(Account account, MarketState market) {
        for (SeriesState series : market.series) {
            if (account.optionSize(series.number) != 0) {
                return true;
            }
        }
        return false;
    }

    /** A perpetual trade of −netDelta at the mark worsened by the liquidation slippage, with the liquidation fee. */
    private void hedge(Account target, Account liquidator, MarketState market, long netDeltaE8) {
        long delta = -netDeltaE8;
        long mark = market.indexPriceUsd;
        long notional = Units.notionalUsd(delta, mark);
        long slippage = slippagePpm(market, notional);
        long price = delta < 0 ? Fixed.mulDiv(mark, Units.PPM - slippage, Units.PPM)
                : Fixed.mulDivCeil(mark, Units.PPM + slippage, Units.PPM);
        tradeAt(target, market, delta, price);
        long fee = Fixed.mulDiv(notional, market.params.liquidationFeePpm(), Units.PPM);
        collectFee(target, liquidator, fee, Fixed.mulDiv(fee, market.params.liquidatorSharePpm(), Units.PPM));
        events.add(new LedgerEvent.LiquidationHedge(target.key, market.params.id(), delta, netDeltaE8, mark, price, slippage));
    }

    /** A perpetual fill of {@code deltaE8} at {@code priceUsd} against the pool (opens, adds, reduces or flips). */
    private void tradeAt(Account account, MarketState market, long deltaE8, long priceUsd) {
        int m = market.ordinal;
        long size = account.sizeE8[m];
        long closing = (size != 0 && Long.signum(deltaE8) != Long.signum(size))
                ? Long.signum(deltaE8) * Math.min(Math.abs(deltaE8), Math.abs(size)) : 0;
        if (closing != 0) {
            closeAt(account, market, Math.abs(closing), priceUsd);
        }
        long opening = deltaE8 - closing;
        if (opening == 0) {
            return;
        }
        long sizeNow = account.sizeE8[m];
        long addedBasis = Fixed.mulDivCeil(opening, priceUsd, Units.SIZE_SCALE);
        if (opening > 0) {
            market.longOpenInterestE8 = Math.addExact(market.longOpenInterestE8, opening);
        } else {
            market.shortOpenInterestE8 = Math.addExact(market.shortOpenInterestE8, -opening);
        }
        market.sumBasisUsd = Math.addExact(market.sumBasisUsd, addedBasis);
        market.dirty = true;
        account.setPosition(m, Math.addExact(sizeNow, opening), Math.addExact(account.basisUsd[m], addedBasis),
                market.cumulativeFundingE12);
        state.markDirty(account);
    }

    /** The liquidation fill of {@code quantityE8} units of an option position: the pool's quote worsened by slippage. */
    private long optionLiquidationPriceUsd(SeriesState series, long sizeE8, long quantityE8) {
        long mark = series.markUsd(state.timeMillis, state.optionRatePpm());
        long half = OptionOps.halfSpreadUsd(state, series);
        long slippage = slippagePpm(series.market, Units.notionalUsd(quantityE8, series.market.indexPriceUsd));
        return sizeE8 > 0 ? Fixed.mulDiv(OptionOps.fillPriceUsd(mark, half, false), Units.PPM - slippage, Units.PPM)
                : Fixed.mulDivCeil(OptionOps.fillPriceUsd(mark, half, true), Units.PPM + slippage, Units.PPM);
    }

    private long optionFeeUsd(SeriesState series, long quantityE8, long priceUsd) {
        long byIndex = Fixed.mulDiv(Units.notionalUsd(quantityE8, series.market.indexPriceUsd),
                series.market.optionParams.liquidationFeePpmOfIndex(), Units.PPM);
        return Math.min(byIndex, Units.notionalUsd(quantityE8, priceUsd));
    }

    /** Closes {@code quantity} of an option position at {@code priceUsd} against the pool; returns realized PnL. */
    long closeOptionAt(Account account, SeriesState series, long quantityE8, long priceUsd) {
        touchSeries(series);
        long size = account.optionSize(series.number);
        long basis = account.optionBasis(series.number);
        long cash = OptionOps.cash(size > 0 ? quantityE8 : -quantityE8, priceUsd);
        long released = Fixed.mulDiv(basis, quantityE8, Math.abs(size));
        long realized = Math.subtractExact(cash, released);
        if (size > 0) {
            series.longOpenInterestE8 = Math.subtractExact(series.longOpenInterestE8, quantityE8);
        } else {
            series.shortOpenInterestE8 = Math.subtractExact(series.shortOpenInterestE8, quantityE8);
        }
        series.sumBasisUsd = Math.subtractExact(series.sumBasisUsd, released);
        series.market.dirty = true;
        account.setOptionPosition(series.number, size > 0 ? size - quantityE8 : size + quantityE8, Math.subtractExact(basis, released));
        state.markDirty(account);
        state.setCollateral(account, Math.addExact(account.collateralUsd, cash));
        state.setPoolCash(Math.subtractExact(state.poolCashUsd, cash));
        return realized;
    }

    /** Fraction (ppm) to close so equity ≥ IM after paying slippage and fee on it; PPM = everything. */
    private long partialFractionPpm(Account target, Margin margin) {
        long costUsd = 0;
        for (int m = 0; m < state.markets.length; m++) {
            long size = target.sizeE8[m];
            if (size == 0) {
                continue;
            }
            MarketState market = state.markets[m];
            long notional = Units.notionalUsd(size, market.indexPriceUsd);
            long ratePpm = slippagePpm(market, notional) + market.params.liquidationFeePpm();
            costUsd = Math.addExact(costUsd, Fixed.mulDivCeil(notional, ratePpm, Units.PPM));
        }
        for (int i = 0; i < target.optionCount; i++) {
            SeriesState series = state.seriesByNumber(target.optionSeries[i]);
            long size = target.optionSizeE8[i];
            long units = Math.abs(size);
            long mark = series.markUsd(state.timeMillis, state.optionRatePpm());
            long price = optionLiquidationPriceUsd(series, size, units);
            costUsd = Math.addExact(costUsd, Math.addExact(Fixed.mulDivCeil(units, Math.abs(Math.subtractExact(mark, price)),
                    Units.SIZE_SCALE), optionFeeUsd(series, units, price)));
        }
        long im = margin.initialMarginUsd;
        long equity = margin.equityUsd;
        if (equity <= 0 || im <= costUsd) {
            return Units.PPM;
        }
        long fraction = Fixed.mulDivCeil(Math.subtractExact(im, equity), Units.PPM, Math.subtractExact(im, costUsd));
        return Math.min(Units.PPM, fraction);
    }

    long slippagePpm(MarketState market, long closedNotionalUsd) {
        MarketParams p = market.params;
        long sizePart = state.poolCashUsd <= 0 ? p.maxLiquidationSlippagePpm()
                : Fixed.mulDiv(p.liquidationSizeSlippagePpm(), closedNotionalUsd, state.poolCashUsd);
        long congestionPart = Fixed.mulDiv(p.liquidationCongestionSlippagePpm(), congestionPpm, Units.PPM);
        long total = Math.addExact(Math.addExact(p.liquidationBaseSlippagePpm(), Math.min(sizePart, Units.PPM)), congestionPart);
        return Math.min(p.maxLiquidationSlippagePpm(), total);
    }

    private void closeFraction(Account target, Account liquidator, long fractionPpm, boolean partial) {
        long feeDue = 0;
        long liquidatorDue = 0;
        for (int m = 0; m < state.markets.length; m++) {
            long size = target.sizeE8[m];
            if (size == 0) {
                continue;
            }
            MarketState market = state.markets[m];
            long quantity = Math.min(Math.abs(size), Fixed.mulDivCeil(Math.abs(size), fractionPpm, Units.PPM));
            long mark = market.indexPriceUsd;
            long notional = Units.notionalUsd(quantity, mark);
            long slippage = slippagePpm(market, notional);
            long price = size > 0 ? Fixed.mulDiv(mark, Units.PPM - slippage, Units.PPM)
                    : Fixed.mulDivCeil(mark, Units.PPM + slippage, Units.PPM);
            long realized = closeAt(target, market, quantity, price);
            long fee = Fixed.mulDiv(notional, market.params.liquidationFeePpm(), Units.PPM);
            feeDue = Math.addExact(feeDue, fee);
            liquidatorDue = Math.addExact(liquidatorDue, Fixed.mulDiv(fee, market.params.liquidatorSharePpm(), Units.PPM));
            events.add(new LedgerEvent.PositionLiquidated(target.key, market.params.id(), quantity, mark, price, slippage,
                    realized, partial));
        }
        // options: highest series number first, so removals do not shift the positions still to visit
        for (int i = target.optionCount - 1; i >= 0; i--) {
            SeriesState series = state.seriesByNumber(target.optionSeries[i]);
            long size = target.optionSizeE8[i];
            long quantity = Math.min(Math.abs(size), Fixed.mulDivCeil(Math.abs(size), fractionPpm, Units.PPM));
            long mark = series.markUsd(state.timeMillis, state.optionRatePpm());
            long price = optionLiquidationPriceUsd(series, size, quantity);
            long slippage = slippagePpm(series.market, Units.notionalUsd(quantity, series.market.indexPriceUsd));
            long realized = closeOptionAt(target, series, quantity, price);
            long fee = optionFeeUsd(series, quantity, price);
            feeDue = Math.addExact(feeDue, fee);
            liquidatorDue = Math.addExact(liquidatorDue, Fixed.mulDiv(fee, series.market.params.liquidatorSharePpm(), Units.PPM));
            events.add(new LedgerEvent.PositionLiquidated(target.key, series.id, quantity, mark, price, slippage, realized, partial));
        }
        collectFee(target, liquidator, feeDue, liquidatorDue);
    }

    /** Closes {@code quantity} of the position at {@code priceUsd} against the pool; returns realized PnL. */
    private long closeAt(Account account, MarketState market, long quantity, long priceUsd) {
        int m = market.ordinal;
        long size = account.sizeE8[m];
        long basis = account.basisUsd[m];
        long cash = size > 0 ? Fixed.mulDiv(quantity, priceUsd, Units.SIZE_SCALE)
                : Math.negateExact(Fixed.mulDivCeil(quantity, priceUsd, Units.SIZE_SCALE));
        long released = Fixed.mulDiv(basis, quantity, Math.abs(size));
        long realized = Math.subtractExact(cash, released);
        long newSize = size > 0 ? size - quantity : size + quantity;
        if (size > 0) {
            market.longOpenInterestE8 = Math.subtractExact(market.longOpenInterestE8, quantity);
        } else {
            market.shortOpenInterestE8 = Math.subtractExact(market.shortOpenInterestE8, quantity);
        }
        market.sumBasisUsd = Math.subtractExact(market.sumBasisUsd, released);
        market.dirty = true;
        account.setPosition(m, newSize, Math.subtractExact(basis, released), market.cumulativeFundingE12);
        state.setCollateral(account, Math.addExact(account.collateralUsd, realized));
        state.setPoolCash(Math.subtractExact(state.poolCashUsd, realized));
        return realized;
    }

    private void collectFee(Account target, Account liquidator, long feeDue, long liquidatorDue) {
        if (feeDue == 0) {
            return;
        }
        long collected = Math.min(feeDue, Math.max(0, target.collateralUsd));
        long toLiquidator = collected == feeDue ? liquidatorDue : Fixed.mulDiv(liquidatorDue, collected, feeDue);
        long toInsurance = collected - toLiquidator;
        state.setCollateral(target, target.collateralUsd - collected);
        if (liquidator != null) {
            touch(liquidator);
            state.setCollateral(liquidator, Math.addExact(liquidator.collateralUsd, toLiquidator));
        } else {
            toInsurance = collected;
            toLiquidator = 0;
        }
        state.setInsuranceFund(Math.addExact(state.insuranceFundUsd, toInsurance));
        liquidatorFeeUsd = Math.addExact(liquidatorFeeUsd, toLiquidator);
        events.add(new LedgerEvent.LiquidationFee(target.key, liquidator == null ? LedgerEvent.PROTOCOL : liquidator.key,
                collected, toLiquidator, toInsurance));
    }

    /** Insurance fund, then ADL, then the pool, until the bankrupt account's collateral is 0. */
    void coverDeficit(Account target, long[] side) {
        long deficit = -target.collateralUsd;
        long draw = Math.min(deficit, state.insuranceFundUsd);
        if (draw > 0) {
            state.setInsuranceFund(state.insuranceFundUsd - draw);
            state.setCollateral(target, target.collateralUsd + draw);
            events.add(new LedgerEvent.InsuranceDraw(target.key, draw, state.insuranceFundUsd));
        }
        long remaining = deficit - draw;
        if (remaining > 0) {
            remaining = autoDeleverage(target, side, remaining);
        }
        if (remaining > 0) {
            state.setPoolCash(Math.subtractExact(state.poolCashUsd, remaining));
            state.setCollateral(target, target.collateralUsd + remaining);
            events.add(new LedgerEvent.PoolAbsorbedDeficit(target.key, remaining));
        }
        if (target.collateralUsd != 0) {
            throw new IllegalStateException("deficit waterfall left " + target.collateralUsd + " on " + target.key.shortHex());
        }
    }

    private record Candidate(Account account, int market, long score) {}

    private static final Comparator<Candidate> ADL_ORDER = Comparator.comparingLong(Candidate::score).reversed()
            .thenComparing(c -> c.account().key)
            .thenComparingInt(Candidate::market);

    /**
     * Closes profitable positions opposite to the bankrupt's at the mark, highest profit ratio ×
     * leverage first (ties by account key), haircutting their profit; returns the deficit left.
     */
    private long autoDeleverage(Account bankrupt, long[] side, long deficitUsd) {
        List<Candidate> candidates = new ArrayList<>();
        Margin margin = new Margin();
        for (Account account : state.accounts) {
            if (account == bankrupt || account.openPositions == 0) { // ADL closes perpetual positions only
                continue;
            }
            boolean evaluated = false;
            for (int m = 0; m < side.length; m++) {
                long size = account.sizeE8[m];
                MarketState market = state.markets[m];
                if (side[m] == 0 || Long.signum(size) != -side[m] || !market.fresh || holdsOptionsOn(account, market)) {
                    continue; // a perp beside options on its index hedges them: its price profit is not the account's
                }
                long pnl = Math.subtractExact(Math.subtractExact(Fixed.mulDiv(size, market.indexPriceUsd, Units.SIZE_SCALE),
                        account.basisUsd[m]), LedgerState.pendingFundingUsd(size, market.cumulativeFundingE12, account.fundingEntryE12[m]));
                if (pnl <= 0) {
                    continue;
                }
                if (!evaluated) {
                    margin.evaluate(state, account, Margin.AT_INDEX);
                    evaluated = true;
                }
                long profitRatioPpm = Fixed.mulDiv(pnl, Units.PPM, Math.max(1, Math.abs(account.basisUsd[m])));
                long leveragePpm = margin.equityUsd <= 0 ? Long.MAX_VALUE
                        : Fixed.mulDiv(Math.min(margin.notionalUsd, Long.MAX_VALUE / Units.PPM), Units.PPM, margin.equityUsd);
                candidates.add(new Candidate(account, m, saturatingMultiply(profitRatioPpm, leveragePpm)));
            }
        }
        candidates.sort(ADL_ORDER);
        long remaining = deficitUsd;
        int limit = state.genesis.limits().maxAdlPerLiquidation();
        for (int i = 0; i < candidates.size() && i < limit && remaining > 0; i++) {
            Candidate candidate = candidates.get(i);
            Account account = candidate.account();
            MarketState market = state.markets[candidate.market()];
            touch(account);
            long fundingOwed = Funding.settle(state, account, market);
            long size = account.sizeE8[market.ordinal];
            long realized = closeAt(account, market, Math.abs(size), market.indexPriceUsd);
            // The profit is the price PnL net of the funding just settled (what ranked the candidate),
            // and never more than the account now holds: haircutting the gross price PnL could leave
            // an account with no position and negative collateral.
            long profit = Math.subtractExact(realized, fundingOwed);
            long haircut = Math.min(Math.min(Math.max(0, profit), Math.max(0, account.collateralUsd)), remaining);
            state.setCollateral(account, account.collateralUsd - haircut);
            state.setCollateral(bankrupt, bankrupt.collateralUsd + haircut);
            remaining -= haircut;
            events.add(new LedgerEvent.AutoDeleveraged(bankrupt.key, account.key, market.params.id(), size,
                    market.indexPriceUsd, realized, haircut));
        }
        return remaining;
    }

    private static long saturatingMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }
}
