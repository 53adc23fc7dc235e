package io.ballast.actors.liquidator;

import io.ballast.actors.chain.ChainFollower.Liquidatable;
import io.ballast.actors.chain.ExecutedBlock;
import io.ballast.actors.chain.TxFinality;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.persistence.CborSerializable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * A keeper for one market partition ({@code liquidator-<partition>-<replica>}, sharded, one shard
 * each so placement can spread the replicas of a partition over nodes). After each new committed
 * height (from its node's {@link ExecutedBlock} stream) it asks the node's chain follower for accounts
 * below maintenance in its markets and submits at most {@code maxSubmissionsPerBlock} Liquidate
 * transactions signed with its own keeper key, then re-reads its nonce. Two replicas racing is
 * fine (the ledger refuses the second as NOT_LIQUIDATABLE), and the ledger liquidates at block end
 * anyway, so no single keeper is needed for safety. Not persistent: counters are per incarnation.
 */
public final class Liquidator extends AbstractBehavior<Liquidator.Command> {
    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Liquidator");

    public sealed interface Command extends CborSerializable
            permits Start, NewHeight, Found, Submitted, NonceRead, GetStatus, Passivate {}

    /** Starts (or keeps alive) the entity; idempotent. */
    public enum Start implements Command { INSTANCE }

    public record NewHeight(long height) implements Command {}

    public record Found(Liquidatable liquidatable, String failure) implements Command {}

    public record Submitted(long height, List<String> targets, List<TxFinality> results, String failure)
            implements Command {}

    public record NonceRead(long nonce, String failure) implements Command {}

    public record GetStatus(ActorRef<Status> replyTo) implements Command {}

    public enum Passivate implements Command { INSTANCE }

    public record Status(String liquidatorId, List<String> marketIds, String keeperKey, long lastHeight,
                         long submitted, long accepted, long refused) implements CborSerializable {}

    /** Published after each keeper submission reached a verdict. */
    public record KeeperSubmission(String liquidatorId, String target, long scanHeight, boolean accepted, String code,
                                   long committedHeight) {}

    // ---- wiring ---------------------------------------------------------------------------

    public static ActorRef<ShardingEnvelope<Command>> init(ActorSystem<?> system, LiquidatorSetup setup,
                                                         UnaryOperator<Entity<Command, ShardingEnvelope<Command>>> customize) {
        Entity<Command, ShardingEnvelope<Command>> entity = Entity.of(TYPE_KEY,
                        context -> create(context.getEntityId(), setup))
                .withStopMessage(Passivate.INSTANCE)
                .withMessageExtractor(new OneShardEach());
        return ClusterSharding.get(system).init(customize.apply(entity));
    }

    public static Behavior<Command> create(String liquidatorId, LiquidatorSetup setup) {
        return Behaviors.supervise(Behaviors.<Command>setup(context -> {
                    KeyPair key;
                    try {
                        key = setup.keys().load(liquidatorId);
                    } catch (IOException e) {
                        throw new UncheckedIOException(liquidatorId + ": cannot read its keeper key", e);
                    }
                    context.getSystem().eventStream().tell(new EventStream.Subscribe<>(ExecutedBlock.class,
                            context.messageAdapter(ExecutedBlock.class, b -> new NewHeight(b.height()))));
                    return new Liquidator(context, liquidatorId, setup, key);
                }))
                .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    }

    private final String id;
    private final LiquidatorSetup setup;
    private final KeyPair key;
    private final List<String> markets;
    private long lastHeight;
    private long nonce = -1;
    private boolean busy;
    private boolean pending;
    private long submitted;
    private long accepted;
    private long refused;

    private Liquidator(ActorContext<Command> context, String id, LiquidatorSetup setup, KeyPair key) {
        super(context);
        this.id = id;
        this.setup = setup;
        this.key = key;
        this.markets = setup.partitions().get(LiquidatorSetup.partitionOf(id));
        context.getLog().info("{} watches {} with keeper {}", id, markets, key.publicKey().shortHex());
        readNonce();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessageEquals(Start.INSTANCE, () -> this)
                .onMessage(NewHeight.class, this::onNewHeight)
                .onMessage(Found.class, this::onFound)
                .onMessage(Submitted.class, this::onSubmitted)
                .onMessage(NonceRead.class, this::onNonce)
                .onMessage(GetStatus.class, get -> {
                    get.replyTo().tell(new Status(id, markets, key.publicKey().toHex(), lastHeight, submitted,
                            accepted, refused));
                    return this;
                })
                .onMessageEquals(Passivate.INSTANCE, Behaviors::stopped)
                .build();
    }

    private Behavior<Command> onNewHeight(NewHeight height) {
        if (height.height() <= lastHeight) {
            return this; // a height seen already (after a follower replay)
        }
        lastHeight = height.height();
        scanOrDefer();
        return this;
    }

    private void scanOrDefer() {
        if (busy || nonce < 0) {
            pending = true;
            return;
        }
        pending = false;
        busy = true;
        getContext().pipeToSelf(setup.ports().liquidatable(markets, setup.maxSubmissionsPerBlock()),
                (found, failure) -> new Found(found, failure == null ? null : failure.toString()));
    }

    private Behavior<Command> onFound(Found found) {
        if (found.failure() != null || found.liquidatable().accountKeys().isEmpty()) {
            return idle();
        }
        List<String> targets = found.liquidatable().accountKeys().stream().limit(setup.maxSubmissionsPerBlock()).toList();
        List<CompletableFuture<TxFinality>> replies = new ArrayList<>(targets.size());
        for (String target : targets) {
            byte[] tx = SignedTransaction.sign(setup.chainId(), key, ++nonce,
                    new TxBody.Liquidate(Bytes32.fromHex(target))).encode();
            replies.add(setup.ports().submitAndAwaitFinality(tx).toCompletableFuture());
            submitted++;
        }
        long height = found.liquidatable().height();
        getContext().pipeToSelf(CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)), (ok, failure) ->
                new Submitted(height, targets, replies.stream().map(r -> r.getNow(null)).toList(),
                        failure == null ? null : failure.toString()));
        return this;
    }

    private Behavior<Command> onSubmitted(Submitted done) {
        for (int i = 0; i < done.targets().size(); i++) {
            TxFinality result = done.results().get(i);
            boolean ok = result != null && result.isFinal() && result.receipt().accepted();
            String code = result == null ? "NO_REPLY" : result.isFinal() ? result.receipt().code()
                    : result.admission().code() != null ? result.admission().code().name()
                    : String.valueOf(result.admission().refusal());
            if (ok) {
                accepted++;
                getContext().getLog().info("{} liquidated {} (height {})", id, done.targets().get(i).substring(0, 8),
                        result.receipt().height());
            } else {
                refused++;
            }
            getContext().getSystem().eventStream().tell(new EventStream.Publish<>(new KeeperSubmission(id,
                    done.targets().get(i), done.height(), ok, code,
                    result != null && result.isFinal() ? result.receipt().height() : 0)));
        }
        nonce = -1; // a refused transaction leaves later nonces unused: read the committed one again
        readNonce();
        return this;
    }

    private void readNonce() {
        getContext().pipeToSelf(setup.ports().nonce(key.publicKey().toHex()),
                (n, failure) -> new NonceRead(n == null ? -1 : n, failure == null ? null : failure.toString()));
    }

    private Behavior<Command> onNonce(NonceRead read) {
        if (read.failure() != null || read.nonce() < 0) {
            readNonceLater();
            return this;
        }
        nonce = read.nonce();
        return idle();
    }

    private void readNonceLater() {
        getContext().pipeToSelf(CompletableFuture.runAsync(() -> { },
                        CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS))
                .thenCompose(v -> setup.ports().nonce(key.publicKey().toHex())),
                (n, failure) -> new NonceRead(n == null ? -1 : n, failure == null ? null : failure.toString()));
    }

    private Behavior<Command> idle() {
        busy = false;
        if (pending) {
            scanOrDefer();
        }
        return this;
    }

    /** One shard per liquidator, named like it, so the allocation strategy decides per replica. */
    private static final class OneShardEach extends ShardingMessageExtractor<ShardingEnvelope<Command>, Command> {
        @Override
        public String entityId(ShardingEnvelope<Command> envelope) {
            return envelope.entityId();
        }

        @Override
        public String shardId(String entityId) {
            return entityId;
        }

        @Override
        public Command unwrapMessage(ShardingEnvelope<Command> envelope) {
            return envelope.message();
        }
    }
}
