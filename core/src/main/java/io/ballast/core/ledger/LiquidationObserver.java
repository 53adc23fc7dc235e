package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;

/**
 * Sees each account right before the ledger liquidates it, with the state as the liquidation
 * found it: for audits outside the protocol (the simulator counts liquidations that would not have
 * happened at the true price it knows). It must not change the state; read it through the public
 * views (for instance {@link LedgerState#marginStatusAt}).
 */
@FunctionalInterface
public interface LiquidationObserver {
    LiquidationObserver NONE = (state, account, byKeeper) -> { };

    void beforeLiquidation(LedgerState state, Bytes32 account, boolean byKeeper);
}
