package io.ballast.cluster.devnet;

import io.ballast.actors.validator.ValidatorEntity;
import io.ballast.actors.validator.ValidatorEntity.AccountInfo;
import io.ballast.actors.validator.TxAdmission;
import io.ballast.actors.validator.ValidatorEntity.TxFinality;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * A client of the validator entities: round-robin over validators, and on a time-out or failure the
 * same request goes to the next one (a client does not know which validator is down).
 */
public final class ValidatorClient implements TransactionSink {
    private final ClusterSharding sharding;
    private final List<String> validators;
    private final Duration askTimeout;
    private final Duration finalityTimeout;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;

    public ValidatorClient(ActorSystem<?> system, List<String> validators, Duration askTimeout, Duration finalityTimeout) {
        this.sharding = ClusterSharding.get(system);
        this.validators = List.copyOf(validators);
        this.askTimeout = askTimeout;
        this.finalityTimeout = finalityTimeout;
    }

    @Override
    public CompletionStage<TxAdmission> submit(byte[] transaction) {
        return withFailover(ref -> ref.ask(replyTo -> new ValidatorEntity.SubmitTransaction(transaction, replyTo),
                askTimeout), validators.size());
    }

    @Override
    public CompletionStage<TxFinality> submitAndAwaitFinality(byte[] transaction) {
        return withFailover(ref -> ref.ask(replyTo -> new ValidatorEntity.SubmitAndAwaitFinality(transaction, replyTo),
                finalityTimeout), 2);
    }

    public CompletionStage<AccountInfo> account(String keyHex) {
        return withFailover(ref -> ref.ask(replyTo -> new ValidatorEntity.GetAccount(keyHex, replyTo), askTimeout),
                validators.size());
    }

    public CompletionStage<ValidatorEntity.Liquidatable> liquidatable(List<String> marketIds, int max) {
        return withFailover(ref -> ref.ask(replyTo -> new ValidatorEntity.GetLiquidatable(marketIds, max, replyTo),
                askTimeout), validators.size());
    }

    /** What liquidators need from the validators. */
    public io.ballast.actors.liquidator.KeeperPorts keeperPorts() {
        return new io.ballast.actors.liquidator.KeeperPorts() {
            @Override
            public CompletionStage<ValidatorEntity.Liquidatable> liquidatable(List<String> marketIds, int max) {
                return ValidatorClient.this.liquidatable(marketIds, max);
            }

            @Override
            public CompletionStage<Long> nonce(String accountKeyHex) {
                return account(accountKeyHex).thenApply(AccountInfo::nonce);
            }

            @Override
            public CompletionStage<TxFinality> submitAndAwaitFinality(byte[] transaction) {
                return ValidatorClient.this.submitAndAwaitFinality(transaction);
            }
        };
    }

    public CompletionStage<ValidatorEntity.Status> status(String validatorId) {
        return ref(validatorId).ask(ValidatorEntity.GetStatus::new, askTimeout);
    }

    /** The client was closed (the node is shutting down). */
    public static final class ClosedException extends IllegalStateException {
        ClosedException() {
            super("validator client closed");
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Fails every later request at once (a node shutting down stops taking client traffic). */
    public void close() {
        closed = true;
    }

    public EntityRef<ValidatorEntity.Command> ref(String validatorId) {
        return sharding.entityRefFor(ValidatorEntity.TYPE_KEY, validatorId);
    }

    private <T> CompletionStage<T> withFailover(Function<EntityRef<ValidatorEntity.Command>, CompletionStage<T>> ask,
                                                int attempts) {
        if (closed) {
            return CompletableFuture.failedFuture(new ClosedException());
        }
        int start = Math.floorMod(next.getAndIncrement(), validators.size());
        return attempt(ask, start, attempts);
    }

    private <T> CompletionStage<T> attempt(Function<EntityRef<ValidatorEntity.Command>, CompletionStage<T>> ask,
                                           int index, int attemptsLeft) {
        CompletionStage<T> reply = ask.apply(ref(validators.get(index % validators.size())));
        if (attemptsLeft <= 1) {
            return reply;
        }
        return reply.handle((value, failure) -> failure == null
                        ? CompletableFuture.completedFuture(value)
                        : attempt(ask, index + 1, attemptsLeft - 1))
                .thenCompose(Function.identity());
    }
}
