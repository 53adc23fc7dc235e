package io.ballast.actors.validator;

import io.ballast.core.app.LedgerApplication;
import io.ballast.core.consensus.Action;
import io.ballast.core.consensus.Actions;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.consensus.Event.Received;
import io.ballast.core.consensus.Event.SubmitTransactions;
import io.ballast.core.consensus.Event.TimerFired;
import io.ballast.core.consensus.Message;
import io.ballast.core.consensus.SafetyRules;
import io.ballast.core.consensus.SafetyState;
import io.ballast.core.consensus.Timer;
import io.ballast.core.consensus.TxResult;
import io.ballast.core.consensus.Validator;
import io.ballast.core.consensus.host.ActionInterpreter;
import io.ballast.core.consensus.host.ValidatorStore;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.encoding.DecodingException;
import io.ballast.core.ledger.SignatureVerifier;
import io.ballast.actors.node.NodeSignatures;
import io.ballast.persistence.CborSerializable;
import io.ballast.persistence.kryo.KryoSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One validator as a persistent, sharded entity: a thin shell around core's consensus
 * {@link Validator} with the {@link LedgerApplication}. It turns peer bytes, timers and client
 * transactions into consensus events and performs the returned actions in order: the
 * {@code toPersist} group becomes journal events, and only once they are written (in
 * {@code thenRun}) does it send, schedule timers, answer clients and publish {@link BlockFinalized}.
 *
 * <p>Events are per block, never per transaction: the safety state (each signature), the lock
 * proof (each lock), each committed block with its certificate, and checkpoints from snapshot
 * sync. All payloads are core's canonical encodings, so the event classes stay small and stable
 * (schema version 1; see persistence/README.md for migrations). The signing key is read from a key
 * file when the entity starts and is never persisted.
 *
 * <p>Recovery: a Kryo {@link Snapshot} (taken when the validator has a new restart point, i.e.
 * every {@code snapshotIntervalBlocks}) holds the ledger checkpoint and the few blocks after it;
 * later events are replayed into a {@link ValidatorStore}, then {@link Validator#restore} re-executes the
 * blocks above the checkpoint.
 */
public final class ValidatorEntity
        extends EventSourcedBehaviorWithEnforcedReplies<ValidatorEntity.Command, ValidatorEntity.Event, ValidatorStore> {
    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Validator");
    // ---- commands -------------------------------------------------------------------------

    public sealed interface Command extends CborSerializable
            permits Deliver, Preverified, TimerDue, Start, SubmitTransaction, FlushSubmissions, GetStatus, GetBlock, GetMempool, Passivate {}

    /** Consensus bytes from a peer validator (exactly as its core produced them). */
    public record Deliver(byte[] bytes) implements Command {}

    /** A delivered gossip batch or proposal whose transactions' signatures the node's verification pool has checked. */
    public record Preverified(byte[] bytes) implements Command {}

    /** A consensus timer is due. */
    public record TimerDue(Timer.Kind kind, long height, int round) implements Command {}

    /** Sent to itself after recovery: starts the consensus state machine. */
    public enum Start implements Command { INSTANCE }

    /** A client transaction; the reply is the mempool's verdict. */
    public record SubmitTransaction(byte[] transaction, ActorRef<TxAdmission> replyTo) implements Command {}

    /**
     * Sent to itself when a submission arrives with none buffered: it queues behind every submission already in the
     * mailbox, so all of them enter consensus as one step (one gossip message per peer, not one per transaction).
     */
    public enum FlushSubmissions implements Command { INSTANCE }

    public record GetStatus(ActorRef<Status> replyTo) implements Command {}

    /** A recently committed block (within consensus' in-memory window); read-only, for the nodes' chain followers. */
    public record GetBlock(long height, ActorRef<BlockBytes> replyTo) implements Command {}

    /** Mempool depth per lane and the consensus position; read-only, for the HTTP API's status. */
    public record GetMempool(ActorRef<MempoolDepth> replyTo) implements Command {}

    /** Stops the entity (sharding's stop message; also used by chaos runs). */
    public enum Passivate implements Command { INSTANCE }

    // ---- replies --------------------------------------------------------------------------

    public record Status(String validatorId, long height, int round, long lastCommittedHeight, String stateRoot,
                         int mempoolTransactions, boolean awaitingSnapshot) implements CborSerializable {}

    /** @param committedBlock {@link CommittedBlock#encode()}, or null when the height is outside the window */
    public record BlockBytes(String validatorId, long height, byte[] committedBlock) implements CborSerializable {}

    /** @param laneDepths pending transactions per mempool lane (0 oracle/liquidation/top-up, 1 withdrawal, 2 trade) */
    public record MempoolDepth(String validatorId, long height, int round, long lastCommittedHeight,
                               List<Integer> laneDepths) implements CborSerializable {}

    // ---- events ---------------------------------------------------------------------------

    public sealed interface Event extends CborSerializable
            permits SafetyStatePersisted, LockPersisted, BlockCommitted, CheckpointPersisted {}

    /** {@link SafetyState#encode()}: the last signature; overwrites the previous one. */
    public record SafetyStatePersisted(byte[] safetyState) implements Event {}

    /** {@link io.ballast.core.consensus.LockProof#encode()}: the locked block and its polka; overwrites the previous one. */
    public record LockPersisted(byte[] lockProof) implements Event {}

    /** {@link CommittedBlock#encode()}: a final block with its commit certificate. */
    public record BlockCommitted(long height, byte[] committedBlock) implements Event {}

    /** {@link io.ballast.core.consensus.Checkpoint#encode()} after installing a peer's snapshot; blocks at or below it are no longer needed. */
    public record CheckpointPersisted(long height, byte[] checkpoint) implements Event {}

    // ---- state ----------------------------------------------------------------------------

    /** The Pekko snapshot (Kryo): a ledger checkpoint plus the blocks after it and the safety state. */
    public record Snapshot(int formatVersion, byte[] safetyState, byte[] lockProof, byte[] checkpoint,
                           long checkpointHeight, long firstBlockHeight, ArrayList<byte[]> blocks)
            implements KryoSnapshot {
        public static final int FORMAT_VERSION = 1;
    }

    // ---- wiring ---------------------------------------------------------------------------

    /** Registers the sharded entity type (one shard per validator, see {@link #shardOf}). */
    public static ActorRef<ShardingEnvelope<Command>> init(ActorSystem<?> system, ValidatorSetup setup) {
        return init(system, setup, entity -> entity);
    }

    /** As {@link #init(ActorSystem, ValidatorSetup)}, letting the host adjust the entity (allocation strategy, roles). */
    public static ActorRef<ShardingEnvelope<Command>> init(ActorSystem<?> system, ValidatorSetup setup,
                                                         java.util.function.UnaryOperator<Entity<Command, ShardingEnvelope<Command>>> customize) {
        ValidatorIds ids = new ValidatorIds(setup.genesis());
        return init(system, setup, new ShardedTransport(system, ids, setup.shim()), customize);
    }

    /**
     * As {@link #init(ActorSystem, ValidatorSetup, java.util.function.UnaryOperator)} with the entities' outbound
     * {@code transport} given (e.g. an operator's peer transport) instead of delivery through this cluster's sharding.
     */
    public static ActorRef<ShardingEnvelope<Command>> init(ActorSystem<?> system, ValidatorSetup setup,
                                                         PeerTransport transport,
                                                         java.util.function.UnaryOperator<Entity<Command, ShardingEnvelope<Command>>> customize) {
        Entity<Command, ShardingEnvelope<Command>> entity = Entity.of(TYPE_KEY,
                        context -> create(context.getEntityId(), setup, transport))
                .withStopMessage(Passivate.INSTANCE)
                .withMessageExtractor(new OneShardPerValidator());
        Entity<Command, ShardingEnvelope<Command>> customized = customize.apply(entity);
        // the shard lease goes on last, over whatever settings the host chose: a host cannot drop it by accident
        ClusterShardingSettings settings = customized.settings().orElseGet(() -> ClusterShardingSettings.create(system));
        return ClusterSharding.get(system).init(customized.withSettings(shardingSettings(system, settings)));
    }

    /**
     * {@code settings} for the validator entity type: with the shard lease of {@link SigningFence} when one is
     * configured (a shard starts its validator only while it holds the lease). {@link #init} applies it itself.
     */
    public static ClusterShardingSettings shardingSettings(ActorSystem<?> system, ClusterShardingSettings settings) {
        return SigningFence.shardingSettings(system, settings);
    }

    /** One shard per validator, named like the entity, so placement decides per validator. */
    public static String shardOf(String validatorId) {
        return validatorId;
    }

    /**
     * The entity behavior, supervised: a failure restarts this entity alone, with backoff. Its signing fence is the
     * configured shard lease ({@link SigningFence#of}).
     */
    public static Behavior<Command> create(String validatorId, ValidatorSetup setup, PeerTransport transport) {
        return create(validatorId, setup, transport, system -> SigningFence.of(system, validatorId));
    }

    /** As {@link #create(String, ValidatorSetup, PeerTransport)} with the fence given (tests, other hosts). */
    public static Behavior<Command> create(String validatorId, ValidatorSetup setup, PeerTransport transport,
                                           java.util.function.Function<ActorSystem<?>, SigningFence> fence) {
        return Behaviors.supervise(Behaviors.<Command>setup(context -> Behaviors.withTimers(timers ->
                        new ValidatorEntity(validatorId, setup, transport, fence.apply(context.getSystem()),
                                context, timers))))
                .onFailure(SupervisorStrategy.restartWithBackoff(setup.restartBackoffMin(), setup.restartBackoffMax(), 0.2));
    }

    // ---- the shell ------------------------------------------------------------------------

    private final String validatorId;
    private final ValidatorSetup setup;
    private final PeerTransport transport;
    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private LedgerApplication app;
    private Validator validator;
    private boolean started;
    /** Submissions waiting for their {@link FlushSubmissions} (at most maxBlockTxs: a full buffer flushes at once). */
    private final List<SubmitTransaction> submissions = new ArrayList<>();
    private final NodeSignatures signatures;
    private final String incarnation = java.util.UUID.randomUUID().toString().substring(0, 8);
    private final SigningFence fence;

    private ValidatorEntity(String validatorId, ValidatorSetup setup, PeerTransport transport, SigningFence fence,
                            ActorContext<Command> context, TimerScheduler<Command> timers) {
        super(PersistenceId.of(TYPE_KEY.name(), validatorId),
                SupervisorStrategy.restartWithBackoff(setup.restartBackoffMin(), setup.restartBackoffMax(), 0.2));
        this.validatorId = validatorId;
        this.setup = setup;
        this.transport = transport;
        this.context = context;
        this.timers = timers;
        this.signatures = NodeSignatures.get(context.getSystem());
        this.fence = fence;
    }

    @Override
    public ValidatorStore emptyState() {
        return ValidatorStore.EMPTY;
    }

    @Override
    public SignalHandler<ValidatorStore> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), this::onRecovered)
                .onSignal(org.apache.pekko.actor.typed.PostStop.instance(), state -> context.getLog().info(
                        "{} incarnation {} on {} stopped", validatorId, incarnation, selfAddress()))
                .build();
    }

    private void onRecovered(ValidatorStore state) {
        KeyPair keys;
        try {
            keys = setup.keys().load(validatorId);
        } catch (IOException e) {
            throw new UncheckedIOException("validator " + validatorId + ": cannot read its key file", e);
        }
        long startNanos = System.nanoTime();
        app = new LedgerApplication(setup.genesis(), signatures);
        validator = state.restore(setup.consensus(), ValidatorIds.consensusGenesis(setup.genesis()), keys, app,
                SafetyRules.SAFE);
        ValidatorRecovered recovered = new ValidatorRecovered(validatorId, validator.lastCommittedHeight(),
                validator.stateRoot().toHex(), state.checkpointHeight(), state.blocks().size(),
                (System.nanoTime() - startNanos) / 1_000_000);
        context.getLog().info("{} recovered at height {} (checkpoint {}, {} blocks re-executed) in {} ms; incarnation {} on {}",
                validatorId, recovered.height(), recovered.checkpointHeight(), recovered.blocksReexecuted(),
                recovered.recoveryMillis(), incarnation, selfAddress());
        context.getSystem().eventStream().tell(new org.apache.pekko.actor.typed.eventstream.EventStream.Publish<>(recovered));
        context.getSelf().tell(Start.INSTANCE);
    }

    @Override
    public CommandHandlerWithReply<Command, Event, ValidatorStore> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
                .onCommand(Deliver.class, (state, deliver) -> onDeliver(deliver.bytes()))
                .onCommand(Preverified.class, (state, verified) -> step(new Received(verified.bytes(), now())))
                .onCommand(TimerDue.class, (state, due) -> step(new TimerFired(
                        new Timer(due.kind(), due.height(), due.round()), now())))
                .onCommand(Start.class, (state, start) -> step(null))
                .onCommand(SubmitTransaction.class, this::onSubmit)
                .onCommand(FlushSubmissions.class, (state, flush) -> flushSubmissions())
                .onCommand(GetStatus.class, (state, get) -> Effect().reply(get.replyTo(), status()))
                .onCommand(GetBlock.class, (state, get) -> Effect().reply(get.replyTo(), block(get.height())))
                .onCommand(GetMempool.class, (state, get) -> Effect().reply(get.replyTo(), mempoolDepth()))
                .onCommand(Passivate.class, (state, stop) -> Effect().stop().thenNoReply())
                .build();
    }

    /**
     * Messages carrying client transactions (gossip, proposals) reach consensus once the node's verification pool has
     * checked their signatures, so the mailbox never waits on thousands of verifications; everything else at once. When
     * the pool is saturated, gossip is dropped (its transactions stay in the sender's mempool) and a proposal is
     * verified in line.
     */
    private ReplyEffect<Event, ValidatorStore> onDeliver(byte[] bytes) {
        if (bytes.length == 0 || (bytes[0] != Message.KIND_TX_GOSSIP && bytes[0] != Message.KIND_PROPOSAL)) {
            return step(new Received(bytes, now()));
        }
        Message message;
        try {
            message = Message.decode(bytes, setup.consensus());
        } catch (DecodingException malformed) {
            return step(new Received(bytes, now())); // the validator refuses it and says why
        }
        List<byte[]> transactions = message instanceof Message.TxGossip gossip ? gossip.transactions()
                : message instanceof Message.Proposal proposal ? proposal.block().transactions() : List.of();
        if (transactions.isEmpty()) {
            return step(new Received(bytes, now()));
        }
        SignatureVerifier.Purpose purpose = message instanceof Message.TxGossip
                ? SignatureVerifier.Purpose.MEMPOOL : SignatureVerifier.Purpose.EXECUTION;
        CompletableFuture<Void> verified = signatures.preverify(transactions, setup.genesis().chainId(), purpose);
        if (verified == null) {
            if (message instanceof Message.TxGossip) {
                return Effect().noReply();
            }
            return step(new Received(bytes, now()));
        }
        context.pipeToSelf(verified, (done, failure) -> new Preverified(bytes));
        return Effect().noReply();
    }

    private ReplyEffect<Event, ValidatorStore> onSubmit(ValidatorStore state, SubmitTransaction submit) {
        submissions.add(submit);
        if (submissions.size() == 1) {
            context.getSelf().tell(FlushSubmissions.INSTANCE);
        }
        return submissions.size() >= setup.consensus().maxBlockTxs() ? flushSubmissions() : Effect().noReply();
    }

    /** The buffered submissions as one consensus step; each submitter gets its transaction's verdict. */
    private ReplyEffect<Event, ValidatorStore> flushSubmissions() {
        if (submissions.isEmpty()) {
            return Effect().noReply();
        }
        List<SubmitTransaction> batch = List.copyOf(submissions);
        submissions.clear();
        List<Actions> steps = steps(new SubmitTransactions(batch.stream().map(SubmitTransaction::transaction).toList(), now()));
        List<TxAdmission> admissions = admissionsIn(steps);
        if (admissions.size() != batch.size()) {
            throw new IllegalStateException("consensus returned " + admissions.size() + " outcomes for "
                    + batch.size() + " submitted transactions");
        }
        return perform(steps, () -> {
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).replyTo().tell(admissions.get(i));
            }
        });
    }

    private static List<TxAdmission> admissionsIn(List<Actions> steps) {
        List<TxAdmission> admissions = new ArrayList<>();
        for (Actions actions : steps) {
            for (Action action : actions.notifications()) {
                if (action instanceof Action.TxOutcome outcome) {
                    admissions.add(TxAdmission.of(outcome.result()));
                }
            }
        }
        return admissions;
    }

    private ReplyEffect<Event, ValidatorStore> step(io.ballast.core.consensus.Event event) {
        return perform(steps(event), () -> { });
    }

    /** Starts the state machine first if needed, then steps the event (null: only start). */
    private List<Actions> steps(io.ballast.core.consensus.Event event) {
        List<Actions> steps = new ArrayList<>(2);
        if (!started) {
            started = true;
            steps.add(validator.step(new io.ballast.core.consensus.Event.Start(now())));
        }
        if (event != null) {
            steps.add(validator.step(event));
        }
        return steps;
    }

    /**
     * Through the shared host interpreter: the persist actions of every step become journal events, and
     * only once they are written (in {@code thenRun}) do sends, timers, replies and publications happen.
     */
    private ReplyEffect<Event, ValidatorStore> perform(List<Actions> steps, Runnable reply) {
        JournalHost host = new JournalHost();
        for (Actions actions : steps) {
            ActionInterpreter.perform(actions, host);
        }
        Runnable afterWrite = () -> {
            host.continuations.forEach(Runnable::run);
            reply.run();
            publish(host.committed);
        };
        if (host.events.isEmpty()) {
            afterWrite.run();
            return Effect().noReply();
        }
        if (!fence.maySign()) { // a signature, a lock or a block: only the lease holder writes (SigningFence)
            context.getLog().warn("{} incarnation {} on {} cannot confirm its {}: writes and sends nothing, stops",
                    validatorId, incarnation, selfAddress(), fence);
            return Effect().stop().thenNoReply();
        }
        return Effect().persist(host.events).thenRun(state -> {
            if (fence.maySign()) {
                afterWrite.run();
            } else { // lost while writing: nothing leaves this incarnation; a successor recovers what was written
                context.getLog().warn("{} incarnation {} on {} lost its {} during a write: sends nothing, stops",
                        validatorId, incarnation, selfAddress(), fence);
                context.getSelf().tell(Passivate.INSTANCE);
            }
        }).thenNoReply();
    }

    /** Collects one command's persist actions as events; everything else waits for the write. */
    private final class JournalHost implements ActionInterpreter.Host {
        final List<Event> events = new ArrayList<>();
        final List<Runnable> continuations = new ArrayList<>();
        final List<BlockFinalized> committed = new ArrayList<>();

        @Override
        public void persist(List<Action> actions, Runnable andThen) {
            for (Action action : actions) {
                events.add(toEvent(action));
            }
            continuations.add(andThen);
        }

        /** Called once the events are written: the block's event is at its place counted back from the last one. */
        @Override
        public void committed(Action.Commit commit) {
            long height = commit.block().height();
            int index = -1;
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i) instanceof BlockCommitted block && block.height() == height) {
                    index = i;
                }
            }
            if (index < 0) {
                throw new IllegalStateException("block " + height + " committed without its journal event");
            }
            long sequenceNr = lastSequenceNumber(context) - (events.size() - 1 - index);
            committed.add(new BlockFinalized(validatorId, height, commit.block().block().header().timestampMillis(),
                    commit.stateRoot().toHex(), commit.block().block().header().proposer(), sequenceNr));
        }

        @Override
        public void send(io.ballast.core.consensus.Message message, byte[] bytes, List<Bytes32> to) {
            for (Bytes32 key : to) {
                transport.send(validatorId, key, bytes);
            }
        }

        @Override
        public void schedule(Timer timer, long atMillis) {
            TimerDue due = new TimerDue(timer.kind(), timer.height(), timer.round());
            timers.startSingleTimer(due, due, Duration.ofMillis(Math.max(0, atMillis - now())));
        }

        @Override
        public void evidenceFound(io.ballast.core.consensus.Evidence evidence) {
            io.ballast.core.consensus.Vote first = evidence.first();
            io.ballast.core.consensus.Vote second = evidence.second();
            context.getLog().warn("{} found equivocation by {}: {} at height {} round {} for {} (t={}) and {} (t={})",
                    validatorId, evidence.offender().shortHex(), first.type(), first.height(), first.round(),
                    first.blockHash().shortHex(), first.timestampMillis(), second.blockHash().shortHex(),
                    second.timestampMillis());
            context.getSystem().eventStream().tell(new org.apache.pekko.actor.typed.eventstream.EventStream.Publish<>(
                    new EquivocationDetected(validatorId, evidence.offender().toHex(), first.type().name(),
                            first.height(), first.round())));
        }
    }

    private static Event toEvent(Action action) {
        if (action instanceof Action.PersistSafetyState safety) {
            return new SafetyStatePersisted(safety.state().encode());
        } else if (action instanceof Action.PersistLock lock) {
            return new LockPersisted(lock.lock().encode());
        } else if (action instanceof Action.Commit commit) {
            return new BlockCommitted(commit.block().height(), commit.block().encode());
        } else if (action instanceof Action.PersistCheckpoint checkpoint) {
            return new CheckpointPersisted(checkpoint.checkpoint().height(), checkpoint.checkpoint().encode());
        }
        throw new IllegalArgumentException("not a persist action: " + action);
    }

    /** Announces each committed block on the node's event stream and the cluster-wide {@link BlockFeed}. */
    private void publish(List<BlockFinalized> blocks) {
        for (BlockFinalized block : blocks) {
            context.getSystem().eventStream().tell(new org.apache.pekko.actor.typed.eventstream.EventStream.Publish<>(block));
            BlockFeed.get(context.getSystem()).publish(block);
        }
    }

    private Status status() {
        return new Status(validatorId, validator.height(), validator.round(), validator.lastCommittedHeight(),
                validator.stateRoot().toHex(), validator.mempool().size(), validator.isAwaitingSnapshot());
    }

    private BlockBytes block(long height) {
        CommittedBlock block = validator.committedBlock(height);
        return new BlockBytes(validatorId, height, block == null ? null : block.encode());
    }

    private MempoolDepth mempoolDepth() {
        List<Integer> lanes = new ArrayList<>();
        for (int lane = 0; lane < io.ballast.core.consensus.ConsensusConfig.LANES; lane++) {
            lanes.add(validator.mempool().size(lane));
        }
        return new MempoolDepth(validatorId, validator.height(), validator.round(), validator.lastCommittedHeight(), lanes);
    }

    /** This node's address, for logs that tell incarnations apart (no cluster needed: entity tests run without one). */
    private String selfAddress() {
        return context.getSystem().address().toString();
    }

    private long now() {
        return setup.clockMillis().getAsLong();
    }

    // ---- events and snapshots -------------------------------------------------------------

    @Override
    public EventHandler<ValidatorStore, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(SafetyStatePersisted.class, (state, e) -> state.withSafety(e.safetyState()))
                .onEvent(LockPersisted.class, (state, e) -> state.withLock(e.lockProof()))
                .onEvent(BlockCommitted.class, (state, e) -> state.withBlock(e.height(), e.committedBlock(),
                        setup.retainedBlocks()))
                .onEvent(CheckpointPersisted.class, (state, e) -> state.withCheckpoint(e.height(), e.checkpoint()))
                .build();
    }

    /** Snapshot (compact) when the live validator has a restart point attested by the block just committed. */
    @Override
    public boolean shouldSnapshot(ValidatorStore state, Event event, long sequenceNr) {
        return event instanceof BlockCommitted committed && validator != null
                && state.compactionDue(validator, committed.height());
    }

    @Override
    public SnapshotAdapter<ValidatorStore> snapshotAdapter() {
        return new SnapshotAdapter<>() {
            @Override
            public Object toJournal(ValidatorStore state) {
                ValidatorStore compact = validator == null ? state : state.compacted(validator);
                return new Snapshot(Snapshot.FORMAT_VERSION, compact.safetyState(), compact.lockProof(),
                        compact.checkpoint(), compact.checkpointHeight(), compact.firstBlockHeight(),
                        new ArrayList<>(compact.blocks()));
            }

            @Override
            public ValidatorStore fromJournal(Object stored) {
                Snapshot snapshot = (Snapshot) stored;
                if (snapshot.formatVersion() != Snapshot.FORMAT_VERSION) {
                    throw new IllegalStateException("validator snapshot format " + snapshot.formatVersion());
                }
                return new ValidatorStore(snapshot.safetyState(), snapshot.lockProof(), snapshot.checkpoint(),
                        snapshot.checkpointHeight(), snapshot.firstBlockHeight(), snapshot.blocks());
            }
        };
    }

    /** Routes every message of validator {@code validator-N} to its own shard. */
    private static final class OneShardPerValidator
            extends org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor<ShardingEnvelope<Command>, Command> {
        @Override
        public String entityId(ShardingEnvelope<Command> envelope) {
            return envelope.entityId();
        }

        @Override
        public String shardId(String entityId) {
            return shardOf(entityId);
        }

        @Override
        public Command unwrapMessage(ShardingEnvelope<Command> envelope) {
            return envelope.message();
        }
    }
}
