package io.ballast.actors.chain;

import io.ballast.actors.validator.TxAdmission;
import io.ballast.actors.validator.ValidatorEntity;
import io.ballast.core.crypto.Bytes32;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * What code on a node uses to reach the chain: submissions go to the validator entities (round-robin; on a
 * time-out or failure the same request goes to the next one, since a client does not know which validator
 * is down); receipts, nonces and keeper candidates come from the node's {@link ChainFollower}.
 */
public final class NodeClient implements TransactionSink {
    private final ActorSystem<?> system;
    private final ClusterSharding sharding;
    private final List<String> validators;
    private final ActorRef<ChainFollower.Command> follower;
    private final Duration askTimeout;
    private final Duration finalityTimeout;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;

    public NodeClient(ActorSystem<?> system, List<String> validators, ActorRef<ChainFollower.Command> follower,
                      Duration askTimeout, Duration finalityTimeout) {
        this.system = system;
        this.sharding = ClusterSharding.get(system);
        this.validators = List.copyOf(validators);
        this.follower = follower;
        this.askTimeout = askTimeout;
        this.finalityTimeout = finalityTimeout;
    }

    @Override
    public CompletionStage<TxAdmission> submit(byte[] transaction) {
        return withFailover(ref -> ref.ask(replyTo -> new ValidatorEntity.SubmitTransaction(transaction, replyTo),
                askTimeout), validators.size());
    }

    /** Submits, then waits at the follower for the receipt (at most the finality time-out). */
    @Override
    public CompletionStage<TxFinality> submitAndAwaitFinality(byte[] transaction) {
        return submit(transaction).thenCompose(admission -> !admission.admitted()
                ? CompletableFuture.completedFuture(new TxFinality(admission, null))
                : awaitReceipt(admission.txHash(), finalityTimeout).thenApply(receipt -> receipt != null
                ? new TxFinality(admission, receipt)
                : new TxFinality(TxAdmission.refused(admission.txHash(), TxAdmission.Refusal.UNAVAILABLE, null, 1_000,
                "not committed within " + finalityTimeout.toMillis() + " ms"), null)));
    }

    /** The receipt once the follower executed the transaction's block, or null after {@code maxWait}. */
    public CompletionStage<TxReceipt> awaitReceipt(String txHash, Duration maxWait) {
        return AskPattern.<ChainFollower.Command, ChainFollower.ReceiptAnswer>ask(follower,
                        replyTo -> new ChainFollower.AwaitReceipt(txHash, maxWait, replyTo), maxWait.plusSeconds(2),
                        system.scheduler())
                .thenApply(ChainFollower.ReceiptAnswer::receipt);
    }

    /** Runs {@code read} on the follower's ledger state (after its latest executed block). */
    public <T> CompletionStage<T> read(Function<io.ballast.core.ledger.LedgerState, T> read) {
        return AskPattern.ask(follower, replyTo -> new ChainFollower.Read<>(read, replyTo), askTimeout, system.scheduler());
    }

    /** An account's nonce and balances after the follower's latest block (the collateral authority: its deposit nonce). */
    public record AccountInfo(String accountKey, boolean exists, long nonce, long collateralUsd, long equityUsd) {}

    public CompletionStage<AccountInfo> account(String accountKeyHex) {
        Bytes32 key = Bytes32.fromHex(accountKeyHex);
        return read(state -> {
            if (key.equals(state.genesis().collateralAuthority())) {
                return new AccountInfo(accountKeyHex, true, state.collateralAuthorityNonce(), 0, 0);
            }
            return state.accountView(key)
                    .map(view -> new AccountInfo(accountKeyHex, true, view.nonce(), view.collateralUsd(), view.equityUsd()))
                    .orElseGet(() -> new AccountInfo(accountKeyHex, false, state.nonceOf(key), 0, 0));
        });
    }

    /** The account's last used nonce (the authority's for the collateral authority; 0 for an unknown account). */
    public CompletionStage<Long> nonce(String accountKeyHex) {
        Bytes32 key = Bytes32.fromHex(accountKeyHex);
        return read(state -> key.equals(state.genesis().collateralAuthority()) ? state.collateralAuthorityNonce()
                : state.nonceOf(key));
    }

    /** Accounts below maintenance with a position in one of {@code marketIds} (the follower's view), at most {@code max}. */
    public CompletionStage<ChainFollower.Liquidatable> liquidatable(List<String> marketIds, int max) {
        return AskPattern.ask(follower, replyTo -> new ChainFollower.GetLiquidatable(marketIds, max, replyTo), askTimeout,
                system.scheduler());
    }

    public CompletionStage<ValidatorEntity.Status> status(String validatorId) {
        return ref(validatorId).ask(ValidatorEntity.GetStatus::new, askTimeout);
    }

    public ActorRef<ChainFollower.Command> follower() {
        return follower;
    }

    /** The client was closed (the node is shutting down). */
    public static final class ClosedException extends IllegalStateException {
        ClosedException() {
            super("node client closed");
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
