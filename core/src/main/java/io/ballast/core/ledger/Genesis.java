package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.oracle.OracleRuleParams;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The chain's starting point: everything {@link LedgerState#fromGenesis} needs. Its canonical
 * encoding is the state's configuration leaf. Keys come from outside (the CLI generates them, tests
 * use {@code Ed25519.keyPairFromLabel}); core never draws randomness.
 *
 * @param insuranceFundUsd  initial insurance fund (counts as an external deposit)
 * @param poolLiquidityUsd  initial pool cash, as LP shares owned by the protocol (1 share per micro-USD)
 * @param options           options on the markets' indices ({@link OptionsConfig#NONE}: perpetuals only)
 * @param consensus         the consensus parameters every validator must share
 * @param staking           bonded stake and elections ({@link StakingParams#NONE}: the genesis set is fixed); with
 *                          staking, each validator's stake is its genesis bond in micro-USD, and elections follow
 *                          the consensus epochs
 * @param bridge            the attestors whose M-of-N signatures mint collateral ({@link BridgeParams#NONE}: the
 *                          collateral authority alone signs deposits)
 */
public record Genesis(String chainId, long genesisTimeMillis, List<ValidatorInfo> validators,
                      List<Bytes32> oracleOperators, Bytes32 collateralAuthority, long insuranceFundUsd,
                      long poolLiquidityUsd, LedgerLimits limits, List<MarketParams> markets, OptionsConfig options,
                      ConsensusParams consensus, StakingParams staking, BridgeParams bridge) {
    public static final int MAX_MARKETS = 64;
    public static final int MAX_VALIDATORS = 1_000;
    public static final int MAX_ORACLE_OPERATORS = 64;
    public static final int MAX_CHAIN_ID_BYTES = 64;

    public Genesis {
        validators = List.copyOf(validators);
        oracleOperators = List.copyOf(oracleOperators);
        markets = List.copyOf(markets);
        if (chainId == null || chainId.isEmpty() || chainId.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_CHAIN_ID_BYTES) {
            throw new IllegalArgumentException("chain id must have 1.." + MAX_CHAIN_ID_BYTES + " bytes");
        }
        if (collateralAuthority == null || limits == null) {
            throw new IllegalArgumentException("collateral authority and limits are required");
        }
        if (insuranceFundUsd < 0 || poolLiquidityUsd < 0 || genesisTimeMillis < 0) {
            throw new IllegalArgumentException("negative genesis amount or time");
        }
        if (validators.size() > MAX_VALIDATORS || oracleOperators.size() > MAX_ORACLE_OPERATORS
                || markets.isEmpty() || markets.size() > MAX_MARKETS) {
            throw new IllegalArgumentException("genesis needs 1.." + MAX_MARKETS + " markets, at most "
                    + MAX_VALIDATORS + " validators and " + MAX_ORACLE_OPERATORS + " oracle operators");
        }
        requireDistinct(validators.stream().map(ValidatorInfo::key).toList(), "validator key");
        requireDistinct(oracleOperators, "oracle operator");
        requireDistinct(markets.stream().map(MarketParams::id).toList(), "market id");
        if (options == null || consensus == null) {
            throw new IllegalArgumentException("options and consensus parameters are required (OptionsConfig.NONE, "
                    + "ConsensusParams.DEFAULT)");
        }
        checkOptions(markets, options, genesisTimeMillis);
        if (staking == null) {
            throw new IllegalArgumentException("staking params are required (StakingParams.NONE for none)");
        }
        checkStaking(validators, staking, consensus);
        if (bridge == null) {
            throw new IllegalArgumentException("bridge params are required (BridgeParams.NONE for none)");
        }
    }

    /** A genesis without a bridge (the collateral authority signs deposits). */
    public Genesis(String chainId, long genesisTimeMillis, List<ValidatorInfo> validators, List<Bytes32> oracleOperators,
                   Bytes32 collateralAuthority, long insuranceFundUsd, long poolLiquidityUsd, LedgerLimits limits,
                   List<MarketParams> markets, OptionsConfig options, ConsensusParams consensus, StakingParams staking) {
        this(chainId, genesisTimeMillis, validators, oracleOperators, collateralAuthority, insuranceFundUsd,
                poolLiquidityUsd, limits, markets, options, consensus, staking, BridgeParams.NONE);
    }

    /** A genesis without staking (the validator set is fixed). */
    public Genesis(String chainId, long genesisTimeMillis, List<ValidatorInfo> validators, List<Bytes32> oracleOperators,
                   Bytes32 collateralAuthority, long insuranceFundUsd, long poolLiquidityUsd, LedgerLimits limits,
                   List<MarketParams> markets, OptionsConfig options, ConsensusParams consensus) {
        this(chainId, genesisTimeMillis, validators, oracleOperators, collateralAuthority, insuranceFundUsd,
                poolLiquidityUsd, limits, markets, options, consensus, StakingParams.NONE);
    }

    /** A genesis with the default consensus parameters. */
    public Genesis(String chainId, long genesisTimeMillis, List<ValidatorInfo> validators, List<Bytes32> oracleOperators,
                   Bytes32 collateralAuthority, long insuranceFundUsd, long poolLiquidityUsd, LedgerLimits limits,
                   List<MarketParams> markets, OptionsConfig options) {
        this(chainId, genesisTimeMillis, validators, oracleOperators, collateralAuthority, insuranceFundUsd,
                poolLiquidityUsd, limits, markets, options, ConsensusParams.DEFAULT);
    }

    /** A perpetual-only genesis with the default consensus parameters. */
    public Genesis(String chainId, long genesisTimeMillis, List<ValidatorInfo> validators, List<Bytes32> oracleOperators,
                   Bytes32 collateralAuthority, long insuranceFundUsd, long poolLiquidityUsd, LedgerLimits limits,
                   List<MarketParams> markets) {
        this(chainId, genesisTimeMillis, validators, oracleOperators, collateralAuthority, insuranceFundUsd,
                poolLiquidityUsd, limits, markets, OptionsConfig.NONE);
    }

    private static void checkStaking(List<ValidatorInfo> validators, StakingParams staking, ConsensusParams consensus) {
        if (!staking.enabled()) {
            return;
        }
        if (staking.jailBlocks() < consensus.epochLengthBlocks()) {
            // an election always passes during a jail, so a slashed member's power is cut before it can return
            throw new IllegalArgumentException("staking.jailBlocks " + staking.jailBlocks() + " shorter than an epoch ("
                    + consensus.epochLengthBlocks() + " blocks)");
        }
        if (validators.size() < StakingParams.MIN_VALIDATORS || validators.size() > staking.maxValidators()) {
            throw new IllegalArgumentException("a staking genesis needs " + StakingParams.MIN_VALIDATORS + ".."
                    + staking.maxValidators() + " validators");
        }
        for (ValidatorInfo v : validators) {
            if (v.stake() < staking.minBondUsd() || v.stake() > StakingParams.MAX_BOND_USD) {
                throw new IllegalArgumentException("genesis bond " + v.stake() + " of " + v.key().shortHex()
                        + " outside " + staking.minBondUsd() + ".." + StakingParams.MAX_BOND_USD);
            }
        }
    }

    /** True when the ledger elects the next epoch's set at the end of block {@code height} (staking only). */
    public boolean electsAfter(long height) {
        int epoch = consensus.epochLengthBlocks();
        return staking.enabled() && height % epoch == epoch - 1;
    }

    /** True when block {@code height} starts an epoch after the first: the set elected before it certifies from it on. */
    public boolean startsEpoch(long height) {
        return staking.enabled() && height > 1 && (height - 1) % consensus.epochLengthBlocks() == 0;
    }

    /** Σ genesis bonds with staking (counted as deposits by the conservation check), 0 without. */
    public long genesisBondsUsd() {
        if (!staking.enabled()) {
            return 0;
        }
        long total = 0;
        for (ValidatorInfo v : validators) {
            total = Math.addExact(total, v.stake());
        }
        return total;
    }

    private static void checkOptions(List<MarketParams> markets, OptionsConfig options, long genesisTimeMillis) {
        requireDistinct(options.markets().stream().map(OptionMarketParams::marketId).toList(), "option market");
        for (OptionMarketParams p : options.markets()) {
            MarketParams market = markets.stream().filter(m -> m.id().equals(p.marketId())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("options on unknown market " + p.marketId()));
            // the grid must never margin a perp below its linear margin: IM/MM ≤ multiple
            if (Math.multiplyExact(p.initialMarginMultiplierPpm(), market.maintenanceMarginPpm())
                    < Math.multiplyExact(market.initialMarginPpm(), Units.PPM)) {
                throw new IllegalArgumentException("options on " + p.marketId() + ": initialMarginMultiplierPpm "
                        + p.initialMarginMultiplierPpm() + " below the market's initial/maintenance margin ratio");
            }
        }
        List<String> ids = new ArrayList<>();
        for (OptionSeriesSpec spec : options.series()) {
            OptionMarketParams p = options.markets().stream().filter(m -> m.marketId().equals(spec.marketId())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("series on " + spec.marketId() + ", which has no options"));
            String problem = OptionOps.listingProblem(p, spec, genesisTimeMillis);
            if (problem != null) {
                throw new IllegalArgumentException("genesis series: " + problem);
            }
            ids.add(spec.id());
        }
        requireDistinct(ids, "option series");
        for (String id : ids) {
            if (markets.stream().anyMatch(m -> m.id().equals(id))) {
                throw new IllegalArgumentException("option series " + id + " has a market's id");
            }
        }
    }

    public static Genesis fromJson(String json) {
        return GenesisJson.parse(json);
    }

    public String toJson() {
        return GenesisJson.write(this);
    }

    /**
     * A devnet's limits: the defaults with at most 2,000 transactions per block, so that a validator checks a full
     * block well within a round timeout.
     */
    public static final LedgerLimits DEVNET_LIMITS = LedgerLimits.DEFAULT.withMaxTransactionsPerBlock(2_000);

    /**
     * A devnet genesis: one validator set, oracle operators and authority from the caller's keys,
     * the given markets, 1,000,000 USD insurance and 10,000,000 USD pool liquidity, {@link #DEVNET_LIMITS},
     * the default consensus parameters.
     */
    public static Genesis devnet(String chainId, long genesisTimeMillis, List<Bytes32> validatorKeys,
                                 List<Bytes32> oracleOperators, Bytes32 collateralAuthority, List<MarketParams> markets) {
        return new Genesis(chainId, genesisTimeMillis, validatorKeys.stream().map(k -> new ValidatorInfo(k, 100)).toList(),
                oracleOperators, collateralAuthority, 1_000_000 * Units.USD_SCALE, 10_000_000 * Units.USD_SCALE,
                DEVNET_LIMITS, markets);
    }

    /** A copy with these options. */
    public Genesis withOptions(OptionsConfig newOptions) {
        return new Genesis(chainId, genesisTimeMillis, validators, oracleOperators, collateralAuthority,
                insuranceFundUsd, poolLiquidityUsd, limits, markets, newOptions, consensus, staking, bridge);
    }

    /** A copy with other amounts for the insurance fund and pool. */
    public Genesis withFunds(long newInsuranceFundUsd, long newPoolLiquidityUsd) {
        return new Genesis(chainId, genesisTimeMillis, validators, oracleOperators, collateralAuthority,
                newInsuranceFundUsd, newPoolLiquidityUsd, limits, markets, options, consensus, staking, bridge);
    }

    public Genesis withLimits(LedgerLimits newLimits) {
        return new Genesis(chainId, genesisTimeMillis, validators, oracleOperators, collateralAuthority,
                insuranceFundUsd, poolLiquidityUsd, newLimits, markets, options, consensus, staking, bridge);
    }

    public Genesis withConsensus(ConsensusParams newConsensus) {
        return new Genesis(chainId, genesisTimeMillis, validators, oracleOperators, collateralAuthority,
                insuranceFundUsd, poolLiquidityUsd, limits, markets, options, newConsensus, staking, bridge);
    }

    /** A copy with these staking params. */
    public Genesis withStaking(StakingParams newStaking) {
        return new Genesis(chainId, genesisTimeMillis, validators, oracleOperators, collateralAuthority,
                insuranceFundUsd, poolLiquidityUsd, limits, markets, options, consensus, newStaking, bridge);
    }

    /** A copy with these bridge attestors. */
    public Genesis withBridge(BridgeParams newBridge) {
        return new Genesis(chainId, genesisTimeMillis, validators, oracleOperators, collateralAuthority,
                insuranceFundUsd, poolLiquidityUsd, limits, markets, options, consensus, staking, newBridge);
    }

    /** Canonical encoding: the configuration leaf of the state root and the head of a snapshot. */
    public byte[] encode() {
        CanonicalWriter out = new CanonicalWriter(1024);
        out.putString(chainId).putLong(genesisTimeMillis).putBytes32(collateralAuthority)
                .putLong(insuranceFundUsd).putLong(poolLiquidityUsd);
        out.putInt(limits.maxTransactionsPerBlock()).putInt(limits.maxLiquidationsPerBlock()).putInt(limits.maxAccounts())
                .putInt(limits.maxAdlPerLiquidation()).putLong(limits.maxReportFutureMillis()).putLong(limits.poolReserveRatioPpm());
        out.putInt(validators.size());
        for (ValidatorInfo v : validators) {
            out.putBytes32(v.key()).putLong(v.stake());
        }
        out.putInt(oracleOperators.size());
        for (Bytes32 operator : oracleOperators) {
            out.putBytes32(operator);
        }
        out.putInt(markets.size());
        for (MarketParams m : markets) {
            out.putString(m.id()).putLong(m.initialMarginPpm()).putLong(m.maintenanceMarginPpm())
                    .putLong(m.maxOpenInterestE8()).putLong(m.baseSpreadPpm()).putLong(m.volatilityPpmPerSqrtSecond())
                    .putLong(m.spreadVolatilityMultiplierPpm()).putLong(m.skewImpactScaleUsd()).putLong(m.maxSpreadPpm())
                    .putLong(m.fundingIntervalMillis()).putLong(m.fundingFactorPpb()).putLong(m.maxFundingRatePpb())
                    .putLong(m.liquidationFeePpm()).putLong(m.liquidatorSharePpm()).putLong(m.liquidationBaseSlippagePpm())
                    .putLong(m.liquidationSizeSlippagePpm()).putLong(m.liquidationCongestionSlippagePpm())
                    .putLong(m.maxLiquidationSlippagePpm()).putLong(m.stressBufferPpm())
                    .putInt(m.oracle().minFreshReports()).putLong(m.oracle().maxAgeMillis()).putLong(m.oracle().outlierMadPpm())
                    .putLong(m.initialIndexPriceUsd());
        }
        // sections absent when unused, so that the configuration leaf of a chain without them is unchanged
        if (options.enabled()) {
            options.encodeTo(out);
        }
        if (!consensus.equals(ConsensusParams.DEFAULT)) {
            consensus.encodeTo(out);
        }
        if (staking.enabled()) { // tagged like the consensus section, with its own tag
            staking.encodeTo(out);
        }
        if (bridge.enabled()) {
            bridge.encodeTo(out);
        }
        return out.toByteArray();
    }

    /**
     * Reads what {@link #encode} wrote; the reader must hold the encoding alone. After the markets come the
     * options (their first field is positive), the consensus, staking and bridge parameters (each tagged), each
     * only when present.
     */
    public static Genesis decode(CanonicalReader in) {
        try {
            String chainId = in.getString(MAX_CHAIN_ID_BYTES);
            long time = in.getLong();
            Bytes32 authority = in.getBytes32();
            long insurance = in.getLong();
            long pool = in.getLong();
            LedgerLimits limits = new LedgerLimits(in.getInt(), in.getInt(), in.getInt(), in.getInt(), in.getLong(), in.getLong());
            int validatorCount = in.getCount(MAX_VALIDATORS, "validator");
            List<ValidatorInfo> validators = new ArrayList<>();
            for (int i = 0; i < validatorCount; i++) {
                validators.add(new ValidatorInfo(in.getBytes32(), in.getLong()));
            }
            int operatorCount = in.getCount(MAX_ORACLE_OPERATORS, "oracle operator");
            List<Bytes32> operators = new ArrayList<>();
            for (int i = 0; i < operatorCount; i++) {
                operators.add(in.getBytes32());
            }
            int marketCount = in.getCount(MAX_MARKETS, "market");
            List<MarketParams> markets = new ArrayList<>();
            for (int i = 0; i < marketCount; i++) {
                markets.add(new MarketParams(in.getString(io.ballast.core.ledger.tx.TxBody.MAX_MARKET_ID_BYTES),
                        in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(),
                        in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(),
                        in.getLong(), in.getLong(), in.getLong(), in.getLong(),
                        new OracleRuleParams(in.getInt(), in.getLong(), in.getLong()), in.getLong()));
            }
            OptionsConfig options = OptionsConfig.NONE;
            ConsensusParams consensus = ConsensusParams.DEFAULT;
            StakingParams staking = StakingParams.NONE;
            BridgeParams bridge = BridgeParams.NONE;
            if (in.remaining() > 0 && in.peekInt() >= 0) { // every other section starts with a negative tag
                options = OptionsConfig.decodeAfter(in.getInt(), in);
            }
            if (in.remaining() > 0 && in.peekInt() == ConsensusParams.ENCODING_TAG) {
                in.getInt();
                consensus = ConsensusParams.decodeAfterTag(in);
            }
            if (in.remaining() > 0 && in.peekInt() == StakingParams.ENCODING_TAG) {
                staking = StakingParams.decode(in);
            }
            if (in.remaining() > 0) {
                if (in.peekInt() != BridgeParams.ENCODING_TAG) {
                    throw new io.ballast.core.encoding.DecodingException("unknown genesis section after the options");
                }
                bridge = BridgeParams.decode(in);
            }
            return new Genesis(chainId, time, validators, operators, authority, insurance, pool, limits, markets, options,
                    consensus, staking, bridge);
        } catch (IllegalArgumentException invalid) {
            throw new io.ballast.core.encoding.DecodingException("invalid genesis: " + invalid.getMessage());
        }
    }

    private static <T> void requireDistinct(List<T> values, String what) {
        Set<T> seen = new HashSet<>();
        for (T value : values) {
            if (!seen.add(value)) {
                throw new IllegalArgumentException("duplicate " + what + " " + value);
            }
        }
    }
}
