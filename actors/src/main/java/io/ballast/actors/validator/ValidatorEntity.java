package io.ballast.actors.validator;

import io.ballast.core.app.LedgerApplication;
import io.ballast.core.consensus.Action;
import io.ballast.core.consensus.Actions;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.consensus.Event.Received;
import io.ballast.core.consensus.Event.SubmitTransactions;
import io.ballast.core.consensus.Event.TimerFired;
import io.ballast.core.consensus.SafetyRules;
import io.ballast.core.consensus.SafetyState;
import io.ballast.core.consensus.Timer;
import io.ballast.core.consensus.TxResult;
import io.ballast.core.consensus.Validator;
import io.ballast.core.consensus.host.ActionInterpreter;
import io.ballast.core.consensus.host.ValidatorStore;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.actors.node.NodeSignatures;
import io.ballast.persistence.CborSerializable;
import io.ballast.persistence.kryo.KryoSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
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
            permits Deliver, TimerDue, Start, SubmitTransaction, GetStatus, GetBlock, GetMempool, Passivate {}

    /** Consensus bytes from a peer validator (exactly as its core produced them). */
    public record Deliver(byte[] bytes) implements Command {}

    /** A consensus timer is due. */
    public record TimerDue(Timer.Kind kind, long height, int round) implements Command {}

    /** Sent to itself after recovery: starts the consensus state machine. */
    public enum Start implements Command { INSTANCE }

    /** A client transaction; the reply is the mempool's verdict. */
    public record SubmitTransaction(byte[] transaction, ActorRef<TxAdmission> replyTo) implements Command {}

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

    /** {@link LockProof#encode()}: the locked block and its polka; overwrites the previous one. */
    public record LockPersisted(byte[] lockProof) implements Event {}

    /** {@link CommittedBlock#encode()}: a final block with its commit certificate. */
    public record BlockCommitted(long height, byte[] committedBlock) implements Event {}

    /** {@link Checkpoint#encode()} after installing a peer's snapshot; blocks at or below it are no longer needed. */
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
        PeerTransport transport = new ShardedTransport(system, ids, setup.shim());
        Entity<Command, ShardingEnvelope<Command>> entity = Entity.of(TYPE_KEY,
                        context -> create(context.getEntityId(), setup, transport))
                .withStopMessage(Passivate.INSTANCE)
                .withMessageExtractor(new OneShardPerValidator());
        return ClusterSharding.get(system).init(customize.apply(entity));
    }

    /** One shard per validator, named like the entity, so placement decides per validator. */
    public static String shardOf(String validatorId) {
        return validatorId;
    }

    /** The entity behavior, supervised: a failure restarts this entity alone, with backoff. */
    public static Behavior<Command> create(String validatorId, ValidatorSetup setup, PeerTransport transport) {
        return Behaviors.supervise(Behaviors.<Command>setup(context -> Behaviors.withTimers(timers ->
                        new ValidatorEntity(validatorId, setup, transport, context, timers))))
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

    private ValidatorEntity(String validatorId, ValidatorSetup setup, PeerTransport transport,
                            ActorContext<Command> context, TimerScheduler<Command> timers) {
        super(PersistenceId.of(TYPE_KEY.name(), validatorId),
                SupervisorStrategy.restartWithBackoff(setup.restartBackoffMin(), setup.restartBackoffMax(), 0.2));
        this.validatorId = validatorId;
        this.setup = setup;
        this.transport = transport;
        this.context = context;
        this.timers = timers;
    }

    @Override
    public ValidatorStore emptyState() {
        return ValidatorStore.EMPTY;
    }

    @Override
    public SignalHandler<ValidatorStore> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), this::onRecovered)
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
        app = new LedgerApplication(setup.genesis(), setup.consensus().maxBlockTxs(),
                setup.consensus().epochLengthBlocks(), NodeSignatures.get(context.getSystem()));
        validator = state.restore(setup.consensus(), ValidatorIds.consensusGenesis(setup.genesis()), keys, app,
                SafetyRules.SAFE);
        ValidatorRecovered recovered = new ValidatorRecovered(validatorId, validator.lastCommittedHeight(),
                validator.stateRoot().toHex(), state.checkpointHeight(), state.blocks().size(),
                (System.nanoTime() - startNanos) / 1_000_000);
        context.getLog().info("{} recovered at height {} (checkpoint {}, {} blocks re-executed) in {} ms", validatorId,
                recovered.height(), recovered.checkpointHeight(), recovered.blocksReexecuted(), recovered.recoveryMillis());
        context.getSystem().eventStream().tell(new org.apache.pekko.actor.typed.eventstream.EventStream.Publish<>(recovered));
        context.getSelf().tell(Start.INSTANCE);
    }

    @Override
    public CommandHandlerWithReply<Command, Event, ValidatorStore> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
                .onCommand(Deliver.class, (state, deliver) -> step(new Received(deliver.bytes(), now())))
                .onCommand(TimerDue.class, (state, due) -> step(new TimerFired(
                        new Timer(due.kind(), due.height(), due.round()), now())))
                .onCommand(Start.class, (state, start) -> step(null))
                .onCommand(SubmitTransaction.class, this::onSubmit)
                .onCommand(GetStatus.class, (state, get) -> Effect().reply(get.replyTo(), status()))
                .onCommand(GetBlock.class, (state, get) -> Effect().reply(get.replyTo(), block(get.height())))
                .onCommand(GetMempool.class, (state, get) -> Effect().reply(get.replyTo(), mempoolDepth()))
                .onCommand(Passivate.class, (state, stop) -> Effect().stop().thenNoReply())
                .build();
    }

    private ReplyEffect<Event, ValidatorStore> onSubmit(ValidatorStore state, SubmitTransaction submit) {
        List<Actions> steps = steps(new SubmitTransactions(List.of(submit.transaction()), now()));
        TxAdmission admission = admissionIn(steps);
        return perform(steps, () -> submit.replyTo().tell(admission));
    }

    private static TxAdmission admissionIn(List<Actions> steps) {
        for (Actions actions : steps) {
            for (Action action : actions.notifications()) {
                if (action instanceof Action.TxOutcome outcome) {
                    return TxAdmission.of(outcome.result());
                }
            }
        }
        throw new IllegalStateException("consensus returned no outcome for a submitted transaction");
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
        return Effect().persist(host.events).thenRun(state -> afterWrite.run()).thenNoReply();
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
            context.getLog().warn("{} found equivocation by {}", validatorId, evidence.offender().shortHex());
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
