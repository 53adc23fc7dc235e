package io.ballast.core.ledger;

import io.ballast.core.math.Fixed;
import java.util.List;

/**
 * The cost of corrupting consensus against the collateral at risk ({@link SecurityView}), from the set that
 * certifies blocks now. Quorums are by power: commits need more than two thirds, so more than a third halts
 * them; two conflicting certificates need two quorums, which share more than a third of the power — those
 * validators signed both sides, which is equivocation evidence, and lose {@code equivocationSlashPpm} of it.
 */
final class Security {
    private Security() {}

    static SecurityView compute(LedgerState state) {
        StakingParams staking = state.genesis.staking();
        List<ValidatorInfo> set = staking.enabled() ? state.validators.certifying() : state.validators.active();
        long totalPower = 0;
        if (staking.enabled()) {
            for (ValidatorInfo member : set) {
                totalPower = Math.addExact(totalPower, member.stake());
            }
        }
        long halt = totalPower == 0 ? 0 : totalPower / 3 + 1;
        long fork = totalPower == 0 ? 0 : Math.multiplyExact(totalPower, 2) / 3 + 1;
        long slashableOnFork = Fixed.mulDiv(halt, staking.equivocationSlashPpm(), Units.PPM);
        long atRisk = collateralAtRiskUsd(state);
        long ratio;
        if (atRisk == 0) {
            ratio = Long.MAX_VALUE;
        } else {
            try {
                ratio = Fixed.mulDiv(slashableOnFork, Units.PPM, atRisk);
            } catch (ArithmeticException huge) {
                ratio = Long.MAX_VALUE;
            }
        }
        return new SecurityView(set.size(), totalPower, halt, fork, slashableOnFork, atRisk, ratio, ratio < Units.PPM);
    }

    /** Σ collateral + the pool's cash (if positive) + every market's and series' long and short open interest at the index. */
    static long collateralAtRiskUsd(LedgerState state) {
        long total = Math.addExact(state.totalCollateralUsd, Math.max(0, state.poolCashUsd));
        for (MarketState market : state.markets) {
            long perps = Math.addExact(market.longOpenInterestE8, market.shortOpenInterestE8);
            total = Math.addExact(total, Units.notionalUsd(perps, market.indexPriceUsd));
            for (SeriesState series : market.series) {
                long options = Math.addExact(series.longOpenInterestE8, series.shortOpenInterestE8);
                total = Math.addExact(total, Units.notionalUsd(options, market.indexPriceUsd));
            }
        }
        return total;
    }
}
