package io.ballast.api.model;

import java.util.List;

/**
 * An account after block {@code height}. Amounts are USD decimal strings.
 *
 * @param marginRatio equity ÷ maintenance margin (4 decimals; below 1 is liquidatable); null without positions
 * @param proof       present with {@code ?proof=true}
 */
public record AccountView(String account, long height, boolean exists, long nonce, String collateralUsd, long lpShares,
                          String equityUsd, String initialMarginUsd, String maintenanceMarginUsd, String notionalUsd,
                          String marginRatio, boolean liquidatable, List<PositionView> positions, AccountProofView proof) {
    public AccountView {
        positions = List.copyOf(positions);
    }
}
