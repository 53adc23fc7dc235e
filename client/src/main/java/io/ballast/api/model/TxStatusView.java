package io.ballast.api.model;

/**
 * {@code GET /v1/tx/{hash}} (and {@code POST /v1/tx?wait=final} while not final).
 *
 * @param status  PENDING (admitted by this node, not yet in an indexed block; {@code receipt} null) or COMMITTED
 * @param receipt the receipt once COMMITTED (accepted or rejected by the ledger), else null
 */
public record TxStatusView(String txHash, String status, TxReceiptView receipt) {}
