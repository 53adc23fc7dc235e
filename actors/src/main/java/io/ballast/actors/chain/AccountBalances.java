package io.ballast.actors.chain;

import io.ballast.persistence.CborSerializable;
import java.util.List;

/**
 * An account as the ledger holds it after a block: what its journal must reproduce. Equity and
 * margins are valued at that block's index prices.
 */
public record AccountBalances(long nonce, long collateralUsd, long equityUsd, long initialMarginUsd,
                              long maintenanceMarginUsd, List<Position> positions) implements CborSerializable {
    public static final AccountBalances EMPTY = new AccountBalances(0, 0, 0, 0, 0, List.of());

    public AccountBalances {
        positions = List.copyOf(positions);
    }

    /** An open position: size (E8, signed) and basis (signed quote value paid, micro-USD). */
    public record Position(String marketId, long sizeE8, long basisUsd) implements CborSerializable {}
}
