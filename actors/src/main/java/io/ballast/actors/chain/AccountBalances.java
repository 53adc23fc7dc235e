package io.ballast.actors.chain;

import io.ballast.persistence.CborSerializable;
import java.util.List;

/**
 * An account as the ledger holds it after a block: what its journal must reproduce. Equity and
 * margins are valued at that block's index prices.
 *
 * @param optionPositions option positions by series (absent in events written before options: read as none)
 */
public record AccountBalances(long nonce, long collateralUsd, long equityUsd, long initialMarginUsd,
                              long maintenanceMarginUsd, List<Position> positions, List<OptionPosition> optionPositions)
        implements CborSerializable {
    public static final AccountBalances EMPTY = new AccountBalances(0, 0, 0, 0, 0, List.of(), List.of());

    public AccountBalances {
        positions = List.copyOf(positions);
        optionPositions = optionPositions == null ? List.of() : List.copyOf(optionPositions);
    }

    /** Whether the account holds anything that margin is charged on (perps or options). */
    public boolean hasPositions() {
        return !positions.isEmpty() || !optionPositions.isEmpty();
    }

    /** An open position: size (E8, signed) and basis (signed quote value paid, micro-USD). */
    public record Position(String marketId, long sizeE8, long basisUsd) implements CborSerializable {}

    /** An open option position: size (E8, signed: long or short) and premium basis (signed, micro-USD). */
    public record OptionPosition(String seriesId, long sizeE8, long premiumBasisUsd) implements CborSerializable {}
}
