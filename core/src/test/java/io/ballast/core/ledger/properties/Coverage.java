package io.ballast.core.ledger.properties;

import io.ballast.core.ledger.properties.Driver.Seen;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-try coverage of the ledger's interesting branches, for a {@link io.ballast.core.property.Tally}
 * that checks minimum shares over all tries (a property that never reaches its interesting branch
 * proves nothing).
 */
final class Coverage {
    private Coverage() {}

    /** The label of a branch in tallies and reports. */
    static String label(Seen branch) {
        return branch.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    /** Which branches one try reached. */
    static Map<String, Boolean> of(Driver driver) {
        Map<String, Boolean> labels = new LinkedHashMap<>();
        for (Seen branch : Seen.values()) {
            labels.put(label(branch), driver.seen.contains(branch));
        }
        return labels;
    }

    /** Minimum shares of tries, by branch label. */
    static Map<String, Double> minimums(Map<Seen, Double> byBranch) {
        Map<String, Double> out = new LinkedHashMap<>();
        byBranch.forEach((branch, minimum) -> out.put(label(branch), minimum));
        return out;
    }

    /** The branches every scenario-driven property should reach. */
    static final Map<String, Double> LEDGER_BRANCHES = minimums(Map.of(
            Seen.LIQUIDATION, 25.0,
            Seen.KEEPER_LIQUIDATION, 1.5,
            Seen.PARTIAL_LIQUIDATION, 0.5,
            Seen.INSURANCE_DRAW, 12.0,
            Seen.ADL, 2.0,
            Seen.POOL_ABSORBED, 8.0,
            Seen.SAFE_MODE, 50.0,
            Seen.FUNDING, 15.0));
}
