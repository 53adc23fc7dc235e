package io.ballast.core.ledger;

import io.ballast.core.math.Fixed;
import java.util.List;

/**
 * Funding between traders and the pool. At each interval boundary crossed by block time the
 * market's cumulative index moves by price × rate, rate = skew/OI × factor (capped): when traders
 * are net long, longs pay and shorts receive. Positions settle lazily against the index whenever
 * they are touched; the amount moves between the trader's collateral and pool cash.
 */
final class Funding {
    private Funding() {}

    /** The rate per interval at the current skew, ppb. */
    static long ratePpb(MarketState market) {
        long openInterest = Math.addExact(market.longOpenInterestE8, market.shortOpenInterestE8);
        if (openInterest == 0 || market.indexPriceUsd == 0) {
            return 0;
        }
        long rate = Fixed.mulDiv(market.netSkewE8(), market.params.fundingFactorPpb(), openInterest);
        long cap = market.params.maxFundingRatePpb();
        return Math.max(-cap, Math.min(cap, rate));
    }

    /** Charges every interval boundary in (lastFundingTime, now]; all missed intervals at today's skew. */
    static void applyIntervals(MarketState market, long nowMillis, List<LedgerEvent> events) {
        long interval = market.params.fundingIntervalMillis();
        long elapsed = nowMillis - market.lastFundingTimeMillis;
        if (elapsed < interval) {
            return;
        }
        long intervals = elapsed / interval;
        market.lastFundingTimeMillis = Math.addExact(market.lastFundingTimeMillis, Math.multiplyExact(intervals, interval));
        long rate = ratePpb(market);
        // index unit: 1e-12 USD per base unit = micro-USD × rate(ppb) / 1e9 × 1e6
        long delta = Math.multiplyExact(intervals, Fixed.mulDiv(market.indexPriceUsd, rate, 1_000));
        market.cumulativeFundingE12 = Math.addExact(market.cumulativeFundingE12, delta);
        market.lastFundingRatePpb = rate;
        market.dirty = true;
        if (rate != 0) {
            events.add(new LedgerEvent.FundingApplied(market.params.id(), intervals, rate, delta, market.cumulativeFundingE12));
        }
    }

    /** Settles one position's pending funding (collateral ↔ pool) and resets its entry. Commit phase only. */
    static long settle(LedgerState state, Account account, MarketState market) {
        int m = market.ordinal;
        long owed = LedgerState.pendingFundingUsd(account.sizeE8[m], market.cumulativeFundingE12, account.fundingEntryE12[m]);
        if (account.sizeE8[m] != 0) {
            account.fundingEntryE12[m] = market.cumulativeFundingE12;
            state.markDirty(account);
        }
        if (owed != 0) {
            state.setCollateral(account, Math.subtractExact(account.collateralUsd, owed));
            state.setPoolCash(Math.addExact(state.poolCashUsd, owed));
        }
        return owed;
    }
}
