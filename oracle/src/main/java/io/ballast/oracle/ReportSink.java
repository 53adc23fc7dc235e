package io.ballast.oracle;

/**
 * Where an {@link OracleOperator} hands its signed reports: the canonical encoding of a
 * {@link io.ballast.core.ledger.tx.SignedTransaction} ({@code SignedTransaction.encode()}).
 * Called on the operator's actor thread, once per report, in order: implementations must not
 * block for long (enqueue or {@code tell}, don't wait for a network round trip). An exception
 * fails the operator, which restarts with backoff.
 */
@FunctionalInterface
public interface ReportSink {
    void submit(byte[] transaction);
}
