package io.ballast.actors.account;

import io.ballast.actors.chain.TxFinality;
import java.util.concurrent.CompletionStage;

/** Where an account entity forwards its signed transactions: a validator client that waits for the receipt. */
@FunctionalInterface
public interface FinalitySink {
    CompletionStage<TxFinality> submitAndAwaitFinality(byte[] transaction);
}
