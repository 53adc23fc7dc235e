package io.ballast.actors.liquidator;

import io.ballast.actors.chain.ChainFollower.Liquidatable;
import io.ballast.actors.chain.NodeClient;
import io.ballast.actors.chain.TxFinality;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** What a liquidator needs from its node: candidates, its keeper's nonce, and a way to submit and wait. */
public interface KeeperPorts {
    /** Accounts below maintenance with a position in one of {@code marketIds}, at most {@code max}. */
    CompletionStage<Liquidatable> liquidatable(List<String> marketIds, int max);

    /** The account's last used nonce (0 if it has none). */
    CompletionStage<Long> nonce(String accountKeyHex);

    CompletionStage<TxFinality> submitAndAwaitFinality(byte[] transaction);

    /** Through the node's client (validators for submissions, the chain follower for the rest). */
    static KeeperPorts of(NodeClient client) {
        return new KeeperPorts() {
            @Override
            public CompletionStage<Liquidatable> liquidatable(List<String> marketIds, int max) {
                return client.liquidatable(marketIds, max);
            }

            @Override
            public CompletionStage<Long> nonce(String accountKeyHex) {
                return client.nonce(accountKeyHex);
            }

            @Override
            public CompletionStage<TxFinality> submitAndAwaitFinality(byte[] transaction) {
                return client.submitAndAwaitFinality(transaction);
            }
        };
    }
}
