package io.ballast.core.ledger;

import io.ballast.core.math.Fixed;

/**
 * The pool's price for a trade: index ± (spread + skew impact). Impact is charged only when the
 * trade leaves the traders' net skew on its own side (a buy that leaves traders net long, a sell
 * that leaves them net short), proportional to |skew after| notional / skewImpactScaleUsd; trades
 * that reduce the skew pay spread only. Buys round up, sells down: rounding favours the pool.
 */
final class Quote {
    private Quote() {}

    static long impactPpm(MarketState market, long sizeDeltaE8) {
        long skewAfter = Math.addExact(market.netSkewE8(), sizeDeltaE8);
        if (Long.signum(skewAfter) != Long.signum(sizeDeltaE8)) {
            return 0;
        }
        long skewNotional = Units.notionalUsd(skewAfter, market.indexPriceUsd);
        return Math.min(Units.PPM, Fixed.mulDiv(skewNotional, Units.PPM, market.params.skewImpactScaleUsd()));
    }

    static long totalPpm(MarketState market, long impactPpm) {
        return Math.min(market.params.maxSpreadPpm(), market.params.baseSpreadPpm() + market.volatilitySpreadPpm + impactPpm);
    }

    static long fillPriceUsd(long indexPriceUsd, long sizeDeltaE8, long totalPpm) {
        return sizeDeltaE8 > 0 ? Fixed.mulDivCeil(indexPriceUsd, Units.PPM + totalPpm, Units.PPM)
                : Fixed.mulDiv(indexPriceUsd, Units.PPM - totalPpm, Units.PPM);
    }
}
