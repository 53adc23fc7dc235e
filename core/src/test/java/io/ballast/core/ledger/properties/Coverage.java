package io.ballast.core.ledger.properties;

import io.ballast.core.ledger.properties.Driver.Seen;
import java.util.Map;
import net.jqwik.api.statistics.Statistics;

/**
 * Per-try coverage of the ledger's interesting branches, with minimum shares checked over all tries
 * (jqwik fails the property if a branch is reached too rarely: a property that never reaches its
 * interesting branch proves nothing).
 */
final class Coverage {
    private Coverage() {}

    /** Labels each branch and requires the given minimum percentage of tries to reach it. */
    static void require(Driver driver, Map<Seen, Double> minimumPercent) {
        for (Map.Entry<Seen, Double> entry : minimumPercent.entrySet()) {
            Seen branch = entry.getKey();
            double minimum = entry.getValue();
            String label = branch.name().toLowerCase().replace('_', ' ');
            Statistics.label(label).collect(driver.seen.contains(branch));
            Statistics.label(label).coverage(c -> c.check(true).percentage(p -> p >= minimum));
        }
    }

    /** The branches every scenario-driven property should reach. */
    static final Map<Seen, Double> LEDGER_BRANCHES = Map.of(
            Seen.LIQUIDATION, 25.0,
            Seen.KEEPER_LIQUIDATION, 1.5,
            Seen.PARTIAL_LIQUIDATION, 0.5,
            Seen.INSURANCE_DRAW, 12.0,
            Seen.ADL, 2.0,
            Seen.POOL_ABSORBED, 8.0,
            Seen.SAFE_MODE, 50.0,
            Seen.FUNDING, 15.0);
}
