package io.ballast.core.ledger;

import io.ballast.core.oracle.OracleRuleParams;

/**
 * Per-market parameters, fixed in genesis.
 *
 * @param id                                market id, e.g. "BTC-PERP"
 * @param initialMarginPpm                  IM = notional × this
 * @param maintenanceMarginPpm              MM = notional × this (≤ IM)
 * @param maxOpenInterestE8                 cap on Σ long sizes and, separately, Σ short sizes
 * @param baseSpreadPpm                     constant half-spread around the index
 * @param volatilityPpmPerSqrtSecond        σ: expected price move per √second, ppm
 * @param spreadVolatilityMultiplierPpm     k (1_000_000 = 1.0): spread += k·σ·√(index age + recent finality)
 * @param skewImpactScaleUsd                price impact = |skew notional after trade| / this (only if the trade
 *                                          moves the skew further in its own direction)
 * @param maxSpreadPpm                      cap on spread + impact (&lt; 100%)
 * @param fundingIntervalMillis             funding is charged at each multiple of this after genesis time
 * @param fundingFactorPpb                  rate per interval = skew/OI × this (longs pay when positive)
 * @param maxFundingRatePpb                 |rate per interval| cap
 * @param liquidationFeePpm                 fee on liquidated notional, taken from the liquidated collateral
 * @param liquidatorSharePpm                share of that fee for the keeper; the rest goes to insurance
 * @param liquidationBaseSlippagePpm        slippage of a liquidation fill below (long) / above (short) the mark
 * @param liquidationSizeSlippagePpm        + this × closed notional / pool cash
 * @param liquidationCongestionSlippagePpm  + this × block congestion
 * @param maxLiquidationSlippagePpm         cap on the sum
 * @param stressBufferPpm                   safe mode: positions valued at last fresh price moved this much against them
 * @param oracle                            the aggregation rule's parameters
 * @param initialIndexPriceUsd              0 = none; else every operator's report is seeded with it at genesis time
 */
