package io.ballast.cluster.devnet;

import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.OptionMarketParams;
import io.ballast.core.ledger.OptionSeriesSpec;
import io.ballast.core.ledger.OptionsConfig;
import io.ballast.core.ledger.Units;
import io.ballast.core.oracle.OracleRuleParams;
import io.ballast.core.options.OptionType;
import java.util.ArrayList;
import java.util.List;

/**
 * The markets of a generated devnet genesis: BTC and ETH perpetuals with parameters in the range
 * production venues use (10x max leverage, 5% maintenance), but one-minute funding so that a
 * short session shows funding payments.
 */
public final class DevnetMarkets {
    /**
     * Index is the median of fresh reports: at least 3 operators younger than 10 s agreeing within
     * 5·MAD. With the devnet's 4 operators that is n > 3f and a median of more than 2f reports for
     * f = 1: one lying operator is dropped as an outlier and can never move the index; one silent
     * operator costs nothing; a liar plus a silent operator is safe mode, never a wrong price.
     */
    public static final int OPERATORS = 4;
    public static final OracleRuleParams ORACLE_RULE = new OracleRuleParams(3, 10_000, 5_000_000);

    private DevnetMarkets() {}

    /** The vol index: 3 fresh operators' vol reports within 30 s, agreeing within 5·MAD (as prices). */
    public static final OracleRuleParams VOL_RULE = new OracleRuleParams(3, 30_000, 5_000_000);
    private static final long MINUTE_MILLIS = 60_000;
    private static final long DAY_MILLIS = 86_400_000;

    /**
     * Options on both indices (the option defaults: Derive's vol shocks, CME's extremes, IM = 2 × MM,
     * a 4σ liquidation guard) with a 5-minute settlement window, listed at genesis: calls and puts at
     * the money and 5% and 10% either side, expiring 15 minutes after genesis (so a devnet session
     * sees a settlement), at the next daily expiry (08:00 UTC, at least 12 h ahead) and a week after it.
     */
    public static OptionsConfig options(long genesisTimeMillis) {
        List<OptionMarketParams> markets = List.of(optionMarket("BTC-PERP", 600_000), optionMarket("ETH-PERP", 800_000));
        long soon = (genesisTimeMillis / MINUTE_MILLIS + 15) * MINUTE_MILLIS;
        long daily = (genesisTimeMillis + 12 * 3_600_000 - 8 * 3_600_000) / DAY_MILLIS * DAY_MILLIS + DAY_MILLIS + 8 * 3_600_000;
        List<OptionSeriesSpec> series = new ArrayList<>();
        for (long expiry : new long[] {soon, daily, daily + 7 * DAY_MILLIS}) {
            series.addAll(strikes("BTC-PERP", expiry, 60_000, 1_000, Units.SIZE_SCALE / 100));
            series.addAll(strikes("ETH-PERP", expiry, 3_000, 50, Units.SIZE_SCALE / 10));
        }
        return new OptionsConfig(markets, series, 256, 16, 0);
    }

    private static OptionMarketParams optionMarket(String id, long initialVolPpm) {
        return OptionMarketParams.builder(id)
                .volOracle(VOL_RULE)
                .initialVolPpm(initialVolPpm)
                .maxOpenInterestE8((id.startsWith("BTC") ? 200 : 4_000) * Units.SIZE_SCALE)
                .settlement(300_000, 500_000)
                .build();
    }

    /** Calls and puts at the money and ±5%, ±10%, strikes rounded to {@code tickUsd}. */
    private static List<OptionSeriesSpec> strikes(String market, long expiry, long indexUsd, long tickUsd, long contractE8) {
        List<OptionSeriesSpec> series = new ArrayList<>();
        for (int pct : new int[] {-10, -5, 0, 5, 10}) {
            long strikeUsd = Math.round(indexUsd * (100 + pct) / 100.0 / tickUsd) * tickUsd;
            for (OptionType type : OptionType.values()) {
                series.add(new OptionSeriesSpec(market, expiry, strikeUsd * Units.USD_SCALE, type, contractE8));
            }
        }
        return series;
    }

    public static List<MarketParams> markets() {
        return List.of(market("BTC-PERP", 60_000, 500), market("ETH-PERP", 3_000, 10_000));
    }

    private static MarketParams market(String id, long indexUsd, long maxOpenInterestUnits) {
        return MarketParams.builder(id)
                .margins(100_000, 50_000)                       // 10% initial, 5% maintenance
                .maxOpenInterestE8(maxOpenInterestUnits * Units.SIZE_SCALE)
                .baseSpreadPpm(300)                             // 3 bp half-spread
                .volatility(250, 1_000_000)                     // σ 2.5 bp per √s, k = 1
                .skewImpactScaleUsd(2_000_000_000L * Units.USD_SCALE)
                .maxSpreadPpm(30_000)
                .funding(60_000, 2_000_000, 500_000)            // every minute, capped at 0.05% per interval
                .liquidationFee(10_000, 500_000)                // 1% of closed notional, half to the keeper
                .liquidationSlippage(1_000, 100_000, 10_000, 50_000)
                .stressBufferPpm(100_000)
                .oracle(ORACLE_RULE)
                .initialIndexPriceUsd(indexUsd * Units.USD_SCALE)
                .build();
    }
}
