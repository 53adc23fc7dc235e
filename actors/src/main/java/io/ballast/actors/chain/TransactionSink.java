package io.ballast.actors.chain;

import io.ballast.actors.validator.TxAdmission;
import java.util.concurrent.CompletionStage;

/** Where signed transactions go: traders, oracle operators, keepers, margin accounts and the HTTP API use it. */
public interface TransactionSink {
    /** The mempool verdict of one validator. */
    CompletionStage<TxAdmission> submit(byte[] transaction);

    /** Completes when the transaction is in a committed block (with its receipt) or was refused. */
    CompletionStage<TxFinality> submitAndAwaitFinality(byte[] transaction);
}
