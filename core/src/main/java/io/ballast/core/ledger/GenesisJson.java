package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.json.Json;
import io.ballast.core.json.JsonException;
import io.ballast.core.json.JsonFields;
import io.ballast.core.math.Fixed;
import io.ballast.core.oracle.OracleRuleParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Strict JSON for {@link Genesis}: amounts as decimal strings, ratios and times as integers, unknown fields rejected. */
final class GenesisJson {
    private static final Set<String> TOP = Set.of("chainId", "genesisTimeMillis", "validators", "oracleOperators",
            "collateralAuthority", "insuranceFundUsd", "poolLiquidityUsd", "limits", "markets", "options", "consensus",
            "staking", "bridge");
    private static final Set<String> BRIDGE = Set.of("attestors", "threshold");
    private static final Set<String> STAKING = Set.of("minBondUsd", "maxValidators", "unbondingPeriodBlocks",
            "equivocationSlashPpm", "downtimeWindowBlocks", "downtimeMaxMissedPpm", "downtimeSlashPpm", "jailBlocks",
            "rewardSharePpm");
    private static final Set<String> VALIDATOR = Set.of("key", "stake");
    private static final Set<String> LIMITS = Set.of("maxTransactionsPerBlock", "maxLiquidationsPerBlock", "maxAccounts",
            "maxAdlPerLiquidation", "maxReportFutureMillis", "poolReserveRatioPpm");
    private static final Set<String> CONSENSUS = Set.of("maxBlockBytes", "maxTxBytes", "maxBlockEvidence",
            "epochLengthBlocks", "reputationWindowBlocks");
    private static final Set<String> ORACLE = Set.of("minFreshReports", "maxAgeMillis", "outlierMadPpm");
    private static final Set<String> MARKET = Set.of("id", "initialMarginPpm", "maintenanceMarginPpm", "maxOpenInterest",
            "baseSpreadPpm", "volatilityPpmPerSqrtSecond", "spreadVolatilityMultiplierPpm", "skewImpactScaleUsd",
            "maxSpreadPpm", "fundingIntervalMillis", "fundingFactorPpb", "maxFundingRatePpb", "liquidationFeePpm",
            "liquidatorSharePpm", "liquidationBaseSlippagePpm", "liquidationSizeSlippagePpm",
            "liquidationCongestionSlippagePpm", "maxLiquidationSlippagePpm", "stressBufferPpm", "oracle",
            "initialIndexPriceUsd");

    private static final Set<String> OPTIONS = Set.of("maxLiveSeries", "maxOptionPositionsPerAccount", "ratePpm", "markets",
            "series");
    private static final Set<String> OPTION_MARKET = Set.of("market", "volOracle", "initialVolPpm", "baseSpreadPpm",
            "minSpreadPpmOfIndex", "maxOpenInterest", "scanSteps", "volUpPpm", "volDownPpm", "volShockReferenceMillis",
            "volShockShortPowerPpm", "volShockLongPowerPpm", "extremeMoveMultiplePpm", "extremeWeightPpm",
            "initialMarginMultiplierPpm", "shortOptionFloorPpm", "liquidationFeePpmOfIndex", "liquidationGuardSigmasPpm",
            "liquidationGuardVolPpm", "settlementWindowMillis", "minSettlementCoveragePpm", "maxListingHorizonMillis");
    private static final Set<String> SERIES = Set.of("market", "expiryMillis", "strikeUsd", "type", "contractSize");

    private GenesisJson() {}

    static Genesis parse(String json) {
        JsonFields g = new JsonFields("genesis", Json.parse(json)).allowOnly(TOP);
        try {
            List<ValidatorInfo> validators = new ArrayList<>();
            for (Object v : g.array("validators")) {
                JsonFields f = new JsonFields("genesis.validators[]", v).allowOnly(VALIDATOR);
                validators.add(new ValidatorInfo(Bytes32.fromHex(f.string("key")), f.integer("stake")));
            }
            List<Bytes32> operators = new ArrayList<>();
            for (Object o : g.array("oracleOperators")) {
                if (!(o instanceof String hex)) {
                    throw new JsonException("genesis.oracleOperators: expected hex strings");
                }
                operators.add(Bytes32.fromHex(hex));
            }
            JsonFields l = g.object("limits").allowOnly(LIMITS);
            LedgerLimits limits = new LedgerLimits(intField(l, "maxTransactionsPerBlock"), intField(l, "maxLiquidationsPerBlock"),
                    intField(l, "maxAccounts"), intField(l, "maxAdlPerLiquidation"), l.integer("maxReportFutureMillis"),
                    l.integer("poolReserveRatioPpm"));
            List<MarketParams> markets = new ArrayList<>();
            for (Object m : g.array("markets")) {
                markets.add(market(new JsonFields("genesis.markets[]", m).allowOnly(MARKET)));
            }
            OptionsConfig options = g.has("options") ? options(g.object("options").allowOnly(OPTIONS)) : OptionsConfig.NONE;
            ConsensusParams consensus = g.has("consensus") ? consensus(g.object("consensus").allowOnly(CONSENSUS))
                    : ConsensusParams.DEFAULT;
            StakingParams staking = g.has("staking") ? staking(g.object("staking").allowOnly(STAKING)) : StakingParams.NONE;
            BridgeParams bridge = g.has("bridge") ? bridge(g.object("bridge").allowOnly(BRIDGE)) : BridgeParams.NONE;
            return new Genesis(g.string("chainId"), g.integer("genesisTimeMillis"), validators, operators,
                    Bytes32.fromHex(g.string("collateralAuthority")), g.decimal("insuranceFundUsd", 6),
                    g.decimal("poolLiquidityUsd", 6), limits, markets, options, consensus, staking, bridge);
        } catch (IllegalArgumentException invalid) {
            throw new JsonException("genesis: " + invalid.getMessage());
        }
    }

