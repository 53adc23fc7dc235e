package io.ballast.api.client;

import io.ballast.core.crypto.Bytes32;
import java.util.List;

/**
 * What a verified proof establishes, decoded from the proven leaf (not from the node's other fields): the
 * account's state after {@code height}, certified by {@code certifiedBy} of the trusted set's stake.
 */
public record VerifiedAccount(Bytes32 account, long height, Bytes32 stateRoot, long nonce, long collateralUsd,
                              long lpShares, List<Position> positions, List<OptionPosition> optionPositions,
                              long signingStake, long totalStake) {
    public VerifiedAccount {
        positions = List.copyOf(positions);
        optionPositions = List.copyOf(optionPositions);
    }

    /** @param marketOrdinal the market's position in the genesis market list */
    public record Position(int marketOrdinal, long sizeE8, long basisUsd, long fundingEntryE12) {}

    /**
     * An option position as the leaf holds it (chains with options only).
     *
     * @param seriesNumber the series' number in the chain's listings (its id is chain state, not in the leaf)
     */
    public record OptionPosition(int seriesNumber, long sizeE8, long premiumBasisUsd) {}
}
