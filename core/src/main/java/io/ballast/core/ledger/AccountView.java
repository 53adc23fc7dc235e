package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;
import java.util.List;

/**
 * A read-only valuation of one account at the index.
 *
 * @param equityUsd       collateral + Σ perpetual unrealized PnL − Σ pending funding + Σ option values
 * @param liquidatable    what the ledger would liquidate: below maintenance with every position's market (and, for
 *                        books with options, vol index) fresh, and below it within the liquidation guard band
 * @param positions       perpetual positions
 * @param optionPositions option positions, by series number
 * @param greeks          per market where the account holds anything: perp and options together
 */
public record AccountView(Bytes32 key, long nonce, long collateralUsd, long lpShares, long equityUsd,
                          long initialMarginUsd, long maintenanceMarginUsd, long notionalUsd,
                          boolean liquidatable, List<PositionView> positions, List<OptionPositionView> optionPositions,
                          List<GreeksView> greeks) {
    public AccountView {
        positions = List.copyOf(positions);
        optionPositions = List.copyOf(optionPositions);
        greeks = List.copyOf(greeks);
    }

    /** Without options. */
    public AccountView(Bytes32 key, long nonce, long collateralUsd, long lpShares, long equityUsd, long initialMarginUsd,
                       long maintenanceMarginUsd, long notionalUsd, boolean liquidatable, List<PositionView> positions) {
        this(key, nonce, collateralUsd, lpShares, equityUsd, initialMarginUsd, maintenanceMarginUsd, notionalUsd,
                liquidatable, positions, List.of(), List.of());
    }
}
