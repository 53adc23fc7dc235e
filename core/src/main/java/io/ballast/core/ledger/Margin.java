package io.ballast.core.ledger;

import io.ballast.core.math.Fixed;

/**
 * Cross-margin valuation of one account, written into reusable fields so the trade path does not
 * allocate. Equity = collateral + Σ (size × mark − basis − pending funding); IM/MM = Σ notional ×
 * ppm (rounded up). One position may be overridden by a hypothetical one (the trade being checked).
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
        return this;
    }

    Margin evaluate(LedgerState state, Account account, int mode) {
        return evaluate(state, account, account.collateralUsd, -1, 0, 0, 0, mode);
    }

    /** Longs valued lower, shorts higher, by {@code stressPpm}. */
    static long stressedMark(long priceUsd, long sizeE8, long stressPpm) {
        return sizeE8 > 0 ? Fixed.mulDiv(priceUsd, Units.PPM - stressPpm, Units.PPM)
                : Fixed.mulDivCeil(priceUsd, Units.PPM + stressPpm, Units.PPM);
    }
}