public record MarketParams(String id, long initialMarginPpm, long maintenanceMarginPpm, long maxOpenInterestE8,
                           long baseSpreadPpm, long volatilityPpmPerSqrtSecond, long spreadVolatilityMultiplierPpm,
                           long skewImpactScaleUsd, long maxSpreadPpm, long fundingIntervalMillis,
                           long fundingFactorPpb, long maxFundingRatePpb, long liquidationFeePpm,
                           long liquidatorSharePpm, long liquidationBaseSlippagePpm, long liquidationSizeSlippagePpm,
                           long liquidationCongestionSlippagePpm, long maxLiquidationSlippagePpm, long stressBufferPpm,
                           OracleRuleParams oracle, long initialIndexPriceUsd) {
    /** 1% per interval: bounds the growth of the funding index (see README, known limits). */
    public static final long MAX_FUNDING_RATE_PPB = 10_000_000;

    public MarketParams {
        new io.ballast.core.ledger.tx.TxBody.Trade(id, 0, 0); // validates the id's length
        requirePpm("initialMarginPpm", initialMarginPpm, 1, Units.PPM);
        requirePpm("maintenanceMarginPpm", maintenanceMarginPpm, 1, initialMarginPpm);
        require("maxOpenInterestE8", maxOpenInterestE8 >= 0);
        requirePpm("baseSpreadPpm", baseSpreadPpm, 0, Units.PPM - 1);
        require("volatilityPpmPerSqrtSecond", volatilityPpmPerSqrtSecond >= 0 && volatilityPpmPerSqrtSecond <= Units.PPM);
        requirePpm("spreadVolatilityMultiplierPpm", spreadVolatilityMultiplierPpm, 0, 100 * Units.PPM);
        require("skewImpactScaleUsd", skewImpactScaleUsd > 0);
        requirePpm("maxSpreadPpm", maxSpreadPpm, 0, Units.PPM - 1);
        require("fundingIntervalMillis", fundingIntervalMillis > 0);
        require("fundingFactorPpb", fundingFactorPpb >= 0 && fundingFactorPpb <= Units.PPB);
        require("maxFundingRatePpb", maxFundingRatePpb >= 0 && maxFundingRatePpb <= MAX_FUNDING_RATE_PPB);
        requirePpm("liquidationFeePpm", liquidationFeePpm, 0, Units.PPM);
        requirePpm("liquidatorSharePpm", liquidatorSharePpm, 0, Units.PPM);
        requirePpm("liquidationBaseSlippagePpm", liquidationBaseSlippagePpm, 0, Units.PPM - 1);
        requirePpm("liquidationSizeSlippagePpm", liquidationSizeSlippagePpm, 0, Units.PPM);
        requirePpm("liquidationCongestionSlippagePpm", liquidationCongestionSlippagePpm, 0, Units.PPM);
        requirePpm("maxLiquidationSlippagePpm", maxLiquidationSlippagePpm, 0, Units.PPM - 1);
        requirePpm("stressBufferPpm", stressBufferPpm, 0, Units.PPM - 1);
        require("oracle", oracle != null);
        require("initialIndexPriceUsd", initialIndexPriceUsd >= 0 && initialIndexPriceUsd <= Units.MAX_PRICE_USD);
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** A copy with a different id etc.: start a builder from these values. */
    public Builder toBuilder() {
        Builder b = new Builder(id);
        b.initialMarginPpm = initialMarginPpm;
        b.maintenanceMarginPpm = maintenanceMarginPpm;
        b.maxOpenInterestE8 = maxOpenInterestE8;
        b.baseSpreadPpm = baseSpreadPpm;
        b.volatilityPpmPerSqrtSecond = volatilityPpmPerSqrtSecond;
        b.spreadVolatilityMultiplierPpm = spreadVolatilityMultiplierPpm;
        b.skewImpactScaleUsd = skewImpactScaleUsd;
        b.maxSpreadPpm = maxSpreadPpm;
        b.fundingIntervalMillis = fundingIntervalMillis;
        b.fundingFactorPpb = fundingFactorPpb;
        b.maxFundingRatePpb = maxFundingRatePpb;
        b.liquidationFeePpm = liquidationFeePpm;
        b.liquidatorSharePpm = liquidatorSharePpm;
        b.liquidationBaseSlippagePpm = liquidationBaseSlippagePpm;
        b.liquidationSizeSlippagePpm = liquidationSizeSlippagePpm;
        b.liquidationCongestionSlippagePpm = liquidationCongestionSlippagePpm;
        b.maxLiquidationSlippagePpm = maxLiquidationSlippagePpm;
        b.stressBufferPpm = stressBufferPpm;
        b.oracle = oracle;
        b.initialIndexPriceUsd = initialIndexPriceUsd;
        return b;
    }

    private static void requirePpm(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be within " + min + ".." + max + ", got " + value);
        }
    }

    private static void require(String name, boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException("invalid market parameter " + name);
        }
    }

    /** Defaults are a plausible BTC-like market: 10x max leverage, 1-hour funding, 3 of n oracle reports within 10 s. */
    public static final class Builder {
        private String id;
        private long initialMarginPpm = 100_000;
        private long maintenanceMarginPpm = 50_000;
        private long maxOpenInterestE8 = 1_000 * Units.SIZE_SCALE;
        private long baseSpreadPpm = 500;
        private long volatilityPpmPerSqrtSecond = 100;
        private long spreadVolatilityMultiplierPpm = 1_000_000;
        private long skewImpactScaleUsd = 1_000_000_000 * Units.USD_SCALE;
        private long maxSpreadPpm = 50_000;
        private long fundingIntervalMillis = 3_600_000;
        private long fundingFactorPpb = 1_000_000;
        private long maxFundingRatePpb = 500_000;
        private long liquidationFeePpm = 10_000;
        private long liquidatorSharePpm = 500_000;
        private long liquidationBaseSlippagePpm = 1_000;
        private long liquidationSizeSlippagePpm = 100_000;
        private long liquidationCongestionSlippagePpm = 5_000;
        private long maxLiquidationSlippagePpm = 50_000;
        private long stressBufferPpm = 100_000;
        private OracleRuleParams oracle = new OracleRuleParams(1, 10_000, 3_000_000);
        private long initialIndexPriceUsd;

        private Builder(String id) {
            this.id = id;
        }

        public Builder id(String v) { id = v; return this; }
        public Builder margins(long initialPpm, long maintenancePpm) { initialMarginPpm = initialPpm; maintenanceMarginPpm = maintenancePpm; return this; }
        public Builder maxOpenInterestE8(long v) { maxOpenInterestE8 = v; return this; }
        public Builder baseSpreadPpm(long v) { baseSpreadPpm = v; return this; }
        public Builder volatility(long ppmPerSqrtSecond, long multiplierPpm) { volatilityPpmPerSqrtSecond = ppmPerSqrtSecond; spreadVolatilityMultiplierPpm = multiplierPpm; return this; }
        public Builder skewImpactScaleUsd(long v) { skewImpactScaleUsd = v; return this; }
        public Builder maxSpreadPpm(long v) { maxSpreadPpm = v; return this; }
        public Builder funding(long intervalMillis, long factorPpb, long maxRatePpb) { fundingIntervalMillis = intervalMillis; fundingFactorPpb = factorPpb; maxFundingRatePpb = maxRatePpb; return this; }
        public Builder liquidationFee(long feePpm, long liquidatorSharePpm) { liquidationFeePpm = feePpm; this.liquidatorSharePpm = liquidatorSharePpm; return this; }
        public Builder liquidationSlippage(long basePpm, long sizePpm, long congestionPpm, long maxPpm) { liquidationBaseSlippagePpm = basePpm; liquidationSizeSlippagePpm = sizePpm; liquidationCongestionSlippagePpm = congestionPpm; maxLiquidationSlippagePpm = maxPpm; return this; }
        public Builder stressBufferPpm(long v) { stressBufferPpm = v; return this; }
        public Builder oracle(OracleRuleParams v) { oracle = v; return this; }
        public Builder initialIndexPriceUsd(long v) { initialIndexPriceUsd = v; return this; }

        public MarketParams build() {
            return new MarketParams(id, initialMarginPpm, maintenanceMarginPpm, maxOpenInterestE8, baseSpreadPpm,
                    volatilityPpmPerSqrtSecond, spreadVolatilityMultiplierPpm, skewImpactScaleUsd, maxSpreadPpm,
                    fundingIntervalMillis, fundingFactorPpb, maxFundingRatePpb, liquidationFeePpm, liquidatorSharePpm,
                    liquidationBaseSlippagePpm, liquidationSizeSlippagePpm, liquidationCongestionSlippagePpm,
                    maxLiquidationSlippagePpm, stressBufferPpm, oracle, initialIndexPriceUsd);
        }
    }
}
