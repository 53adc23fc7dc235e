package io.ballast.api.model;

/** @param status PENDING (in a mempool), COMMITTED (then {@code receipt}) or UNKNOWN */
public record TxStatusView(String txHash, String status, TxReceiptView receipt) {}
