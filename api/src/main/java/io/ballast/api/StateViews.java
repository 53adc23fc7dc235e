package io.ballast.api;

import io.ballast.actors.chain.ChainView;
import io.ballast.api.model.AccountView;
import io.ballast.api.model.GreeksView;
import io.ballast.api.model.MarketView;
import io.ballast.api.model.OptionPositionView;
import io.ballast.api.model.OptionSeriesView;
import io.ballast.api.model.OptionsView;
import io.ballast.api.model.PoolView;
import io.ballast.api.model.PositionView;
import io.ballast.api.model.SpreadView;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.Units;
import io.ballast.core.math.Fixed;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** Ledger state → account DTOs (read-only; run on the chain follower's thread), chain views → market DTOs. */
final class StateViews {
    private StateViews() {}

    static AccountView account(LedgerState state, Bytes32 key) {
        io.ballast.core.ledger.AccountView view = state.accountView(key).orElse(null);
        if (view == null) {
            long nonce = key.equals(state.genesis().collateralAuthority()) ? state.collateralAuthorityNonce()
                    : state.nonceOf(key);
            return new AccountView(key.toHex(), state.height(), false, nonce, "0", 0, "0", "0", "0", "0", null, false,
                    List.of(), null);
        }
        List<PositionView> positions = new ArrayList<>();
        for (io.ballast.core.ledger.PositionView position : view.positions()) {
            MarketParams params = params(state.genesis(), position.marketId());
            positions.add(new PositionView(position.marketId(), Units.formatSize(position.sizeE8()),
                    Units.formatUsd(position.basisUsd()), Units.formatUsd(position.entryPriceUsd()),
                    Units.formatUsd(position.markPriceUsd()), Units.formatUsd(position.unrealizedPnlUsd()),
                    Units.formatUsd(position.pendingFundingUsd()), liquidationPrice(view, position, params)));
        }
        String ratio = view.maintenanceMarginUsd() <= 0 ? null : BigDecimal.valueOf(view.equityUsd())
                .divide(BigDecimal.valueOf(view.maintenanceMarginUsd()), 4, RoundingMode.DOWN).toPlainString();
        List<OptionPositionView> options = new ArrayList<>();
        for (io.ballast.core.ledger.OptionPositionView o : view.optionPositions()) {
            options.add(new OptionPositionView(o.seriesId(), o.marketId(), Units.formatSize(o.sizeE8()),
                    Units.formatUsd(o.premiumBasisUsd()), Units.formatUsd(o.markPriceUsd()), Units.formatUsd(o.valueUsd()),
                    Units.formatUsd(o.unrealizedPnlUsd()), Units.formatSize(o.deltaE8()), gamma(o.gammaE12()),
                    Units.formatUsd(o.vegaUsd()), Units.formatUsd(o.thetaUsd())));
        }
        List<GreeksView> greeks = new ArrayList<>();
        for (io.ballast.core.ledger.GreeksView g : view.greeks()) {
            greeks.add(new GreeksView(g.marketId(), Units.formatSize(g.deltaE8()), gamma(g.gammaE12()),
                    Units.formatUsd(g.vegaUsd()), Units.formatUsd(g.thetaUsd())));
        }
        return new AccountView(key.toHex(), state.height(), true, view.nonce(), Units.formatUsd(view.collateralUsd()),
                view.lpShares(), Units.formatUsd(view.equityUsd()), Units.formatUsd(view.initialMarginUsd()),
                Units.formatUsd(view.maintenanceMarginUsd()), Units.formatUsd(view.notionalUsd()), ratio,
                view.liquidatable(), positions, null, options, greeks);
    }

    /** Gamma in 1e-12 units of the underlying per USD, as a decimal. */
    static String gamma(long gammaE12) {
        return Fixed.formatDecimal(gammaE12, 12);
    }

    /** Options on {@code marketId}'s index, or null if it has none. */
    static OptionsView options(ChainView chain, String marketId) {
        for (io.ballast.core.ledger.OptionMarketView o : chain.optionMarkets()) {
            if (!o.marketId().equals(marketId)) {
                continue;
            }
            List<OptionSeriesView> series = new ArrayList<>();
            for (io.ballast.core.ledger.OptionSeriesView s : o.series()) {
                series.add(new OptionSeriesView(s.id(), s.marketId(), s.type().name().toLowerCase(java.util.Locale.ROOT),
                        Units.formatUsd(s.strikeUsd()), s.expiryMillis(), Units.formatSize(s.contractSizeE8()), s.expired(),
                        Units.formatUsd(s.markPriceUsd()), Units.formatUsd(s.bidUsd()), Units.formatUsd(s.askUsd()),
                        Units.formatSize(s.longOpenInterestE8()), Units.formatSize(s.shortOpenInterestE8()),
                        Units.formatSize(s.greeks().deltaE8()), gamma(s.greeks().gammaE12()), Units.formatUsd(s.greeks().vegaUsd()),
                        Units.formatUsd(s.greeks().thetaUsd()), s.windowCoveragePpm()));
            }
            return new OptionsView(Fixed.formatDecimal(o.volIndexPpm(), 6), o.volIndexAgeMillis(), o.volStale(),
                    o.volStaleReason(), o.safeMode(), o.guardBandPpm(), series);
        }
        return null;
    }

    /**
     * The mark p at which equity reaches maintenance margin with every other price fixed:
     * E + s·(p − m) = MM + r·|s|·(p − m), so p = m + (MM − E) / (s − r·|s|) (s in base units).
     */
    static String liquidationPrice(io.ballast.core.ledger.AccountView view, io.ballast.core.ledger.PositionView position,
                                   MarketParams params) {
        BigDecimal size = BigDecimal.valueOf(position.sizeE8(), 8);
        BigDecimal rate = BigDecimal.valueOf(params.maintenanceMarginPpm(), 6);
        BigDecimal slope = size.subtract(rate.multiply(size.abs()));
        if (slope.signum() == 0) {
            return null;
        }
        BigDecimal gap = BigDecimal.valueOf(view.maintenanceMarginUsd() - view.equityUsd(), 6);
        BigDecimal price = BigDecimal.valueOf(position.markPriceUsd(), 6).add(gap.divide(slope, 6, RoundingMode.DOWN));
        return price.signum() <= 0 ? null : price.stripTrailingZeros().toPlainString();
    }

    static MarketView market(Genesis genesis, ChainView chain, io.ballast.core.ledger.MarketView market,
                             long recentFinalityMillis) {
        MarketParams params = params(genesis, market.id());
        long index = market.indexPriceUsd();
        long bid = Fixed.mulDiv(index, Units.PPM - market.spreadPpm(), Units.PPM);
        long ask = Fixed.mulDivCeil(index, Units.PPM + market.spreadPpm(), Units.PPM);
        long oneUnitAfter = market.skewE8() + Units.SIZE_SCALE;
        long impactPerUnit = oneUnitAfter <= 0 ? 0 : Math.min(Units.PPM, Fixed.mulDiv(
                Units.notionalUsd(oneUnitAfter, index), Units.PPM, params.skewImpactScaleUsd()));
        String why = "base " + params.baseSpreadPpm() + " ppm + volatility " + market.volatilitySpreadPpm()
                + " ppm (index age " + market.indexAgeMillis() + " ms, recent finality " + recentFinalityMillis
                + " ms)" + (market.spreadPpm() >= params.maxSpreadPpm() ? ", capped at " + params.maxSpreadPpm() + " ppm" : "")
                + (market.safeMode() ? "; SAFE MODE (" + market.safeModeReason() + "): only risk-reducing trades" : "")
                + "; skew " + Units.formatSize(market.skewE8()) + " adds ~" + impactPerUnit
                + " ppm per unit bought (trades that reduce the skew pay no impact)";
        SpreadView spread = new SpreadView(Units.formatUsd(bid), Units.formatUsd(ask), market.spreadPpm(),
                market.baseSpreadPpm(), market.volatilitySpreadPpm(), params.maxSpreadPpm(), market.indexAgeMillis(),
                recentFinalityMillis, Units.formatSize(market.skewE8()), impactPerUnit, why);
        PoolView pool = new PoolView(Units.formatUsd(chain.poolCashUsd()), Units.formatUsd(chain.poolNavUsd()),
                chain.poolTotalShares(), Units.formatUsd(chain.insuranceFundUsd()));
        return new MarketView(market.id(), chain.height(), Units.formatUsd(index), market.indexAgeMillis(),
                market.safeMode(), market.safeModeReason(), Units.formatSize(market.longOpenInterestE8()),
                Units.formatSize(market.shortOpenInterestE8()), Units.formatSize(market.skewE8()),
                market.lastFundingRatePpb(), market.currentFundingRatePpb(), market.nextFundingTimeMillis(), pool, spread,
                options(chain, market.id()));
    }

    static MarketParams params(Genesis genesis, String marketId) {
        for (MarketParams params : genesis.markets()) {
            if (params.id().equals(marketId)) {
                return params;
            }
        }
        throw new IllegalArgumentException("unknown market " + marketId);
    }
}
