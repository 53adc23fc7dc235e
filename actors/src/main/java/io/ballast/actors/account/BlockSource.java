package io.ballast.actors.account;

import io.ballast.actors.validator.BlockFinalized;
import io.ballast.actors.validator.BlockReplay;
import io.ballast.actors.validator.ValidatorEntity;
import io.ballast.actors.validator.ValidatorSetup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** Where the projector fetches heights it missed: consecutive published blocks from {@code fromHeight}, at most {@code max}. */
@FunctionalInterface
public interface BlockSource {
    CompletionStage<List<BlockFinalized>> from(long fromHeight, int max);

    /**
     * First the validators' in-memory recent blocks (one validator after another), then, when no
     * validator still holds the height (e.g. after a restart of every validator), a re-execution of
     * a validator's block log from genesis ({@link BlockReplay}).
     */
    static BlockSource validators(ActorSystem<?> system, ValidatorSetup setup, List<String> validatorIds,
                                  Duration askTimeout) {
        ClusterSharding sharding = ClusterSharding.get(system);
        return (fromHeight, max) -> {
            CompletionStage<List<BlockFinalized>> result = CompletableFuture.completedFuture(List.of());
            for (String id : validatorIds) {
                result = result.thenCompose(found -> !found.isEmpty() ? CompletableFuture.completedFuture(found)
                        : sharding.entityRefFor(ValidatorEntity.TYPE_KEY, id)
                        .<ValidatorEntity.FinalizedBlocks>ask(replyTo -> new ValidatorEntity.GetFinalizedBlocks(
                                fromHeight, max, replyTo), askTimeout)
                        .handle((reply, failure) -> reply == null ? List.<BlockFinalized>of() : reply.blocks()));
            }
            for (String id : validatorIds) {
                result = result.thenCompose(found -> !found.isEmpty() ? CompletableFuture.completedFuture(found)
                        : BlockReplay.finalized(system, setup, id, fromHeight, max));
            }
            return result;
        };
    }
}
