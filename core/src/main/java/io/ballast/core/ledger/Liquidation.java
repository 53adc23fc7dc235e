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
 */
final class Liquidation {
    private final LedgerState state;
    private final long congestionPpm;
    final List<LedgerEvent> events = new ArrayList<>();
    private final List<Account> touched = new ArrayList<>();
    private final List<Account> originals = new ArrayList<>();
    private final long[] marketBackup;
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

    /** Below maintenance margin, with every position's market fresh (no liquidation in safe mode). */
    static boolean isLiquidatable(LedgerState state, Account account, Margin margin) {
        if (account.openPositions == 0) {
            return false;
        }
        margin.evaluate(state, account, Margin.AT_INDEX);
        return !margin.touchesStaleMarket && margin.equityUsd < margin.maintenanceMarginUsd;
    }

    /** Block-end scan: accounts in creation order, at most maxLiquidationsPerBlock liquidations. */
    static List<LedgerEvent> liquidateAtBlockEnd(LedgerState state) {
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
        state.poolCashUsd = poolCashBackup;
        state.insuranceFundUsd = insuranceBackup;
        state.totalCollateralUsd = totalCollateralBackup;
        state.markGlobalsDirty();
        events.clear();
    }

    /** Liquidates {@code target}; {@code liquidator} null = the protocol (its fee share goes to insurance). */
    void execute(Account target, Account liquidator) {
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
    private void coverDeficit(Account target, long[] side) {
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
            if (account == bankrupt || account.openPositions == 0) {
                continue;
            }
            boolean evaluated = false;
            for (int m = 0; m < side.length; m++) {
                long size = account.sizeE8[m];
                MarketState market = state.markets[m];
                if (side[m] == 0 || Long.signum(size) != -side[m] || !market.fresh) {
                    continue;
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
