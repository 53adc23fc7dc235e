package io.ballast.api.model;

import java.util.Map;

/**
 * One thing the ledger did (funding, safe mode, liquidation, fee, insurance draw, ADL...).
 *
 * @param kind   the event's name (e.g. {@code PositionLiquidated})
 * @param fields its values as strings: amounts as decimal strings in USD or base units, keys as hex
 */
public record LedgerEventView(String kind, Map<String, String> fields) {
    public LedgerEventView {
        fields = Map.copyOf(fields);
    }
}
