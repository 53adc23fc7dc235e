package io.ballast.oracle.source.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.ledger.Units;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Statistics of long paths for fixed seeds. Tolerances are about four standard errors of each
 * estimator, so a correct generator passes for nearly every seed, not just these.
 */
class SimulatedMarketStatisticsTest {
    private static final long ORIGIN_MILLIS = 1_700_000_000_000L;
    private static final long HOUR_MILLIS = 3_600_000L;

    @Test
    void diffusionHasTheConfiguredDriftVolatilityAndCorrelation() {
        double factorVol = 0.2;
        MarketSpec btc = new MarketSpec("BTC-PERP", 1 * Units.USD_SCALE, 0.12, 1.0, 0.0);
        MarketSpec eth = new MarketSpec("ETH-PERP", 1 * Units.USD_SCALE, 0.0, 1.5, 0.2);
        SimulationParams params = SimulationParams.defaults(7, ORIGIN_MILLIS)
                .withStepMillis(HOUR_MILLIS).withFactorVolPerYear(factorVol)
                .withRegimes(RegimeChain.constant()).withJumps(JumpParams.none()).withMarkets(List.of(btc, eth));
        SimulatedMarket market = new SimulatedMarket(params);
        int steps = 100 * 8766; // 100 years of hourly steps
        double[] btcReturns = logReturns(market, "BTC-PERP", steps);
        double[] ethReturns = logReturns(market, "ETH-PERP", steps);
        double years = steps * params.stepYears();

        double btcDriftPerYear = sum(btcReturns) / years;
        double expectedBtcDrift = 0.12 - 0.5 * factorVol * factorVol; // 0.10 per year in log terms
        assertEquals(expectedBtcDrift, btcDriftPerYear, 4 * factorVol / Math.sqrt(years), "BTC log drift per year");

        double btcVol = stdDev(btcReturns) / Math.sqrt(params.stepYears());
        assertEquals(factorVol, btcVol, 0.01 * factorVol, "BTC volatility per year");
        double ethVol = stdDev(ethReturns) / Math.sqrt(params.stepYears());
        assertEquals(eth.totalVolPerYear(factorVol), ethVol, 0.01 * eth.totalVolPerYear(factorVol), "ETH volatility per year");
        assertEquals(Math.sqrt(0.3 * 0.3 + 0.2 * 0.2), eth.totalVolPerYear(factorVol), 1e-12);

        double correlation = covariance(btcReturns, ethReturns) / (stdDev(btcReturns) * stdDev(ethReturns));
        assertEquals(eth.factorCorrelation(factorVol), correlation, 0.01, "BTC/ETH correlation");
        double beta = covariance(btcReturns, ethReturns) / (stdDev(btcReturns) * stdDev(btcReturns));
        assertEquals(1.5, beta, 0.02, "ETH beta to BTC");
    }

    @Test
    void jumpsArriveAtTheConfiguredRateAndMovePrices() {
        double ratePerYear = 100;
        JumpParams jumps = new JumpParams(ratePerYear, 0.05, 0.0, 0.2, -0.2, 0.0);
        SimulationParams params = SimulationParams.defaults(11, ORIGIN_MILLIS)
                .withStepMillis(10 * 60_000L).withFactorVolPerYear(0.01)
                .withRegimes(RegimeChain.constant()).withJumps(jumps).withMarkets(List.of(MarketSpec.btc()));
        SimulatedMarket market = new SimulatedMarket(params);
        int steps = 5 * 52_596; // 5 years of 10-minute steps
        double[] returns = logReturns(market, "BTC-PERP", steps);
        SimulationStats stats = market.statsAt(ORIGIN_MILLIS + steps * params.stepMillis());

        double expectedJumps = ratePerYear * steps * params.stepYears();
        assertEquals(expectedJumps, stats.jumps(), 4 * Math.sqrt(expectedJumps), "jump count");
        assertEquals(0.2 * stats.jumps(), stats.crashes(), 4 * Math.sqrt(stats.jumps() * 0.2 * 0.8), "crash count");

        // Diffusion moves are ~5e-5 per step here; every step with a move above 2% carries a jump.
        long bigUp = 0;
        long bigDown = 0;
        for (double r : returns) {
            bigUp += r > 0.02 ? 1 : 0;
            bigDown += r < -0.02 ? 1 : 0;
        }
        long stepsWithJumps = bigUp + bigDown;
        assertTrue(stepsWithJumps <= stats.jumps() && stepsWithJumps >= stats.jumps() * 0.97,
                stepsWithJumps + " big moves for " + stats.jumps() + " jumps");
        assertTrue(bigDown >= stats.crashes() * 0.97 && bigDown <= stats.crashes(), bigDown + " crashes seen, " + stats.crashes() + " drawn");
    }

