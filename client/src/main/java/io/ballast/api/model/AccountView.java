package io.ballast.api.model;

import java.util.List;

/**
 * An account after block {@code height}. Amounts are USD decimal strings.
 *
 * @param marginRatio     equity ÷ maintenance margin (4 decimals; below 1 is liquidatable); null without positions
 * @param positions       perpetual positions
 * @param proof           present with {@code ?proof=true}
 * @param optionPositions option positions (chains with options)
 * @param greeks          per market the account holds anything on: perp and options together
 */
public record AccountView(String account, long height, boolean exists, long nonce, String collateralUsd, long lpShares,
                          String equityUsd, String initialMarginUsd, String maintenanceMarginUsd, String notionalUsd,
                          String marginRatio, boolean liquidatable, List<PositionView> positions, AccountProofView proof,
                          List<OptionPositionView> optionPositions, List<GreeksView> greeks) {
    public AccountView {
        positions = List.copyOf(positions);
        optionPositions = optionPositions == null ? List.of() : List.copyOf(optionPositions);
        greeks = greeks == null ? List.of() : List.copyOf(greeks);
    }

    /** Without options. */
    public AccountView(String account, long height, boolean exists, long nonce, String collateralUsd, long lpShares,
                       String equityUsd, String initialMarginUsd, String maintenanceMarginUsd, String notionalUsd,
                       String marginRatio, boolean liquidatable, List<PositionView> positions, AccountProofView proof) {
        this(account, height, exists, nonce, collateralUsd, lpShares, equityUsd, initialMarginUsd, maintenanceMarginUsd,
                notionalUsd, marginRatio, liquidatable, positions, proof, List.of(), List.of());
    }

    /** The same view with its proof. */
    public AccountView withProof(AccountProofView newProof) {
        return new AccountView(account, height, exists, nonce, collateralUsd, lpShares, equityUsd, initialMarginUsd,
                maintenanceMarginUsd, notionalUsd, marginRatio, liquidatable, positions, newProof, optionPositions, greeks);
    }
}
