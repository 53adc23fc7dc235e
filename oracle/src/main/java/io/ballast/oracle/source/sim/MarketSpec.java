package io.ballast.oracle.source.sim;

import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.TxBody;
import java.nio.charset.StandardCharsets;

/**
 * One simulated market. Its log-return per step is {@code factorBeta} × the common factor's
 * return (diffusion and jumps) plus its own diffusion with {@code idiosyncraticVolPerYear},
 * both scaled by the current regime's volatility multiplier, plus the drift. The diffusion drift
 * is Itô-corrected, so without jumps the expected simple return is {@code driftPerYear}.
 */
public record MarketSpec(
        String marketId, long startPriceUsd, double driftPerYear, double factorBeta, double idiosyncraticVolPerYear) {

    public MarketSpec {
        if (marketId == null || marketId.isEmpty()
                || marketId.getBytes(StandardCharsets.UTF_8).length > TxBody.MAX_MARKET_ID_BYTES) {
            throw new IllegalArgumentException("market id must have 1.." + TxBody.MAX_MARKET_ID_BYTES + " bytes: " + marketId);
        }
        if (startPriceUsd < 1 || startPriceUsd > Units.MAX_PRICE_USD) {
            throw new IllegalArgumentException(marketId + ": start price out of range: " + startPriceUsd);
        }
        SimulationParams.requireFinite(marketId + ".driftPerYear", driftPerYear);
        SimulationParams.requireFinite(marketId + ".factorBeta", factorBeta);
        SimulationParams.requireNonNegative(marketId + ".idiosyncraticVolPerYear", idiosyncraticVolPerYear);
    }

    /** BTC-PERP from 60,000 USD: the common factor itself (beta 1, no own noise). */
    public static MarketSpec btc() {
        return new MarketSpec("BTC-PERP", 60_000 * Units.USD_SCALE, 0.0, 1.0, 0.0);
    }

    /** ETH-PERP from 3,000 USD: 1.2 × BTC's moves plus 35%/year of its own. */
    public static MarketSpec eth() {
        return new MarketSpec("ETH-PERP", 3_000 * Units.USD_SCALE, 0.0, 1.2, 0.35);
    }

    /** Total diffusion volatility per year at regime multiplier 1, given the factor's. */
    public double totalVolPerYear(double factorVolPerYear) {
        double fromFactor = factorBeta * factorVolPerYear;
        return StrictMath.sqrt(fromFactor * fromFactor + idiosyncraticVolPerYear * idiosyncraticVolPerYear);
    }

    /** Correlation of this market's diffusion with the factor's (and so between two markets, the product). */
    public double factorCorrelation(double factorVolPerYear) {
        double total = totalVolPerYear(factorVolPerYear);
        return total == 0 ? 0 : factorBeta * factorVolPerYear / total;
    }
}
