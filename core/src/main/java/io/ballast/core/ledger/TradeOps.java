package io.ballast.core.ledger;

import io.ballast.core.math.Fixed;

/**
 * Trades against the pool. Validation computes every new value first; only then are they
 * written, so a rejection (or an overflow during validation) leaves the state untouched.
 *
 * <p>Position accounting: a reduction of q out of |size| releases floor(basis × q / |size|) of the
 * basis; realized PnL = cash received (sells, floored) or paid (buys, rounded up) − released basis.
 * Closing everything releases exactly the basis, so PnL is conserved to the micro-USD.
 */
final class TradeOps {
    private TradeOps() {}

    static TxEffect trade(LedgerState state, Account account, long nonce, long feeUsd, int m, long deltaE8, long limitPriceUsd) {
        MarketState market = state.markets[m];
        if (deltaE8 == 0 || Math.abs(deltaE8) > Units.MAX_SIZE_E8 || deltaE8 == Long.MIN_VALUE) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "size delta must be non-zero and at most " + Units.formatSize(Units.MAX_SIZE_E8));
        }
        if (limitPriceUsd <= 0) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "limit price must be positive");
        }
        long size = account.sizeE8[m];
        long basis = account.basisUsd[m];
        long newSize = Math.addExact(size, deltaE8);
        boolean flips = size != 0 && newSize != 0 && Long.signum(newSize) != Long.signum(size);
        boolean increasesRisk = flips || Math.abs(newSize) > Math.abs(size);
        long index = market.indexPriceUsd;
        if (index == 0 || (increasesRisk && !market.fresh)) {
            throw new Rejection(RejectCode.STALE_INDEX, "market " + market.params.id() + " is in safe mode ("
                    + market.staleReason + "): only risk-reducing trades");
        }
        long impact = Quote.impactPpm(market, deltaE8);
        long total = Quote.totalPpm(market, impact);
        long price = Quote.fillPriceUsd(index, deltaE8, total);
        if (deltaE8 > 0 ? price > limitPriceUsd : price < limitPriceUsd) {
            throw new Rejection(RejectCode.PRICE_LIMIT, "fill price " + Units.formatUsd(price) + " is worse than limit "
                    + Units.formatUsd(limitPriceUsd));
        }

        long newLong = Math.addExact(market.longOpenInterestE8 - Math.max(size, 0), Math.max(newSize, 0));
        long newShort = Math.addExact(market.shortOpenInterestE8 - Math.max(-size, 0), Math.max(-newSize, 0));
        long cap = market.params.maxOpenInterestE8();
        if ((newLong > market.longOpenInterestE8 && newLong > cap) || (newShort > market.shortOpenInterestE8 && newShort > cap)) {
            throw new Rejection(RejectCode.OPEN_INTEREST_CAP, "open interest would exceed " + Units.formatSize(cap)
                    + " on one side of " + market.params.id());
        }

        long closing = (size != 0 && Long.signum(deltaE8) != Long.signum(size))
                ? Long.signum(deltaE8) * Math.min(Math.abs(deltaE8), Math.abs(size)) : 0;
        long opening = deltaE8 - closing;
        long realized = 0;
        long newBasis = basis;
        if (closing != 0) {
            long released = Fixed.mulDiv(basis, Math.abs(closing), Math.abs(size));
            long cashFlow = Math.negateExact(Fixed.mulDivCeil(closing, price, Units.SIZE_SCALE));
            realized = Math.subtractExact(cashFlow, released);
            newBasis = Math.subtractExact(basis, released);
        }
        if (opening != 0) {
            newBasis = Math.addExact(newBasis, Fixed.mulDivCeil(opening, price, Units.SIZE_SCALE));
        }
        long funding = LedgerState.pendingFundingUsd(size, market.cumulativeFundingE12, account.fundingEntryE12[m]);
        long newCollateral = Math.subtractExact(Math.addExact(Math.subtractExact(account.collateralUsd, funding), realized), feeUsd);
        long newPoolCash = Math.subtractExact(Math.addExact(state.poolCashUsd, funding), realized);
        long newInsurance = Math.addExact(state.insuranceFundUsd, feeUsd);
        long newSumBasis = Math.addExact(Math.subtractExact(market.sumBasisUsd, basis), newBasis);
        Math.addExact(state.totalCollateralUsd, Math.subtractExact(newCollateral, account.collateralUsd));
        if (newCollateral < 0) {
            throw new Rejection(RejectCode.INSUFFICIENT_COLLATERAL, "collateral would be negative ("
                    + Units.formatUsd(newCollateral) + "); an insolvent account is closed by liquidation");
        }
        if (increasesRisk) {
            Margin margin = state.margin.evaluateAny(state, account, newCollateral, m, newSize, newBasis,
                    market.cumulativeFundingE12, Margin.STRESS_STALE);
            if (margin.equityUsd < margin.initialMarginUsd) {
                throw new Rejection(RejectCode.INSUFFICIENT_MARGIN, "equity " + Units.formatUsd(margin.equityUsd)
                        + " below initial margin " + Units.formatUsd(margin.initialMarginUsd));
            }
        }

        // commit: nothing below can fail
        account.nonce = nonce;
        account.setPosition(m, newSize, newBasis, market.cumulativeFundingE12);
        state.setCollateral(account, newCollateral);
        state.setPoolCash(newPoolCash);
        state.setInsuranceFund(newInsurance);
        market.longOpenInterestE8 = newLong;
        market.shortOpenInterestE8 = newShort;
        market.sumBasisUsd = newSumBasis;
        market.dirty = true;
        long spreadPart = Math.min(total, market.spreadPpm());
        return new TxEffect.Traded(market.params.id(), deltaE8, price, index, spreadPart, total - spreadPart,
                realized, funding, newSize, newCollateral);
    }
}
