package io.ballast.core.ledger;

import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.math.Fixed;
import io.ballast.core.options.BlackScholes;
import io.ballast.core.options.Greeks;
import io.ballast.core.options.OptionSeriesId;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Option listings, vol reports and option trades. As everywhere in the ledger: validate and
 * compute every new value first, then commit; a rejection changes nothing.
 *
 * <p>The pool quotes every series at its model price (Black–Scholes from the index, the vol index
 * and the time to expiry) ± a half-spread per unit of {@code baseSpreadPpm × price + |delta| ×
 * index × the market's spread + minSpreadPpmOfIndex × index}, capped at the market's
 * {@code maxSpreadPpm} × index: the middle term is the perpetual market's latency-aware spread
 * (base + k·σ·√(index age + recent finality)) on the option's delta, the hedge the pool carries.
 * Buys round up, sells down, never below 0. Premiums move cash at the trade (a buyer needs the
 * collateral); the position keeps its premium basis for realized PnL.
 */
final class OptionOps {
    private OptionOps() {}

    // ------------------------------------------------------------------ listing

    /** Null if {@code spec} may be listed at {@code nowMillis} under {@code params}, else why not (OUT_OF_RANGE). */
    static String listingProblem(OptionMarketParams params, OptionSeriesSpec spec, long nowMillis) {
        if (spec.strikeUsd() <= 0 || spec.strikeUsd() > Units.MAX_PRICE_USD) {
            return "strike must be within 0.000001.." + Units.formatUsd(Units.MAX_PRICE_USD);
        }
        if (spec.contractSizeE8() <= 0 || spec.contractSizeE8() > Units.MAX_SIZE_E8) {
            return "contract size must be within 0.00000001.." + Units.formatSize(Units.MAX_SIZE_E8);
        }
        if (!OptionSeriesId.expiryRepresentable(spec.expiryMillis())) {
            return "expiry must be a whole minute (UTC) in years 2000..9999";
        }
        if (spec.expiryMillis() < nowMillis + params.settlementWindowMillis()) {
            return "expiry must be at least one settlement window (" + params.settlementWindowMillis() + " ms) ahead";
        }
        if (spec.expiryMillis() > nowMillis + params.maxListingHorizonMillis()) {
            return "expiry is beyond the listing horizon of " + params.maxListingHorizonMillis() + " ms";
        }
        if (spec.id().getBytes(StandardCharsets.UTF_8).length > TxBody.MAX_MARKET_ID_BYTES) {
            return "series id " + spec.id() + " is longer than " + TxBody.MAX_MARKET_ID_BYTES + " bytes";
        }
        return null;
    }

    static TxEffect list(LedgerState state, SignedTransaction tx, TxBody.ListOption listing) {
        FundsOps.requireAuthority(state, tx, "listings");
        int m = state.marketOrdinal(listing.marketId());
        if (m < 0) {
            throw new Rejection(RejectCode.UNKNOWN_MARKET, "no market " + listing.marketId());
        }
        MarketState market = state.markets[m];
        if (!market.hasOptions()) {
            throw new Rejection(RejectCode.OPTIONS_DISABLED, "market " + listing.marketId() + " has no options");
        }
        OptionSeriesSpec spec = new OptionSeriesSpec(listing.marketId(), listing.expiryMillis(), listing.strikeUsd(),
                listing.optionType(), listing.contractSizeE8());
        String problem = listingProblem(market.optionParams, spec, state.timeMillis);
        if (problem != null) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, problem);
        }
        if (state.series(spec.id()) != null || state.marketOrdinal(spec.id()) >= 0) {
            throw new Rejection(RejectCode.DUPLICATE_SERIES, "series " + spec.id() + " is already listed");
        }
        if (state.liveSeriesCount() >= state.genesis.options().maxLiveSeries()) {
            throw new Rejection(RejectCode.TOO_MANY_SERIES, state.liveSeriesCount() + " live series: the limit");
        }
        state.authorityNonce = tx.nonce();
        SeriesState series = state.addSeries(spec);
        return new TxEffect.OptionListed(series.id, series.number);
    }

    // ------------------------------------------------------------------ vol index

    /** Re-aggregates the vol index, records its safe-mode transitions and refreshes the guard band. */
    static void reevaluateVol(LedgerState state, MarketState market, List<LedgerEvent> events) {
        boolean wasFresh = market.volFresh;
        market.evaluateVolIndex(state.timeMillis);
        market.updateGuardBand(state.timeMillis, state.blockFinalityMillis);
        if (wasFresh && !market.volFresh) {
            events.add(new LedgerEvent.VolSafeModeEntered(market.params.id(), market.volStaleReason, market.volIndexPpm));
        } else if (!wasFresh && market.volFresh) {
            events.add(new LedgerEvent.VolSafeModeExited(market.params.id(), market.volIndexPpm));
        }
    }

    static TxEffect volReport(LedgerState state, SignedTransaction tx, TxBody.VolReport report, List<LedgerEvent> events) {
        int operator = state.operatorOrdinal(tx.signer());
        if (operator < 0) {
            throw new Rejection(RejectCode.NOT_AUTHORIZED, "signer is not a registered oracle operator");
        }
        if (tx.nonce() != 0 || tx.priorityFeeUsd() != 0) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "vol reports carry nonce 0 and no priority fee");
        }
        int m = state.marketOrdinal(report.marketId());
        if (m < 0) {
            throw new Rejection(RejectCode.UNKNOWN_MARKET, "no market " + report.marketId());
        }
        MarketState market = state.markets[m];
        if (!market.hasOptions()) {
            throw new Rejection(RejectCode.OPTIONS_DISABLED, "market " + report.marketId() + " has no options (no vol index)");
        }
        if (report.volPpm() <= 0 || report.volPpm() > BlackScholes.MAX_VOL_PPM) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "vol must be within 1.." + BlackScholes.MAX_VOL_PPM + " ppm");
        }
        long ts = report.timestampMillis();
        long futureLimit = Math.addExact(state.timeMillis, state.genesis.limits().maxReportFutureMillis());
        if (ts > futureLimit) {
            throw new Rejection(RejectCode.FUTURE_REPORT, "timestamp " + ts + " is after block time + "
                    + state.genesis.limits().maxReportFutureMillis() + " ms");
        }
        long last = market.volReportTimeMillis[operator];
        if (ts == last) {
            throw new Rejection(RejectCode.DUPLICATE_REPORT, "operator already reported vol at " + ts);
        }
        if (ts < last) {
            throw new Rejection(RejectCode.STALE_REPORT, "operator's latest vol report is at " + last + ", this one " + ts);
        }
        if (ts < state.timeMillis - market.optionParams.volOracle().maxAgeMillis()) {
            throw new Rejection(RejectCode.STALE_REPORT, "timestamp " + ts + " is older than the vol freshness window");
        }
        market.volReportPpm[operator] = report.volPpm();
        market.volReportTimeMillis[operator] = ts;
        reevaluateVol(state, market, events);
        return new TxEffect.VolReported(market.params.id(), market.volIndexPpm, !market.volFresh);
    }

    // ------------------------------------------------------------------ quotes

    /** The pool's half-spread per unit (micro-USD) around the model price. */
    static long halfSpreadUsd(LedgerState state, SeriesState series) {
        MarketState market = series.market;
        OptionMarketParams p = market.optionParams;
        long index = market.indexPriceUsd;
        Greeks greeks = series.greeks(state.timeMillis, state.optionRatePpm());
        long premiumPart = Fixed.mulDivCeil(greeks.priceUsd(), p.baseSpreadPpm(), Units.PPM);
        long deltaNotional = Fixed.mulDiv(Math.abs(greeks.deltaE8()), index, Greeks.DELTA_SCALE);
        long latencyPart = Fixed.mulDivCeil(deltaNotional, market.spreadPpm(), Units.PPM);
        long floorPart = Fixed.mulDivCeil(index, p.minSpreadPpmOfIndex(), Units.PPM);
        long cap = Fixed.mulDivCeil(index, market.params.maxSpreadPpm(), Units.PPM);
        return Math.min(cap, Math.addExact(Math.addExact(premiumPart, latencyPart), floorPart));
    }

    /** The fill price per unit: model price + half-spread for buys, − for sells (never below 0). */
    static long fillPriceUsd(long markUsd, long halfSpreadUsd, boolean buy) {
        return buy ? Math.addExact(markUsd, halfSpreadUsd) : Math.max(0, markUsd - halfSpreadUsd);
    }

    // ------------------------------------------------------------------ trades

    static TxEffect trade(LedgerState state, Account account, long nonce, long feeUsd, SeriesState series, long deltaE8,
                          long limitPriceUsd) {
        MarketState market = series.market;
        OptionMarketParams p = market.optionParams;
        if (deltaE8 == 0 || deltaE8 == Long.MIN_VALUE || Math.abs(deltaE8) > Units.MAX_SIZE_E8) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "size delta must be non-zero and at most " + Units.formatSize(Units.MAX_SIZE_E8));
        }
        if (deltaE8 % series.spec.contractSizeE8() != 0) {
            throw new Rejection(RejectCode.LOT_SIZE, "size " + Units.formatSize(deltaE8) + " is not a multiple of the contract size "
                    + Units.formatSize(series.spec.contractSizeE8()));
        }
        boolean buy = deltaE8 > 0;
        if (limitPriceUsd < 0 || (buy && limitPriceUsd == 0)) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "limit price must be positive for buys and at least 0 for sells");
        }
        if (series.expired(state.timeMillis)) {
            throw new Rejection(RejectCode.OPTION_EXPIRED, series.id + " expired at " + series.spec.expiryMillis()
                    + ": it settles at the time-weighted index");
        }
        long size = account.optionSize(series.number);
        long basis = account.optionBasis(series.number);
        long newSize = Math.addExact(size, deltaE8);
        boolean flips = size != 0 && newSize != 0 && Long.signum(newSize) != Long.signum(size);
        boolean increasesRisk = flips || Math.abs(newSize) > Math.abs(size);
        if (market.indexPriceUsd == 0 || (increasesRisk && !market.fresh)) {
            throw new Rejection(RejectCode.STALE_INDEX, "market " + market.params.id() + " is in safe mode ("
                    + market.staleReason + "): only risk-reducing option trades");
        }
        if (increasesRisk && !market.volFresh) {
            throw new Rejection(RejectCode.STALE_VOLATILITY, "the vol index of " + market.params.id() + " is stale ("
                    + market.volStaleReason + "): only risk-reducing option trades");
        }
        if (size == 0 && account.optionSlotsFull(series.number)) {
            throw new Rejection(RejectCode.TOO_MANY_POSITIONS, "the account holds " + account.optionCount
                    + " option positions: the limit");
        }
        long mark = series.markUsd(state.timeMillis, state.optionRatePpm());
        long half = halfSpreadUsd(state, series);
        long price = fillPriceUsd(mark, half, buy);
        if (buy ? price > limitPriceUsd : price < limitPriceUsd) {
            throw new Rejection(RejectCode.PRICE_LIMIT, "fill price " + Units.formatUsd(price) + " is worse than limit "
                    + Units.formatUsd(limitPriceUsd));
        }
        long newLong = Math.addExact(series.longOpenInterestE8 - Math.max(size, 0), Math.max(newSize, 0));
        long newShort = Math.addExact(series.shortOpenInterestE8 - Math.max(-size, 0), Math.max(-newSize, 0));
        long cap = p.maxOpenInterestE8();
        if ((newLong > series.longOpenInterestE8 && newLong > cap) || (newShort > series.shortOpenInterestE8 && newShort > cap)) {
            throw new Rejection(RejectCode.OPEN_INTEREST_CAP, "open interest would exceed " + Units.formatSize(cap)
                    + " on one side of " + series.id);
        }
        long closing = (size != 0 && Long.signum(deltaE8) != Long.signum(size))
                ? Long.signum(deltaE8) * Math.min(Math.abs(deltaE8), Math.abs(size)) : 0;
        long opening = deltaE8 - closing;
        long realized = 0;
        long premium = 0;
        long newBasis = basis;
        if (closing != 0) {
            long released = Fixed.mulDiv(basis, Math.abs(closing), Math.abs(size));
            long cash = cash(-closing, price);
            realized = Math.subtractExact(cash, released);
            premium = cash;
            newBasis = Math.subtractExact(basis, released);
        }
        if (opening != 0) {
            long cash = cash(-opening, price);
            premium = Math.addExact(premium, cash);
            newBasis = Math.subtractExact(newBasis, cash);
        }
        long newCollateral = Math.subtractExact(Math.addExact(account.collateralUsd, premium), feeUsd);
        long newPoolCash = Math.subtractExact(state.poolCashUsd, premium);
        long newInsurance = Math.addExact(state.insuranceFundUsd, feeUsd);
        long newSumBasis = Math.addExact(Math.subtractExact(series.sumBasisUsd, basis), newBasis);
        Math.addExact(state.totalCollateralUsd, Math.subtractExact(newCollateral, account.collateralUsd));
        if (newCollateral < 0) {
            throw new Rejection(RejectCode.INSUFFICIENT_COLLATERAL, "collateral would be negative ("
                    + Units.formatUsd(newCollateral) + "): option premiums are paid in full at the trade");
        }
        if (increasesRisk) {
            Margin margin = state.margin.evaluateWithOption(state, account, newCollateral, series, newSize, Margin.STRESS_STALE);
            if (margin.equityUsd < margin.initialMarginUsd) {
                throw new Rejection(RejectCode.INSUFFICIENT_MARGIN, "equity " + Units.formatUsd(margin.equityUsd)
                        + " below initial margin " + Units.formatUsd(margin.initialMarginUsd));
            }
        }

        // commit: nothing below can fail
        account.nonce = nonce;
        account.setOptionPosition(series.number, newSize, newBasis);
        state.markDirty(account);
        state.setCollateral(account, newCollateral);
        state.setPoolCash(newPoolCash);
        state.setInsuranceFund(newInsurance);
        series.longOpenInterestE8 = newLong;
        series.shortOpenInterestE8 = newShort;
        series.sumBasisUsd = newSumBasis;
        market.dirty = true;
        return new TxEffect.OptionTraded(series.id, deltaE8, price, mark, market.indexPriceUsd, market.volIndexPpm, half,
                premium, realized, newSize, newCollateral);
    }

    /**
     * Cash the trader receives (negative: pays) for {@code signedQuantityE8} units sold (positive)
     * or bought (negative) at {@code priceUsd}: sales floored, purchases rounded up.
     */
    static long cash(long signedQuantityE8, long priceUsd) {
        return signedQuantityE8 > 0 ? Fixed.mulDiv(signedQuantityE8, priceUsd, Units.SIZE_SCALE)
                : Math.negateExact(Fixed.mulDivCeil(-signedQuantityE8, priceUsd, Units.SIZE_SCALE));
    }
}
