package io.ballast.actors.account;

import io.ballast.actors.chain.AccountBalances;
import io.ballast.actors.chain.AccountBlock;
import io.ballast.actors.chain.LedgerEntry;
import io.ballast.actors.chain.MarginLevel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** How the projector reaches account entities; each stage completes once the account has persisted (or ignored) it. */
public interface AccountDelivery {
    CompletionStage<MarginAccount.Projected> project(String accountKey, List<AccountBlock> blocks);

    CompletionStage<MarginAccount.Projected> margin(String accountKey, MarginLevel level);

    /** Through Cluster Sharding to the {@link MarginAccount} entities, wherever they live. */
    static AccountDelivery sharded(ActorSystem<?> system, Duration askTimeout) {
        ClusterSharding sharding = ClusterSharding.get(system);
        return new AccountDelivery() {
            @Override
            public CompletionStage<MarginAccount.Projected> project(String accountKey, List<AccountBlock> blocks) {
                return sharding.entityRefFor(MarginAccount.TYPE_KEY, accountKey)
                        .ask(replyTo -> new MarginAccount.Project(blocks, replyTo), askTimeout);
            }

            @Override
            public CompletionStage<MarginAccount.Projected> margin(String accountKey, MarginLevel level) {
                return sharding.entityRefFor(MarginAccount.TYPE_KEY, accountKey)
                        .ask(replyTo -> new MarginAccount.UpdateMargin(level, replyTo), askTimeout);
            }
        };
    }
}