    private static StakingParams staking(JsonFields f) {
        StakingParams params = new StakingParams(f.decimal("minBondUsd", 6), intField(f, "maxValidators"),
                f.integer("unbondingPeriodBlocks"), f.integer("equivocationSlashPpm"),
                f.integer("downtimeWindowBlocks"), f.integer("downtimeMaxMissedPpm"), f.integer("downtimeSlashPpm"),
                f.integer("jailBlocks"), f.integer("rewardSharePpm"));
        if (!params.enabled()) {
            throw new JsonException("genesis.staking: leave the object out for a chain without staking");
        }
        return params;
    }

    private static Map<String, Object> staking(StakingParams params) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("minBondUsd", usd(params.minBondUsd()));
        m.put("maxValidators", params.maxValidators());
        m.put("unbondingPeriodBlocks", params.unbondingPeriodBlocks());
        m.put("equivocationSlashPpm", params.equivocationSlashPpm());
        m.put("downtimeWindowBlocks", params.downtimeWindowBlocks());
        m.put("downtimeMaxMissedPpm", params.downtimeMaxMissedPpm());
        m.put("downtimeSlashPpm", params.downtimeSlashPpm());
        m.put("jailBlocks", params.jailBlocks());
        m.put("rewardSharePpm", params.rewardSharePpm());
        return m;
    }

    private static BridgeParams bridge(JsonFields f) {
        List<Bytes32> attestors = new ArrayList<>();
        for (Object a : f.array("attestors")) {
            if (!(a instanceof String hex)) {
                throw new JsonException("genesis.bridge.attestors: expected hex strings");
            }
            attestors.add(Bytes32.fromHex(hex));
        }
        BridgeParams params = new BridgeParams(attestors, intField(f, "threshold"));
        if (!params.enabled()) {
            throw new JsonException("genesis.bridge: leave the object out for deposits by the collateral authority");
        }
        return params;
    }

    private static ConsensusParams consensus(JsonFields f) {
        return new ConsensusParams(intField(f, "maxBlockBytes"), intField(f, "maxTxBytes"), intField(f, "maxBlockEvidence"),
                intField(f, "epochLengthBlocks"), intField(f, "reputationWindowBlocks"));
    }

    private static MarketParams market(JsonFields f) {
        JsonFields o = f.object("oracle").allowOnly(ORACLE);
        return new MarketParams(f.string("id"), f.integer("initialMarginPpm"), f.integer("maintenanceMarginPpm"),
                f.decimal("maxOpenInterest", 8), f.integer("baseSpreadPpm"), f.integer("volatilityPpmPerSqrtSecond"),
                f.integer("spreadVolatilityMultiplierPpm"), f.decimal("skewImpactScaleUsd", 6), f.integer("maxSpreadPpm"),
                f.integer("fundingIntervalMillis"), f.integer("fundingFactorPpb"), f.integer("maxFundingRatePpb"),
                f.integer("liquidationFeePpm"), f.integer("liquidatorSharePpm"), f.integer("liquidationBaseSlippagePpm"),
                f.integer("liquidationSizeSlippagePpm"), f.integer("liquidationCongestionSlippagePpm"),
                f.integer("maxLiquidationSlippagePpm"), f.integer("stressBufferPpm"),
                new OracleRuleParams(intField(o, "minFreshReports"), o.integer("maxAgeMillis"), o.integer("outlierMadPpm")),
                f.has("initialIndexPriceUsd") ? f.decimal("initialIndexPriceUsd", 6) : 0);
    }

    private static OptionsConfig options(JsonFields f) {
        List<OptionMarketParams> markets = new ArrayList<>();
        for (Object m : f.array("markets")) {
            JsonFields o = new JsonFields("genesis.options.markets[]", m).allowOnly(OPTION_MARKET);
            JsonFields v = o.object("volOracle").allowOnly(ORACLE);
            markets.add(new OptionMarketParams(o.string("market"),
                    new OracleRuleParams(intField(v, "minFreshReports"), v.integer("maxAgeMillis"), v.integer("outlierMadPpm")),
                    o.integer("initialVolPpm"), o.integer("baseSpreadPpm"), o.integer("minSpreadPpmOfIndex"),
                    o.decimal("maxOpenInterest", 8), intField(o, "scanSteps"), o.integer("volUpPpm"), o.integer("volDownPpm"),
                    o.integer("volShockReferenceMillis"), o.integer("volShockShortPowerPpm"), o.integer("volShockLongPowerPpm"),
                    o.integer("extremeMoveMultiplePpm"), o.integer("extremeWeightPpm"), o.integer("initialMarginMultiplierPpm"),
                    o.integer("shortOptionFloorPpm"), o.integer("liquidationFeePpmOfIndex"),
                    o.integer("liquidationGuardSigmasPpm"), o.integer("liquidationGuardVolPpm"),
                    o.integer("settlementWindowMillis"), o.integer("minSettlementCoveragePpm"),
                    o.integer("maxListingHorizonMillis")));
        }
        List<OptionSeriesSpec> series = new ArrayList<>();
        for (Object s : f.array("series")) {
            JsonFields o = new JsonFields("genesis.options.series[]", s).allowOnly(SERIES);
            series.add(new OptionSeriesSpec(o.string("market"), o.integer("expiryMillis"), o.decimal("strikeUsd", 6),
                    io.ballast.core.options.OptionType.parse(o.string("type")), o.decimal("contractSize", 8)));
        }
        return new OptionsConfig(markets, series, intField(f, "maxLiveSeries"), intField(f, "maxOptionPositionsPerAccount"),
                f.integer("ratePpm"));
    }

    private static Map<String, Object> options(OptionsConfig options) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("maxLiveSeries", options.maxLiveSeries());
        top.put("maxOptionPositionsPerAccount", options.maxOptionPositionsPerAccount());
        top.put("ratePpm", options.ratePpm());
        List<Object> markets = new ArrayList<>();
        for (OptionMarketParams p : options.markets()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("market", p.marketId());
            Map<String, Object> oracle = new LinkedHashMap<>();
            oracle.put("minFreshReports", p.volOracle().minFreshReports());
            oracle.put("maxAgeMillis", p.volOracle().maxAgeMillis());
            oracle.put("outlierMadPpm", p.volOracle().outlierMadPpm());
            m.put("volOracle", oracle);
            m.put("initialVolPpm", p.initialVolPpm());
            m.put("baseSpreadPpm", p.baseSpreadPpm());
            m.put("minSpreadPpmOfIndex", p.minSpreadPpmOfIndex());
            m.put("maxOpenInterest", Fixed.formatDecimal(p.maxOpenInterestE8(), 8));
            m.put("scanSteps", p.scanSteps());
            m.put("volUpPpm", p.volUpPpm());
            m.put("volDownPpm", p.volDownPpm());
            m.put("volShockReferenceMillis", p.volShockReferenceMillis());
            m.put("volShockShortPowerPpm", p.volShockShortPowerPpm());
            m.put("volShockLongPowerPpm", p.volShockLongPowerPpm());
            m.put("extremeMoveMultiplePpm", p.extremeMoveMultiplePpm());
            m.put("extremeWeightPpm", p.extremeWeightPpm());
            m.put("initialMarginMultiplierPpm", p.initialMarginMultiplierPpm());
            m.put("shortOptionFloorPpm", p.shortOptionFloorPpm());
            m.put("liquidationFeePpmOfIndex", p.liquidationFeePpmOfIndex());
            m.put("liquidationGuardSigmasPpm", p.liquidationGuardSigmasPpm());
            m.put("liquidationGuardVolPpm", p.liquidationGuardVolPpm());
            m.put("settlementWindowMillis", p.settlementWindowMillis());
            m.put("minSettlementCoveragePpm", p.minSettlementCoveragePpm());
            m.put("maxListingHorizonMillis", p.maxListingHorizonMillis());
            markets.add(m);
        }
        top.put("markets", markets);
        List<Object> series = new ArrayList<>();
        for (OptionSeriesSpec spec : options.series()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("market", spec.marketId());
            m.put("expiryMillis", spec.expiryMillis());
            m.put("strikeUsd", usd(spec.strikeUsd()));
            m.put("type", spec.type().name().toLowerCase(java.util.Locale.ROOT));
            m.put("contractSize", Fixed.formatDecimal(spec.contractSizeE8(), 8));
            series.add(m);
        }
        top.put("series", series);
        return top;
    }

    static String write(Genesis genesis) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("chainId", genesis.chainId());
        top.put("genesisTimeMillis", genesis.genesisTimeMillis());
        List<Object> validators = new ArrayList<>();
        for (ValidatorInfo v : genesis.validators()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", v.key().toHex());
            m.put("stake", v.stake());
            validators.add(m);
        }
        top.put("validators", validators);
        top.put("oracleOperators", genesis.oracleOperators().stream().map(Bytes32::toHex).toList());
        top.put("collateralAuthority", genesis.collateralAuthority().toHex());
        top.put("insuranceFundUsd", usd(genesis.insuranceFundUsd()));
        top.put("poolLiquidityUsd", usd(genesis.poolLiquidityUsd()));
        LedgerLimits l = genesis.limits();
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("maxTransactionsPerBlock", l.maxTransactionsPerBlock());
        limits.put("maxLiquidationsPerBlock", l.maxLiquidationsPerBlock());
        limits.put("maxAccounts", l.maxAccounts());
        limits.put("maxAdlPerLiquidation", l.maxAdlPerLiquidation());
        limits.put("maxReportFutureMillis", l.maxReportFutureMillis());
        limits.put("poolReserveRatioPpm", l.poolReserveRatioPpm());
        top.put("limits", limits);
        ConsensusParams c = genesis.consensus();
        Map<String, Object> consensus = new LinkedHashMap<>();
        consensus.put("maxBlockBytes", c.maxBlockBytes());
        consensus.put("maxTxBytes", c.maxTxBytes());
        consensus.put("maxBlockEvidence", c.maxBlockEvidence());
        consensus.put("epochLengthBlocks", c.epochLengthBlocks());
        consensus.put("reputationWindowBlocks", c.reputationWindowBlocks());
        top.put("consensus", consensus);
        List<Object> markets = new ArrayList<>();
        for (MarketParams p : genesis.markets()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("initialMarginPpm", p.initialMarginPpm());
            m.put("maintenanceMarginPpm", p.maintenanceMarginPpm());
            m.put("maxOpenInterest", Fixed.formatDecimal(p.maxOpenInterestE8(), 8));
            m.put("baseSpreadPpm", p.baseSpreadPpm());
            m.put("volatilityPpmPerSqrtSecond", p.volatilityPpmPerSqrtSecond());
            m.put("spreadVolatilityMultiplierPpm", p.spreadVolatilityMultiplierPpm());
            m.put("skewImpactScaleUsd", usd(p.skewImpactScaleUsd()));
            m.put("maxSpreadPpm", p.maxSpreadPpm());
            m.put("fundingIntervalMillis", p.fundingIntervalMillis());
            m.put("fundingFactorPpb", p.fundingFactorPpb());
            m.put("maxFundingRatePpb", p.maxFundingRatePpb());
            m.put("liquidationFeePpm", p.liquidationFeePpm());
            m.put("liquidatorSharePpm", p.liquidatorSharePpm());
            m.put("liquidationBaseSlippagePpm", p.liquidationBaseSlippagePpm());
            m.put("liquidationSizeSlippagePpm", p.liquidationSizeSlippagePpm());
            m.put("liquidationCongestionSlippagePpm", p.liquidationCongestionSlippagePpm());
            m.put("maxLiquidationSlippagePpm", p.maxLiquidationSlippagePpm());
            m.put("stressBufferPpm", p.stressBufferPpm());
            Map<String, Object> oracle = new LinkedHashMap<>();
            oracle.put("minFreshReports", p.oracle().minFreshReports());
            oracle.put("maxAgeMillis", p.oracle().maxAgeMillis());
            oracle.put("outlierMadPpm", p.oracle().outlierMadPpm());
            m.put("oracle", oracle);
            if (p.initialIndexPriceUsd() > 0) {
                m.put("initialIndexPriceUsd", usd(p.initialIndexPriceUsd()));
            }
            markets.add(m);
        }
        top.put("markets", markets);
        if (genesis.options().enabled()) {
            top.put("options", options(genesis.options()));
        }
        if (genesis.bridge().enabled()) {
            Map<String, Object> bridge = new LinkedHashMap<>();
            bridge.put("attestors", genesis.bridge().attestors().stream().map(Bytes32::toHex).toList());
            bridge.put("threshold", genesis.bridge().threshold());
            top.put("bridge", bridge);
        }
        if (genesis.staking().enabled()) {
            top.put("staking", staking(genesis.staking()));
        }
        return Json.write(top);
    }

    private static int intField(JsonFields f, String name) {
        long value = f.integer(name);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new JsonException(name + ": out of int range");
        }
        return (int) value;
    }

    private static String usd(long micro) {
        return Fixed.formatDecimal(micro, 6);
    }
}
