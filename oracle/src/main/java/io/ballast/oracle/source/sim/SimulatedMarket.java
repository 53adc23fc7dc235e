package io.ballast.oracle.source.sim;

import io.ballast.core.ledger.Units;
import io.ballast.oracle.source.PriceQuote;
import io.ballast.oracle.source.PriceSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A seeded jump-diffusion price path for several correlated markets with volatility regimes
 * (see {@link SimulationParams}, {@link MarketSpec}, {@link RegimeChain}, {@link JumpParams}).
 *
 * <p>The path is a function of the parameters and the step index only: the source advances
 * lazily to the requested time in fixed steps, keeps the last {@value #HISTORY_STEPS} steps,
 * and replays from the origin when asked about an earlier time, so a quote never depends on
 * which times were asked before. The common factor and regimes draw from one stream, each
 * market's own noise from a stream derived from its id, so adding a market leaves the others'
 * paths unchanged. Thread-safe (synchronized).
 */
public final class SimulatedMarket implements PriceSource {
    public static final int HISTORY_STEPS = 4096;
    private static final double MAX_LOG_PRICE = StrictMath.log(Units.MAX_PRICE_USD);

    private final SimulationParams params;
    private final Map<String, Integer> ordinalByMarket = new HashMap<>();
    private final StepConstants[] constantsByRegime;
    private SimulatedPath path;

    public SimulatedMarket(SimulationParams params) {
        this.params = params;
        List<MarketSpec> markets = params.markets();
        for (int m = 0; m < markets.size(); m++) {
            ordinalByMarket.put(markets.get(m).marketId(), m);
        }
        List<Regime> regimes = params.regimes().regimes();
        constantsByRegime = new StepConstants[regimes.size()];
        for (int r = 0; r < regimes.size(); r++) {
            constantsByRegime[r] = StepConstants.of(params, regimes.get(r));
        }
        path = new SimulatedPath();
    }

    public SimulationParams params() {
        return params;
    }

    @Override
    public synchronized PriceQuote quote(String marketId, long timeMillis) {
        Integer market = ordinalByMarket.get(marketId);
        if (market == null) {
            throw new IllegalArgumentException("no simulated market " + marketId + "; markets are " + marketIds());
        }
        long step = stepAt(timeMillis);
        moveTo(step);
        return new PriceQuote(toPriceUsd(path.logPriceAt(market, step)), stepTimeMillis(step));
    }

    @Override
    public Set<String> marketIds() {
        Set<String> ids = new LinkedHashSet<>();
        params.markets().forEach(m -> ids.add(m.marketId()));
        return ids;
    }

    /**
     * The diffusion volatility of the regime in force: the market's total volatility per year at
     * regime multiplier 1, times the regime's multiplier (jumps not included).
     */
    @Override
    public synchronized java.util.OptionalLong volatilityPpm(String marketId, long timeMillis) {
        for (MarketSpec spec : params.markets()) {
            if (spec.marketId().equals(marketId)) {
                double vol = spec.totalVolPerYear(params.factorVolPerYear()) * regimeAt(timeMillis).volMultiplier();
                return java.util.OptionalLong.of(Math.max(1, Math.round(vol * 1_000_000)));
            }
        }
        throw new IllegalArgumentException("no market " + marketId);
    }

    /** The regime in force at {@code timeMillis} (it governs the step that follows). */
    public synchronized Regime regimeAt(long timeMillis) {
        long step = stepAt(timeMillis);
        moveTo(step);
        return params.regimes().regimes().get(path.regimeAt(step));
    }

    /** Counts of jumps, crashes and regime switches from the origin to {@code timeMillis}. */
    public synchronized SimulationStats statsAt(long timeMillis) {
        long step = stepAt(timeMillis);
        if (step < path.step) {
            path = new SimulatedPath();
        }
        moveTo(step);
        Map<String, Long> byRegime = new LinkedHashMap<>();
        List<Regime> regimes = params.regimes().regimes();
        for (int r = 0; r < regimes.size(); r++) {
            byRegime.merge(regimes.get(r).name(), path.stepsByRegime[r], Long::sum);
        }
        return new SimulationStats(path.step, path.jumps, path.crashes, path.regimeSwitches, byRegime,
                regimes.get(path.regime).name());
    }

    /** The step whose price is quoted at {@code timeMillis}; 0 before the origin. */
    public long stepAt(long timeMillis) {
        return Math.max(0, Math.floorDiv(Math.subtractExact(timeMillis, params.originMillis()), params.stepMillis()));
    }

    public long stepTimeMillis(long step) {
        return Math.addExact(params.originMillis(), Math.multiplyExact(step, params.stepMillis()));
    }

    private void moveTo(long step) {
        if (step < path.step && path.step - step >= HISTORY_STEPS) {
            path = new SimulatedPath();
        }
        long ahead = step - path.step;
        if (ahead > params.maxStepsPerQuery()) {
            throw new IllegalArgumentException("time is " + ahead + " steps ahead of the simulated path, more than "
                    + params.maxStepsPerQuery() + " allowed per quote");
        }
        while (path.step < step) {
            path.advance();
        }
    }

    private static long toPriceUsd(double logPriceUsd) {
        if (logPriceUsd >= MAX_LOG_PRICE) {
            return Units.MAX_PRICE_USD; // exp(log(max)) may round just below it
        }
        long price = Math.round(StrictMath.exp(logPriceUsd));
        return Math.min(Units.MAX_PRICE_USD, Math.max(1, price));
    }

    /** Per-regime constants of one step, computed once. */
    private record StepConstants(
            double factorSigmaSqrtStep, double expMinusJumpsPerStep, double leaveProbability,
            double[] driftPerStep, double[] idiosyncraticSigmaSqrtStep) {

        static StepConstants of(SimulationParams params, Regime regime) {
            double stepYears = params.stepYears();
            double sqrtStep = StrictMath.sqrt(stepYears);
            double multiplier = regime.volMultiplier();
            int count = params.markets().size();
            double[] drift = new double[count];
            double[] idiosyncratic = new double[count];
            for (int m = 0; m < count; m++) {
                MarketSpec spec = params.markets().get(m);
                double sigma = spec.totalVolPerYear(params.factorVolPerYear()) * multiplier;
                drift[m] = (spec.driftPerYear() - 0.5 * sigma * sigma) * stepYears;
                idiosyncratic[m] = spec.idiosyncraticVolPerYear() * multiplier * sqrtStep;
            }
            double jumpsPerStep = params.jumps().ratePerYear() * regime.jumpRateMultiplier() * stepYears;
            double leave = -StrictMath.expm1(-(double) params.stepMillis() / regime.meanDurationMillis());
            return new StepConstants(params.factorVolPerYear() * multiplier * sqrtStep, StrictMath.exp(-jumpsPerStep),
                    leave, drift, idiosyncratic);
        }
    }

    /** The mutable walk: current step, regime, log prices, a ring of recent steps, counters. */
    private final class SimulatedPath {
        long step;
        int regime;
        long jumps;
        long crashes;
        long regimeSwitches;
        final long[] stepsByRegime = new long[constantsByRegime.length];
        private final double[] logPriceUsd;
        private final SplitMix64 common = new SplitMix64(SplitMix64.derive(params.seed(), "common-factor"));
        private final SplitMix64[] idiosyncratic;
        private final double[][] recentLogPriceUsd;
        private final int[] recentRegime = new int[HISTORY_STEPS];

        SimulatedPath() {
            List<MarketSpec> markets = params.markets();
            logPriceUsd = new double[markets.size()];
            idiosyncratic = new SplitMix64[markets.size()];
            recentLogPriceUsd = new double[markets.size()][HISTORY_STEPS];
            for (int m = 0; m < markets.size(); m++) {
                logPriceUsd[m] = StrictMath.log(markets.get(m).startPriceUsd());
                idiosyncratic[m] = new SplitMix64(SplitMix64.derive(params.seed(), "market/" + markets.get(m).marketId()));
            }
            record(0);
        }

        double logPriceAt(int market, long atStep) {
            return recentLogPriceUsd[market][slot(atStep)];
        }

        int regimeAt(long atStep) {
            return recentRegime[slot(atStep)];
        }

        void advance() {
            StepConstants c = constantsByRegime[regime];
            double factorMove = c.factorSigmaSqrtStep() * common.nextGaussian() + drawJumps(c);
            for (int m = 0; m < logPriceUsd.length; m++) {
                MarketSpec spec = params.markets().get(m);
                double move = c.driftPerStep()[m] + spec.factorBeta() * factorMove
                        + c.idiosyncraticSigmaSqrtStep()[m] * idiosyncratic[m].nextGaussian();
                logPriceUsd[m] = Math.min(MAX_LOG_PRICE, Math.max(0.0, logPriceUsd[m] + move));
            }
            stepsByRegime[regime]++;
            if (constantsByRegime.length > 1 && common.nextDouble() < c.leaveProbability()) {
                regime = params.regimes().next(regime, common.nextDouble());
                regimeSwitches++;
            }
            step++;
            record(step);
        }

        private double drawJumps(StepConstants c) {
            JumpParams jp = params.jumps();
            int arrivals = common.nextPoisson(c.expMinusJumpsPerStep());
            double total = 0;
            for (int i = 0; i < arrivals; i++) {
                if (common.nextDouble() < jp.crashProbability()) {
                    total += jp.crashMeanLogSize() + jp.crashLogSizeStdDev() * common.nextGaussian();
                    crashes++;
                } else {
                    total += jp.meanLogSize() + jp.logSizeStdDev() * common.nextGaussian();
                }
            }
            jumps += arrivals;
            return total;
        }

        private void record(long atStep) {
            int slot = slot(atStep);
            for (int m = 0; m < logPriceUsd.length; m++) {
                recentLogPriceUsd[m][slot] = logPriceUsd[m];
            }
            recentRegime[slot] = regime;
        }

        private int slot(long atStep) {
            return (int) (atStep % HISTORY_STEPS);
        }
    }
}
