package io.ballast.actors.validator;

import io.ballast.core.app.LedgerApplication;
import io.ballast.core.consensus.Action;
import io.ballast.core.consensus.Actions;
import io.ballast.core.consensus.Checkpoint;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.consensus.Event.Received;
import io.ballast.core.consensus.Event.SubmitTransactions;
import io.ballast.core.consensus.Event.TimerFired;
import io.ballast.core.consensus.LockProof;
import io.ballast.core.consensus.SafetyRules;
import io.ballast.core.consensus.SafetyState;
import io.ballast.core.consensus.Timer;
import io.ballast.core.consensus.TxResult;
import io.ballast.core.consensus.Validator;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.AccountView;
import io.ballast.persistence.CborSerializable;
import io.ballast.persistence.kryo.KryoSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * later events are replayed into {@link State}, then {@link Validator#restore} re-executes the
 * blocks above the checkpoint.
 */
public final class ValidatorEntity
        extends EventSourcedBehaviorWithEnforcedReplies<ValidatorEntity.Command, ValidatorEntity.Event, ValidatorEntity.State> {
    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Validator");
    /** Published blocks kept in memory for observers that missed some ({@link GetFinalizedBlocks}). */
    public static final int RECENT_BLOCKS_MAX = 1024;

    // ---- commands -------------------------------------------------------------------------

    public sealed interface Command extends CborSerializable
            permits Deliver, TimerDue, Start, SubmitTransaction, SubmitAndAwaitFinality, GetStatus, GetAccount,
            GetLiquidatable, GetFinalizedBlocks, GetBlock, GetMempool, Passivate {}

    /** Consensus bytes from a peer validator (exactly as its core produced them). */
    public record Deliver(byte[] bytes) implements Command {}

    /** A consensus timer is due. */
    public record TimerDue(String kind, long height, int round) implements Command {}

    /** Sent to itself after recovery: starts the consensus state machine. */
    public enum Start implements Command { INSTANCE }

    /** A client transaction; the reply is the mempool's verdict. */
    public record SubmitTransaction(byte[] transaction, ActorRef<TxAdmission> replyTo) implements Command {}

    /** A client transaction; the reply comes when it is in a committed block (or is refused). */
    public record SubmitAndAwaitFinality(byte[] transaction, ActorRef<TxFinality> replyTo) implements Command {}

    public record GetStatus(ActorRef<Status> replyTo) implements Command {}

    /** An account's nonce and balances in this validator's latest executed state (the collateral authority: its deposit nonce). */
    public record GetAccount(String accountKey, ActorRef<AccountInfo> replyTo) implements Command {}

    /** Accounts below maintenance (every market fresh) holding a position in one of {@code marketIds}; at most {@code max}, in creation order. */
    public record GetLiquidatable(List<String> marketIds, int max, ActorRef<Liquidatable> replyTo) implements Command {}

    /** The published blocks from {@code fromHeight} this entity still holds in memory (its last {@link #RECENT_BLOCKS_MAX}), at most {@code max}. */
    public record GetFinalizedBlocks(long fromHeight, int max, ActorRef<FinalizedBlocks> replyTo) implements Command {}

    /** A recently committed block (within consensus' in-memory window); read-only, for the HTTP API's chain index. */
    public record GetBlock(long height, ActorRef<BlockBytes> replyTo) implements Command {}

    /** Mempool depth per lane and the consensus position; read-only, for the HTTP API's status. */
    public record GetMempool(ActorRef<MempoolDepth> replyTo) implements Command {}

    /** Stops the entity (sharding's stop message; also used by chaos runs). */
    public enum Passivate implements Command { INSTANCE }

    // ---- replies --------------------------------------------------------------------------

    /** @param status ACCEPTED, DUPLICATE or REJECTED (then {@code reason}: INVALID, LANE_FULL, TOO_LARGE, ALREADY_COMMITTED) */
    public record TxAdmission(String txHash, String status, String reason, long retryAfterMillis, String detail)
            implements CborSerializable {
        public boolean admitted() {
            return !"REJECTED".equals(status);
        }

        static TxAdmission of(TxResult result) {
            return new TxAdmission(result.txHash().toHex(), result.status().name(),
                    result.reason() == null ? "" : result.reason().name(), result.retryAfterMillis(), result.detail());
        }
    }

    /** Either the committed receipt or the admission that refused the transaction. */
    public record TxFinality(TxAdmission admission, TxReceipt receipt) implements CborSerializable {
        public boolean isFinal() {
            return receipt != null;
        }
    }

    public record Status(String validatorId, long height, int round, long lastCommittedHeight, String stateRoot,
                         int mempoolTransactions, boolean awaitingSnapshot) implements CborSerializable {}

    public record AccountInfo(String accountKey, boolean exists, long nonce, long collateralUsd, long equityUsd)
            implements CborSerializable {}

    /** @param height the executed height the answer is from */
    public record Liquidatable(long height, List<String> accountKeys) implements CborSerializable {}

    /** Consecutive blocks starting at the requested height, or empty if it is not (or no longer) held. */
    public record FinalizedBlocks(List<BlockFinalized> blocks) implements CborSerializable {}

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

    /**
     * What {@link Validator#restore} needs: the last safety state and lock proof, the latest
     * checkpoint (null: from genesis) and the committed blocks above it ({@code blocks[i]} has height
     * {@code firstBlockHeight + i}), at most {@code retainedBlocks} of them.
     */
    public record State(byte[] safetyState, byte[] lockProof, byte[] checkpoint, long checkpointHeight,
                        long firstBlockHeight, List<byte[]> blocks) implements CborSerializable {
        public static final State EMPTY = new State(null, null, null, 0, 1, List.of());

        public State {
            blocks = List.copyOf(blocks);
        }

        public long lastHeight() {
            return blocks.isEmpty() ? checkpointHeight : firstBlockHeight + blocks.size() - 1;
        }

        State withBlock(long height, byte[] block, int retainedBlocks) {
            if (height != lastHeight() + 1) {
                throw new IllegalStateException("block " + height + " after " + lastHeight());
            }
            List<byte[]> next = new ArrayList<>(blocks.size() + 1);
            next.addAll(blocks);
            next.add(block);
            long first = blocks.isEmpty() ? height : firstBlockHeight;
            int drop = Math.max(0, next.size() - retainedBlocks);
            return new State(safetyState, lockProof, checkpoint, checkpointHeight, first + drop,
                    next.subList(drop, next.size()));
        }

        /** A checkpoint at {@code height}: blocks at or below it are dropped. */
        State withCheckpoint(long height, byte[] newCheckpoint) {
            int drop = (int) Math.max(0, Math.min(blocks.size(), height - firstBlockHeight + 1));
            return new State(safetyState, lockProof, newCheckpoint, height, height + 1,
                    blocks.subList(drop, blocks.size()));
        }

        State withSafety(byte[] safety) {
            return new State(safety, lockProof, checkpoint, checkpointHeight, firstBlockHeight, blocks);
        }

        State withLock(byte[] lock) {
            return new State(safetyState, lock, checkpoint, checkpointHeight, firstBlockHeight, blocks);
        }

        List<CommittedBlock> committedBlocks() {
            if (!blocks.isEmpty() && firstBlockHeight != checkpointHeight + 1) {
                throw new IllegalStateException("block log gap: checkpoint at " + checkpointHeight
                        + ", first retained block " + firstBlockHeight
                        + " (snapshots failed for longer than retainedBlocks)");
            }
            List<CommittedBlock> decoded = new ArrayList<>(blocks.size());
            for (byte[] block : blocks) {
                decoded.add(CommittedBlock.decode(block));
            }
            return decoded;
        }
    }

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
    private final Map<String, List<ActorRef<TxFinality>>> finalityWaiters = new HashMap<>();
    private final List<BlockFinalized> executed = new ArrayList<>();
    private final java.util.ArrayDeque<BlockFinalized> recent = new java.util.ArrayDeque<>();
    private int finalityWaiterCount;
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
    public State emptyState() {
        return State.EMPTY;
    }

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), this::onRecovered)
                .build();
    }

    private void onRecovered(State state) {
        KeyPair keys;
        try {
            keys = setup.keys().load(validatorId);
        } catch (IOException e) {
            throw new UncheckedIOException("validator " + validatorId + ": cannot read its key file", e);
        }
        long startNanos = System.nanoTime();
        app = new LedgerApplication(setup.genesis(), setup.consensus().maxBlockTxs(),
                setup.consensus().epochLengthBlocks(), setup.signatureCacheEntries());
        validator = Validator.restore(setup.consensus(), ValidatorIds.consensusGenesis(setup.genesis()), keys, app,
                state.safetyState() == null ? null : SafetyState.decode(state.safetyState()),
                state.lockProof() == null ? null : LockProof.decode(state.lockProof()),
                state.checkpoint() == null ? null : Checkpoint.decode(state.checkpoint()),
                state.committedBlocks(), SafetyRules.SAFE);
        app.setBlockListener((block, result) -> executed.add(BlockResults.finalized(validatorId, block, result, app)));
        ValidatorRecovered recovered = new ValidatorRecovered(validatorId, validator.lastCommittedHeight(),
                validator.stateRoot().toHex(), state.checkpointHeight(), state.blocks().size(),
                (System.nanoTime() - startNanos) / 1_000_000);
        context.getLog().info("{} recovered at height {} (checkpoint {}, {} blocks re-executed) in {} ms", validatorId,
                recovered.height(), recovered.checkpointHeight(), recovered.blocksReexecuted(), recovered.recoveryMillis());
        context.getSystem().eventStream().tell(new org.apache.pekko.actor.typed.eventstream.EventStream.Publish<>(recovered));
        context.getSelf().tell(Start.INSTANCE);
    }

    @Override
    public CommandHandlerWithReply<Command, Event, State> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
                .onCommand(Deliver.class, (state, deliver) -> step(new Received(deliver.bytes(), now())))
                .onCommand(TimerDue.class, (state, due) -> step(new TimerFired(
                        new Timer(Timer.Kind.valueOf(due.kind()), due.height(), due.round()), now())))
                .onCommand(Start.class, (state, start) -> step(null))
                .onCommand(SubmitTransaction.class, this::onSubmit)
                .onCommand(SubmitAndAwaitFinality.class, this::onSubmitAndAwait)
                .onCommand(GetStatus.class, (state, get) -> Effect().reply(get.replyTo(), status()))
                .onCommand(GetAccount.class, (state, get) -> Effect().reply(get.replyTo(), account(get.accountKey())))
                .onCommand(GetLiquidatable.class, (state, get) -> Effect().reply(get.replyTo(), liquidatable(get)))
                .onCommand(GetFinalizedBlocks.class, (state, get) -> Effect().reply(get.replyTo(), recentFrom(get)))
                .onCommand(GetBlock.class, (state, get) -> Effect().reply(get.replyTo(), block(get.height())))
                .onCommand(GetMempool.class, (state, get) -> Effect().reply(get.replyTo(), mempoolDepth()))
                .onCommand(Passivate.class, (state, stop) -> Effect().stop().thenNoReply())
                .build();
    }

    private ReplyEffect<Event, State> onSubmit(State state, SubmitTransaction submit) {
        List<Actions> steps = steps(new SubmitTransactions(List.of(submit.transaction()), now()));
        TxAdmission admission = admissionIn(steps);
        return perform(steps, () -> submit.replyTo().tell(admission));
    }

    private ReplyEffect<Event, State> onSubmitAndAwait(State state, SubmitAndAwaitFinality submit) {
        if (finalityWaiterCount >= setup.finalityWaitersMax()) {
            submit.replyTo().tell(new TxFinality(new TxAdmission("", "REJECTED", "LANE_FULL", 500,
                    "too many clients waiting for finality at " + validatorId), null));
            return Effect().noReply();
        }
        List<Actions> steps = steps(new SubmitTransactions(List.of(submit.transaction()), now()));
        TxAdmission admission = admissionIn(steps);
        return perform(steps, () -> {
            if (admission.admitted()) {
                finalityWaiters.computeIfAbsent(admission.txHash(), hash -> new ArrayList<>()).add(submit.replyTo());
                finalityWaiterCount++;
            } else {
                submit.replyTo().tell(new TxFinality(admission, null));
            }
        });
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

    private ReplyEffect<Event, State> step(io.ballast.core.consensus.Event event) {
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

    /** Persist first; only after the write: sends, timers, replies, publications. */
    private ReplyEffect<Event, State> perform(List<Actions> steps, Runnable reply) {
        List<Event> events = new ArrayList<>();
        for (Actions actions : steps) {
            for (Action action : actions.toPersist()) {
                events.add(toEvent(action));
            }
        }
        List<BlockFinalized> blocks = List.copyOf(executed);
        executed.clear();
        Runnable afterWrite = () -> {
            for (Actions actions : steps) {
                send(actions);
                schedule(actions);
                for (Action action : actions.notifications()) {
                    if (action instanceof Action.EvidenceFound evidence) {
                        context.getLog().warn("{} found equivocation by {}", validatorId,
                                evidence.evidence().offender().shortHex());
                    }
                }
            }
            reply.run();
            publish(blocks);
        };
        if (events.isEmpty()) {
            afterWrite.run();
            return Effect().noReply();
        }
        return Effect().persist(events).thenRun(state -> afterWrite.run()).thenNoReply();
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

    private void send(Actions actions) {
        for (Action action : actions.toSend()) {
            if (action instanceof Action.Send send) {
                transport.send(validatorId, send.to(), send.message().encode());
            } else if (action instanceof Action.Broadcast broadcast) {
                byte[] bytes = broadcast.message().encode();
                for (Bytes32 to : broadcast.to()) {
                    transport.send(validatorId, to, bytes);
                }
            }
        }
    }

    private void schedule(Actions actions) {
        long nowMillis = now();
        for (Action.ScheduleTimer timer : actions.timers()) {
            Timer t = timer.timer();
            TimerDue due = new TimerDue(t.kind().name(), t.height(), t.round());
            timers.startSingleTimer(due, due, Duration.ofMillis(Math.max(0, timer.atMillis() - nowMillis)));
        }
    }

    private void publish(List<BlockFinalized> blocks) {
        for (BlockFinalized block : blocks) {
            for (TxReceipt receipt : block.receipts()) {
                List<ActorRef<TxFinality>> waiting = finalityWaiters.remove(receipt.txHash());
                if (waiting != null) {
                    finalityWaiterCount -= waiting.size();
                    for (ActorRef<TxFinality> client : waiting) {
                        client.tell(new TxFinality(null, receipt));
                    }
                }
            }
            context.getSystem().eventStream().tell(new org.apache.pekko.actor.typed.eventstream.EventStream.Publish<>(block));
            BlockFeed.get(context.getSystem()).publish(block);
            recent.addLast(block);
            if (recent.size() > RECENT_BLOCKS_MAX) {
                recent.removeFirst();
            }
        }
    }

    private Liquidatable liquidatable(GetLiquidatable get) {
        List<String> found = new ArrayList<>();
        for (Bytes32 key : app.state().accountKeys()) {
            if (found.size() >= get.max()) {
                break;
            }
            AccountView view = app.state().accountView(key).orElseThrow();
            if (view.liquidatable() && (view.positions().stream().anyMatch(p -> get.marketIds().contains(p.marketId()))
                    || view.optionPositions().stream().anyMatch(o -> get.marketIds().contains(o.marketId())))) {
                found.add(key.toHex());
            }
        }
        return new Liquidatable(app.state().height(), found);
    }

    private FinalizedBlocks recentFrom(GetFinalizedBlocks get) {
        List<BlockFinalized> blocks = new ArrayList<>();
        for (BlockFinalized block : recent) {
            if (blocks.size() >= get.max()) {
                break;
            }
            if (block.height() == get.fromHeight() + blocks.size()) {
                blocks.add(block);
            }
        }
        return new FinalizedBlocks(blocks);
    }

    private Status status() {
        return new Status(validatorId, validator.height(), validator.round(), validator.lastCommittedHeight(),
                validator.stateRoot().toHex(), validator.mempool().size(), validator.isAwaitingSnapshot());
    }

    private AccountInfo account(String keyHex) {
        Bytes32 key = Bytes32.fromHex(keyHex);
        if (key.equals(app.state().genesis().collateralAuthority())) {
            return new AccountInfo(keyHex, true, app.state().collateralAuthorityNonce(), 0, 0);
        }
        AccountView view = app.state().accountView(key).orElse(null);
        return view == null
                ? new AccountInfo(keyHex, false, app.state().nonceOf(key), 0, 0)
                : new AccountInfo(keyHex, true, view.nonce(), view.collateralUsd(), view.equityUsd());
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
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(SafetyStatePersisted.class, (state, e) -> state.withSafety(e.safetyState()))
                .onEvent(LockPersisted.class, (state, e) -> state.withLock(e.lockProof()))
                .onEvent(BlockCommitted.class, (state, e) -> state.withBlock(e.height(), e.committedBlock(),
                        setup.retainedBlocks()))
                .onEvent(CheckpointPersisted.class, (state, e) -> state.withCheckpoint(e.height(), e.checkpoint()))
                .build();
    }

    /** Snapshot when the live validator has a restart point attested by the block just committed. */
    @Override
    public boolean shouldSnapshot(State state, Event event, long sequenceNr) {
        if (!(event instanceof BlockCommitted committed) || validator == null) {
            return false;
        }
        Validator.RestartPoint point = validator.restartPoint();
        return point != null && point.attesting().height() == committed.height()
                && point.checkpoint().height() > state.checkpointHeight();
    }

    @Override
    public SnapshotAdapter<State> snapshotAdapter() {
        return new SnapshotAdapter<>() {
            @Override
            public Object toJournal(State state) {
                return toSnapshot(state);
            }

            @Override
            public State fromJournal(Object stored) {
                Snapshot snapshot = (Snapshot) stored;
                if (snapshot.formatVersion() != Snapshot.FORMAT_VERSION) {
                    throw new IllegalStateException("validator snapshot format " + snapshot.formatVersion());
                }
                return new State(snapshot.safetyState(), snapshot.lockProof(), snapshot.checkpoint(),
                        snapshot.checkpointHeight(), snapshot.firstBlockHeight(), snapshot.blocks());
            }
        };
    }

    /** The state with the live validator's newest checkpoint in place of the stored one (fewer blocks to keep). */
    private Snapshot toSnapshot(State state) {
        State compact = state;
        Validator.RestartPoint point = validator == null ? null : validator.restartPoint();
        if (point != null && point.checkpoint().height() > state.checkpointHeight()
                && point.checkpoint().height() < state.lastHeight()
                && state.firstBlockHeight() <= point.checkpoint().height() + 1) {
            compact = state.withCheckpoint(point.checkpoint().height(), point.checkpoint().encode());
        }
        return new Snapshot(Snapshot.FORMAT_VERSION, compact.safetyState(), compact.lockProof(), compact.checkpoint(),
                compact.checkpointHeight(), compact.firstBlockHeight(), new ArrayList<>(compact.blocks()));
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