    @Test
    void regimesSwitchWithTheirStationaryShareAndScaleVolatility() {
        SimulationParams params = SimulationParams.defaults(23, ORIGIN_MILLIS)
                .withStepMillis(60_000L).withJumps(JumpParams.none()).withMarkets(List.of(MarketSpec.btc()));
        SimulatedMarket market = new SimulatedMarket(params);
        int steps = 365 * 1440; // one year of minutes
        double[] sumSquares = new double[3];
        long[] counts = new long[3];
        List<Regime> regimes = params.regimes().regimes();
        double previous = Math.log(market.quote("BTC-PERP", ORIGIN_MILLIS).priceUsd());
        for (int i = 1; i <= steps; i++) {
            long t = ORIGIN_MILLIS + (long) i * params.stepMillis();
            int regime = regimes.indexOf(market.regimeAt(t - params.stepMillis())); // the regime that drove this step
            double now = Math.log(market.quote("BTC-PERP", t).priceUsd());
            sumSquares[regime] += (now - previous) * (now - previous);
            counts[regime]++;
            previous = now;
        }
        SimulationStats stats = market.statsAt(ORIGIN_MILLIS + (long) steps * params.stepMillis());
        assertTrue(stats.regimeSwitches() > 500, stats.regimeSwitches() + " switches");
        assertEquals(counts[0], stats.stepsByRegime().get("calm"));
        // Stationary shares of the default chain: calm 0.699, volatile 0.291, crisis 0.0097.
        assertEquals(0.699, counts[0] / (double) steps, 0.05, "calm share");
        assertEquals(0.291, counts[1] / (double) steps, 0.05, "volatile share");
        assertEquals(0.0097, counts[2] / (double) steps, 0.004, "crisis share");

        double calmVol = Math.sqrt(sumSquares[0] / counts[0]);
        assertEquals(2.0, Math.sqrt(sumSquares[1] / counts[1]) / calmVol, 0.05, "volatile/calm volatility");
        assertEquals(4.0, Math.sqrt(sumSquares[2] / counts[2]) / calmVol, 0.25, "crisis/calm volatility");
    }

    private static double[] logReturns(SimulatedMarket market, String marketId, int steps) {
        long stepMillis = market.params().stepMillis();
        double[] returns = new double[steps];
        double previous = Math.log(market.quote(marketId, ORIGIN_MILLIS).priceUsd());
        for (int i = 1; i <= steps; i++) {
            double now = Math.log(market.quote(marketId, ORIGIN_MILLIS + i * stepMillis).priceUsd());
            returns[i - 1] = now - previous;
            previous = now;
        }
        return returns;
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return total;
    }

    private static double stdDev(double[] values) {
        return Math.sqrt(covariance(values, values));
    }

    private static double covariance(double[] a, double[] b) {
        double meanA = sum(a) / a.length;
        double meanB = sum(b) / b.length;
        double total = 0;
        for (int i = 0; i < a.length; i++) {
            total += (a[i] - meanA) * (b[i] - meanB);
        }
        return total / (a.length - 1);
    }
}
