package io.ballast.core.ledger;

/** Why stake was slashed. */
public enum SlashReason {
    /** Two conflicting votes for one height, round and type. */
    EQUIVOCATION,
    /** More than the allowed share of a downtime window's certificates missed. */
    DOWNTIME
}
