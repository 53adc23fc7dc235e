package io.ballast.cluster.devnet;

import io.ballast.actors.validator.TxAdmission;
import io.ballast.actors.validator.ValidatorEntity.TxFinality;
import java.util.concurrent.CompletionStage;

/**
 * Where signed transactions go. The devnet traders use it; the devnet's oracle operators'
 * {@code ReportSink.submit(byte[] tx)} can delegate to {@link #submit}.
 */
public interface TransactionSink {
    /** The mempool verdict of one validator. */
    CompletionStage<TxAdmission> submit(byte[] transaction);

    /** Completes when the transaction is in a committed block (with its receipt) or was refused. */
    CompletionStage<TxFinality> submitAndAwaitFinality(byte[] transaction);
}
