package io.ballast.api.model;

/** The answer to {@code POST /v1/tx} without waiting: the mempool admitted the transaction. @param status PENDING or DUPLICATE */
public record TxAccepted(String txHash, String status, String lane) {}
