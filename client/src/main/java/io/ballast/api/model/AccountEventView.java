package io.ballast.api.model;

import java.util.Map;

/**
 * One entry of an account's journal: a transaction it signed or that touched it (deposit, liquidation),
 * or a ledger event naming it (block-end liquidation, ADL, insurance draw).
 *
 * @param sequence position in this node's journal for the account (the pagination cursor)
 * @param txHash   the transaction, or null for block-end events
 */
public record AccountEventView(long sequence, long height, String kind, String txHash, boolean accepted, String code,
                               Map<String, String> fields) {
    public AccountEventView {
        fields = Map.copyOf(fields);
    }
}
