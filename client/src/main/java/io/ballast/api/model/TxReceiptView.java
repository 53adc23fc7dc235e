package io.ballast.api.model;

import java.util.List;

/**
 * A transaction's outcome in a committed block.
 *
 * @param code   {@code OK} or the ledger's reject code ({@code BAD_NONCE}, {@code INSUFFICIENT_MARGIN}, ...)
 * @param events what the transaction caused (liquidation transactions)
 */
public record TxReceiptView(String txHash, long height, int index, String type, String signer, boolean accepted,
                            String code, String detail, List<LedgerEventView> events) {
    public TxReceiptView {
        events = List.copyOf(events);
    }
}
