package io.ballast.cluster.devnet;

import io.ballast.actors.chain.TransactionSink;
import io.ballast.actors.chain.NodeClient;
import io.ballast.actors.account.MarginAccount;
import io.ballast.actors.validator.TxAdmission;
import io.ballast.actors.chain.TxFinality;
import io.ballast.core.ledger.tx.SignedTransaction;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * A {@link TransactionSink} that hands each transaction to its signer's {@link MarginAccount}
 * entity (which forwards it to a validator and answers with the receipt). Mempool-only
 * submissions go straight to the validators.
 */
public final class AccountRouter implements TransactionSink {
    private final ClusterSharding sharding;
    private final NodeClient validators;
    private final Duration finalityTimeout;

    public AccountRouter(ActorSystem<?> system, NodeClient validators, Duration finalityTimeout) {
        this.sharding = ClusterSharding.get(system);
        this.validators = validators;
        this.finalityTimeout = finalityTimeout;
    }

    @Override
    public CompletionStage<TxAdmission> submit(byte[] transaction) {
        return validators.submit(transaction);
    }

    @Override
    public CompletionStage<TxFinality> submitAndAwaitFinality(byte[] transaction) {
        String account = SignedTransaction.decode(transaction).signer().toHex();
        return sharding.entityRefFor(MarginAccount.TYPE_KEY, account)
                .ask(replyTo -> new MarginAccount.Submit(transaction, replyTo), finalityTimeout);
    }
}
