package io.ballast.core.ledger;

import io.ballast.core.math.Fixed;
import java.util.ArrayList;
import java.util.List;

/** Builds the read-only views; never mutates the state. */
final class Views {
    private Views() {}

    static AccountView account(LedgerState state, Account account) {
        Margin margin = new Margin().evaluate(state, account, Margin.AT_INDEX);
        List<PositionView> positions = new ArrayList<>();
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
        }
        boolean liquidatable = account.openPositions > 0 && !margin.touchesStaleMarket
                && margin.equityUsd < margin.maintenanceMarginUsd;
        return new AccountView(account.key, account.nonce, account.collateralUsd, account.lpShares, margin.equityUsd,
                margin.initialMarginUsd, margin.maintenanceMarginUsd, margin.notionalUsd, liquidatable, positions);
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
            if (open == 0 && account.collateralUsd < 0) {
                throw new IllegalStateException("account " + account.key.shortHex() + " has no position and negative collateral");
            }
            positions += open;
        }
        for (int m = 0; m < marketCount; m++) {
            MarketState market = state.markets[m];
            if (longOi[m] != market.longOpenInterestE8 || shortOi[m] != market.shortOpenInterestE8 || basis[m] != market.sumBasisUsd) {
                throw new IllegalStateException("market " + market.params.id() + " aggregates disagree with positions");
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
        return new Totals(collateral, state.poolCashUsd, state.insuranceFundUsd, state.netDepositsUsd, traderPnl,
                Math.negateExact(traderPnl), state.poolNavUsd(), state.poolTotalShares, lpShares, positions);
    }
}
