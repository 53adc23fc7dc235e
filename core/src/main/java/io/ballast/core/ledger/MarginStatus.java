package io.ballast.core.ledger;

/** An account's margin as the liquidation pass sees it (see {@link LedgerState#marginStatus}). */
public record MarginStatus(long equityUsd, long initialMarginUsd, long maintenanceMarginUsd, boolean liquidatable) {}
