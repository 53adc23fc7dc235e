package io.ballast.api.model;

import java.util.List;
import java.util.Map;

/**
 * A committed block: header, transactions (in the {@code POST /v1/tx} JSON format), receipts and the commit certificate.
 * Also the data of each {@code block} event of {@code GET /v1/stream} (id = height).
 */
public record BlockView(long height, String hash, HeaderView header, List<Map<String, Object>> transactions,
                        List<TxReceiptView> receipts, List<LedgerEventView> blockEvents, CertificateView certificate) {
    public BlockView {
        transactions = List.copyOf(transactions);
        receipts = List.copyOf(receipts);
        blockEvents = List.copyOf(blockEvents);
    }
}
