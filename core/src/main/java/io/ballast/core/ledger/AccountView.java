package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;
import java.util.List;

/**
 * A read-only valuation of one account at the index.
 *
 * @param equityUsd  collateral + Σ unrealized PnL − Σ pending funding
 * @param liquidatable below maintenance with every position's market fresh
 */
public record AccountView(Bytes32 key, long nonce, long collateralUsd, long lpShares, long equityUsd,
                          long initialMarginUsd, long maintenanceMarginUsd, long notionalUsd,
                          boolean liquidatable, List<PositionView> positions) {
    public AccountView {
        positions = List.copyOf(positions);
    }
}
