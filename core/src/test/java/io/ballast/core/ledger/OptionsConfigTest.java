package io.ballast.core.ledger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ballast.core.oracle.OracleRuleParams;
import io.ballast.core.options.BlackScholes;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsConfigTest {
    private static OptionMarketParams market(long horizonMillis) {
        return OptionMarketParams.builder("BTC-PERP").volOracle(new OracleRuleParams(1, 60_000, 100_000))
                .maxListingHorizonMillis(horizonMillis).build();
    }

    /** A put is worth up to K·e^(−rT): a negative rate over the listing horizon must not grow the largest strike past a long. */
    @Test
    void negativeRateOverTheListingHorizonMustKeepPutValuesInALong() {
        long tenYears = BlackScholes.MAX_MILLIS_TO_EXPIRY;
        assertThrows(IllegalArgumentException.class,
                () -> new OptionsConfig(List.of(market(tenYears)), List.of(), 16, 8, -BlackScholes.MAX_RATE_PPM));
        // e^(1 × 8 years) ≈ 2,981: 1e15 micro-USD × 2,981 < 2^62
        assertDoesNotThrow(() -> new OptionsConfig(List.of(market(8 * BlackScholes.MILLIS_PER_YEAR)), List.of(), 16, 8,
                -BlackScholes.MAX_RATE_PPM));
        assertDoesNotThrow(() -> new OptionsConfig(List.of(market(tenYears)), List.of(), 16, 8, BlackScholes.MAX_RATE_PPM));
    }
}
