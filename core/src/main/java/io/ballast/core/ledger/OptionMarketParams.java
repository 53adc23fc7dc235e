package io.ballast.core.ledger;

import io.ballast.core.oracle.OracleRuleParams;
import io.ballast.core.options.BlackScholes;

/**
 * Options on one perpetual market's index, fixed in genesis. The market's own parameters still
 * apply: its index is the underlying, its latency-aware spread widens option quotes, its
 * maintenance margin is the margin grid's price scan range and its liquidation slippage applies to
 * option closes.
 *
 * <p><b>Margin grid</b> (SPAN-style: futures and options on one underlying share one price scan
 * range, equal to the futures' maintenance margin). For the account's book on this index (the perp
 * position and every option on the index): spot moves k/{@code scanSteps} × range for k =
 * −steps..steps, each with the vol index unchanged, shocked up by {@code volUpPpm} and down by
 * {@code volDownPpm} (relative; scaled by (reference / max(T, 1 day))^power, power
 * {@code volShockShortPowerPpm} below the reference expiry and {@code volShockLongPowerPpm} above:
 * Derive's scaling), plus two extreme moves of ±{@code extremeMoveMultiplePpm} × range whose loss
 * counts {@code extremeWeightPpm} (CME's 3× at 35%). Maintenance = the worst loss +
 * {@code shortOptionFloorPpm} × index × Σ|short option sizes|; initial = maintenance ×
 * {@code initialMarginMultiplierPpm}. Genesis requires the multiple ≥ the perp's IM/MM and extreme
 * multiple × weight ≤ 1, so a perp position's grid margin never falls below its linear margin.
 *
 * @param marketId                    the perpetual market whose index is the underlying
 * @param volOracle                   the vol index rule (median, staleness, outliers) over operators' vol reports
 * @param initialVolPpm               0 = none; else every operator's vol report is seeded with it at genesis time
 * @param baseSpreadPpm               half-spread as a share of the option's model price
 * @param minSpreadPpmOfIndex         smallest half-spread per unit, as a share of the index
 * @param maxOpenInterestE8           cap on each side's open interest of one series
 * @param scanSteps                   spot points per side of the grid (3: 0, ±1/3, ±2/3, ±1 of the range)
 * @param volUpPpm                    relative vol shock up at the reference expiry (450_000 = +45%)
 * @param volDownPpm                  relative vol shock down at the reference expiry (at most 90% after scaling)
 * @param volShockReferenceMillis     the expiry at which the shocks apply unscaled (30 days)
 * @param volShockShortPowerPpm       scaling power below the reference (300_000 = 0.3)
 * @param volShockLongPowerPpm        scaling power above the reference (130_000 = 0.13)
 * @param extremeMoveMultiplePpm      extreme spot moves as a multiple of the scan range
 * @param extremeWeightPpm            share of an extreme scenario's loss that counts
 * @param initialMarginMultiplierPpm  initial margin = this × maintenance margin
 * @param shortOptionFloorPpm         maintenance floor per unit of short options, as a share of the index
 * @param liquidationFeePpmOfIndex    liquidation fee per unit of option closed, share of the index (capped at the fill value)
 * @param liquidationGuardSigmasPpm   k: an account is liquidated only if it stays below maintenance with the
 *                                    index moved in its favour by k·σ·√(index age + recent finality), σ from the
 *                                    vol index (0 = no guard)
 * @param liquidationGuardVolPpm      and with the vol index moved in its favour by this share
 * @param settlementWindowMillis      the settlement price is the time-weighted index over this window before expiry
 * @param minSettlementCoveragePpm    share of the window the index must have been fresh; if less, fresh time
 *                                    after expiry is added until it is reached
 * @param maxListingHorizonMillis     the latest expiry a listing may have, from the listing block's time
 */
