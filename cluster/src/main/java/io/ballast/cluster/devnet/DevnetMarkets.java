package io.ballast.cluster.devnet;

import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.Units;
import io.ballast.core.oracle.OracleRuleParams;
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