public record OptionMarketParams(String marketId, OracleRuleParams volOracle, long initialVolPpm, long baseSpreadPpm,
                                 long minSpreadPpmOfIndex, long maxOpenInterestE8, int scanSteps, long volUpPpm,
                                 long volDownPpm, long volShockReferenceMillis, long volShockShortPowerPpm,
                                 long volShockLongPowerPpm, long extremeMoveMultiplePpm, long extremeWeightPpm,
                                 long initialMarginMultiplierPpm, long shortOptionFloorPpm,
                                 long liquidationFeePpmOfIndex, long liquidationGuardSigmasPpm,
                                 long liquidationGuardVolPpm, long settlementWindowMillis,
                                 long minSettlementCoveragePpm, long maxListingHorizonMillis) {
    public static final int MAX_SCAN_STEPS = 8;

    public OptionMarketParams {
        new io.ballast.core.ledger.tx.TxBody.Trade(marketId, 0, 0); // validates the id
        require("volOracle", volOracle != null);
        require("initialVolPpm", initialVolPpm >= 0 && initialVolPpm <= BlackScholes.MAX_VOL_PPM);
        require("baseSpreadPpm", baseSpreadPpm >= 0 && baseSpreadPpm < Units.PPM);
        require("minSpreadPpmOfIndex", minSpreadPpmOfIndex >= 0 && minSpreadPpmOfIndex < Units.PPM);
        require("maxOpenInterestE8", maxOpenInterestE8 >= 0 && maxOpenInterestE8 <= Units.MAX_SIZE_E8);
        require("scanSteps", scanSteps >= 1 && scanSteps <= MAX_SCAN_STEPS);
        require("volUpPpm", volUpPpm >= 0 && volUpPpm <= 10 * Units.PPM);
        require("volDownPpm", volDownPpm >= 0 && volDownPpm <= 900_000);
        require("volShockReferenceMillis", volShockReferenceMillis >= BlackScholes.MILLIS_PER_DAY
                && volShockReferenceMillis <= BlackScholes.MAX_MILLIS_TO_EXPIRY);
        require("volShockShortPowerPpm", volShockShortPowerPpm >= 0 && volShockShortPowerPpm <= Units.PPM);
        require("volShockLongPowerPpm", volShockLongPowerPpm >= 0 && volShockLongPowerPpm <= Units.PPM);
        require("extremeMoveMultiplePpm", extremeMoveMultiplePpm >= Units.PPM && extremeMoveMultiplePpm <= 20 * Units.PPM);
        require("extremeWeightPpm", extremeWeightPpm >= 0
                && extremeWeightPpm <= Units.PPM && Math.multiplyExact(extremeMoveMultiplePpm, extremeWeightPpm) <= Units.PPM * Units.PPM);
        require("initialMarginMultiplierPpm", initialMarginMultiplierPpm >= Units.PPM
                && initialMarginMultiplierPpm <= 100 * Units.PPM);
        require("shortOptionFloorPpm", shortOptionFloorPpm >= 0 && shortOptionFloorPpm <= Units.PPM);
        require("liquidationFeePpmOfIndex", liquidationFeePpmOfIndex >= 0 && liquidationFeePpmOfIndex <= Units.PPM);
        require("liquidationGuardSigmasPpm", liquidationGuardSigmasPpm >= 0 && liquidationGuardSigmasPpm <= 20 * Units.PPM);
        require("liquidationGuardVolPpm", liquidationGuardVolPpm >= 0 && liquidationGuardVolPpm <= 900_000);
        require("settlementWindowMillis", settlementWindowMillis >= 1_000 && settlementWindowMillis <= BlackScholes.MILLIS_PER_DAY);
        require("minSettlementCoveragePpm", minSettlementCoveragePpm > 0 && minSettlementCoveragePpm <= Units.PPM);
        require("maxListingHorizonMillis", maxListingHorizonMillis > settlementWindowMillis
                && maxListingHorizonMillis <= BlackScholes.MAX_MILLIS_TO_EXPIRY);
    }

    private static void require(String name, boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException("invalid option market parameter " + name);
        }
    }

    public static Builder builder(String marketId) {
        return new Builder(marketId);
    }

    public Builder toBuilder() {
        Builder b = new Builder(marketId);
        b.volOracle = volOracle;
        b.initialVolPpm = initialVolPpm;
        b.baseSpreadPpm = baseSpreadPpm;
        b.minSpreadPpmOfIndex = minSpreadPpmOfIndex;
        b.maxOpenInterestE8 = maxOpenInterestE8;
        b.scanSteps = scanSteps;
        b.volUpPpm = volUpPpm;
        b.volDownPpm = volDownPpm;
        b.volShockReferenceMillis = volShockReferenceMillis;
        b.volShockShortPowerPpm = volShockShortPowerPpm;
        b.volShockLongPowerPpm = volShockLongPowerPpm;
        b.extremeMoveMultiplePpm = extremeMoveMultiplePpm;
        b.extremeWeightPpm = extremeWeightPpm;
        b.initialMarginMultiplierPpm = initialMarginMultiplierPpm;
        b.shortOptionFloorPpm = shortOptionFloorPpm;
        b.liquidationFeePpmOfIndex = liquidationFeePpmOfIndex;
        b.liquidationGuardSigmasPpm = liquidationGuardSigmasPpm;
        b.liquidationGuardVolPpm = liquidationGuardVolPpm;
        b.settlementWindowMillis = settlementWindowMillis;
        b.minSettlementCoveragePpm = minSettlementCoveragePpm;
        b.maxListingHorizonMillis = maxListingHorizonMillis;
        return b;
    }

    /**
     * Defaults: vol index from 1 fresh report within 60 s (3·MAD outliers); 3% of the model price
     * plus at least 0.01% of the index as half-spread; Derive's vol shocks (+45%/−30% at 30 days,
     * powers 0.3/0.13); CME's extremes (3× range at 33%); IM = 2 × MM; short floor 0.5% of the
     * index; fee 0.1% of the index; guard 4σ and 20% of vol; 30-minute settlement window, half of it
     * fresh; listings up to 2 years ahead.
     */
    public static final class Builder {
        private String marketId;
        private OracleRuleParams volOracle = new OracleRuleParams(1, 60_000, 3_000_000);
        private long initialVolPpm;
        private long baseSpreadPpm = 30_000;
        private long minSpreadPpmOfIndex = 100;
        private long maxOpenInterestE8 = 1_000 * Units.SIZE_SCALE;
        private int scanSteps = 3;
        private long volUpPpm = 450_000;
        private long volDownPpm = 300_000;
        private long volShockReferenceMillis = 30 * BlackScholes.MILLIS_PER_DAY;
        private long volShockShortPowerPpm = 300_000;
        private long volShockLongPowerPpm = 130_000;
        private long extremeMoveMultiplePpm = 3_000_000;
        private long extremeWeightPpm = 330_000;
        private long initialMarginMultiplierPpm = 2_000_000;
        private long shortOptionFloorPpm = 5_000;
        private long liquidationFeePpmOfIndex = 1_000;
        private long liquidationGuardSigmasPpm = 4_000_000;
        private long liquidationGuardVolPpm = 200_000;
        private long settlementWindowMillis = 1_800_000;
        private long minSettlementCoveragePpm = 500_000;
        private long maxListingHorizonMillis = 2 * BlackScholes.MILLIS_PER_YEAR;

        private Builder(String marketId) {
            this.marketId = marketId;
        }

        public Builder marketId(String v) { marketId = v; return this; }
        public Builder volOracle(OracleRuleParams v) { volOracle = v; return this; }
        public Builder initialVolPpm(long v) { initialVolPpm = v; return this; }
        public Builder spread(long basePpm, long minPpmOfIndex) { baseSpreadPpm = basePpm; minSpreadPpmOfIndex = minPpmOfIndex; return this; }
        public Builder maxOpenInterestE8(long v) { maxOpenInterestE8 = v; return this; }
        public Builder scanSteps(int v) { scanSteps = v; return this; }
        public Builder volShocks(long upPpm, long downPpm) { volUpPpm = upPpm; volDownPpm = downPpm; return this; }
        public Builder volShockScaling(long referenceMillis, long shortPowerPpm, long longPowerPpm) { volShockReferenceMillis = referenceMillis; volShockShortPowerPpm = shortPowerPpm; volShockLongPowerPpm = longPowerPpm; return this; }
        public Builder extremeMoves(long multiplePpm, long weightPpm) { extremeMoveMultiplePpm = multiplePpm; extremeWeightPpm = weightPpm; return this; }
        public Builder initialMarginMultiplierPpm(long v) { initialMarginMultiplierPpm = v; return this; }
        public Builder shortOptionFloorPpm(long v) { shortOptionFloorPpm = v; return this; }
        public Builder liquidationFeePpmOfIndex(long v) { liquidationFeePpmOfIndex = v; return this; }
        public Builder liquidationGuard(long sigmasPpm, long volPpm) { liquidationGuardSigmasPpm = sigmasPpm; liquidationGuardVolPpm = volPpm; return this; }
        public Builder settlement(long windowMillis, long minCoveragePpm) { settlementWindowMillis = windowMillis; minSettlementCoveragePpm = minCoveragePpm; return this; }
        public Builder maxListingHorizonMillis(long v) { maxListingHorizonMillis = v; return this; }

        public OptionMarketParams build() {
            return new OptionMarketParams(marketId, volOracle, initialVolPpm, baseSpreadPpm, minSpreadPpmOfIndex,
                    maxOpenInterestE8, scanSteps, volUpPpm, volDownPpm, volShockReferenceMillis, volShockShortPowerPpm,
                    volShockLongPowerPpm, extremeMoveMultiplePpm, extremeWeightPpm, initialMarginMultiplierPpm,
                    shortOptionFloorPpm, liquidationFeePpmOfIndex, liquidationGuardSigmasPpm, liquidationGuardVolPpm,
                    settlementWindowMillis, minSettlementCoveragePpm, maxListingHorizonMillis);
        }
    }
}
