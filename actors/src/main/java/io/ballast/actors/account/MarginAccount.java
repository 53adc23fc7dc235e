package io.ballast.actors.account;

import io.ballast.actors.chain.AccountBalances;
import io.ballast.actors.chain.AccountBlock;
import io.ballast.actors.chain.LedgerEntry;
import io.ballast.actors.chain.MarginLevel;
import io.ballast.actors.validator.TxAdmission;
import io.ballast.actors.chain.TxFinality;
import io.ballast.core.ledger.RejectCode;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.persistence.CborSerializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One margin account's home in the cluster (entity id = the account's public key, hex). It
 * forwards the account's signed transactions to a validator and answers each with its committed
 * receipt, and it keeps the account's own journal of finalized entries (fills, funding, fees,
 * liquidations, ADL, insurance draws, deposits, withdrawals) projected from committed blocks by
 * the node's {@link AccountProjector}: one {@link BlockProjected} per block that touched the
 * account, in height order; a height at or below the last projected one is acknowledged and
 * ignored, so redelivery never duplicates. Each event carries the balances after the block, so the
 * journal alone reconstructs collateral and positions. When equity falls below 1.5 × maintenance
 * margin it records {@link MarginCallRaised} and publishes a {@link MarginCall} (and logs it);
 * {@link MarginCallCleared} when it recovers.
 *
 * <p>Events are schema version 1 (Jackson CBOR; migrations per persistence/README.md).
 * Submissions in flight are memory only: after a restart the client times out and re-submits.
 */
public final class MarginAccount
        extends EventSourcedBehaviorWithEnforcedReplies<MarginAccount.Command, MarginAccount.Event, MarginAccount.State> {
    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "MarginAccount");
    /** Entries kept in the state for {@link GetJournal} (older ones stay in the event journal). */
    public static final int RECENT_ENTRIES_MAX = 512;
    public static final int IN_FLIGHT_MAX = 16;

    // ---- commands -------------------------------------------------------------------------

    public sealed interface Command extends CborSerializable
            permits Submit, Project, UpdateMargin, GetAccount, GetJournal, SubmissionDone, Passivate {}

    /** A transaction signed by this account; the reply is its committed receipt or the refusal. */
    public record Submit(byte[] transaction, ActorRef<TxFinality> replyTo) implements Command {}

    /** Committed blocks that touched this account, in height order; the reply comes after they are persisted. */
    public record Project(List<AccountBlock> blocks, ActorRef<Projected> replyTo) implements Command {
        public Project {
            blocks = List.copyOf(blocks);
        }
    }

    /** The account's margin level at {@code level.height()} (sent when it crosses the margin-call line). */
    public record UpdateMargin(MarginLevel level, ActorRef<Projected> replyTo) implements Command {}

    public record GetAccount(ActorRef<Summary> replyTo) implements Command {}

    /** Journal entries above {@code afterHeight} still held in the state (the last {@link #RECENT_ENTRIES_MAX}). */
    public record GetJournal(long afterHeight, int max, ActorRef<Journal> replyTo) implements Command {}

    /** Internal: the validator answered a forwarded submission. */
    public record SubmissionDone(long requestId, TxFinality finality, String failure) implements Command {}

    public enum Passivate implements Command { INSTANCE }

    // ---- replies --------------------------------------------------------------------------

    public record Projected(String accountKey, long lastHeight) implements CborSerializable {}

    public record Summary(String accountKey, long lastHeight, AccountBalances balances, boolean marginCall,
                          long entries, int inFlight) implements CborSerializable {}

    public record Journal(String accountKey, List<LedgerEntry> entries) implements CborSerializable {}

    // ---- events (schema version 1) ----------------------------------------------------------

    public sealed interface Event extends CborSerializable permits BlockProjected, MarginCallRaised, MarginCallCleared {}

    public record BlockProjected(long height, long blockTimeMillis, List<LedgerEntry> entries, AccountBalances after)
            implements Event {
        public BlockProjected {
            entries = List.copyOf(entries);
        }
    }

    public record MarginCallRaised(long height, long equityUsd, long maintenanceMarginUsd) implements Event {}

    public record MarginCallCleared(long height, long equityUsd, long maintenanceMarginUsd) implements Event {}

    // ---- state ----------------------------------------------------------------------------

    /**
     * @param lastHeight   the last projected block (0: none)
     * @param marginHeight the height of the latest margin evaluation
     * @param entryCount   entries ever projected
     */
    public record State(long lastHeight, AccountBalances balances, boolean marginCall, long marginHeight,
                        long entryCount, List<LedgerEntry> recent) implements CborSerializable {
        public static final State EMPTY = new State(0, AccountBalances.EMPTY, false, 0, 0, List.of());

        public State {
            recent = List.copyOf(recent);
        }

        State project(BlockProjected e) {
            List<LedgerEntry> next = new ArrayList<>(recent.size() + e.entries().size());
            next.addAll(recent);
            next.addAll(e.entries());
            int drop = Math.max(0, next.size() - RECENT_ENTRIES_MAX);
            return new State(e.height(), e.after(), marginCall, Math.max(marginHeight, e.height()),
                    entryCount + e.entries().size(), next.subList(drop, next.size()));
        }

        State margin(boolean call, long height) {
            return new State(lastHeight, balances, call, Math.max(marginHeight, height), entryCount, recent);
        }
    }

    // ---- wiring ---------------------------------------------------------------------------

    public static ActorRef<ShardingEnvelope<Command>> init(ActorSystem<?> system, FinalitySink sink) {
        return init(system, sink, entity -> entity);
    }

    /** As {@link #init(ActorSystem, FinalitySink)}, letting the host adjust the entity (roles, settings). */
    public static ActorRef<ShardingEnvelope<Command>> init(ActorSystem<?> system, FinalitySink sink,
                                                         java.util.function.UnaryOperator<Entity<Command, ShardingEnvelope<Command>>> customize) {
        return ClusterSharding.get(system).init(customize.apply(Entity.of(TYPE_KEY,
                        context -> create(context.getEntityId(), sink))
                .withStopMessage(Passivate.INSTANCE)));
    }

    /** Supervised: a failure restarts this account alone, with backoff (journal failures too). */
    public static Behavior<Command> create(String accountKey, FinalitySink sink) {
        return Behaviors.supervise(Behaviors.<Command>setup(context -> new MarginAccount(accountKey, sink, context)))
                .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    }

    private final String accountKey;
    private final FinalitySink sink;
    private final ActorContext<Command> context;
    private final Map<Long, ActorRef<TxFinality>> inFlight = new HashMap<>();
    private long nextRequestId;

    private MarginAccount(String accountKey, FinalitySink sink, ActorContext<Command> context) {
        super(PersistenceId.of(TYPE_KEY.name(), accountKey),
                SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
        this.accountKey = accountKey;
        this.sink = sink;
        this.context = context;
    }

    @Override
    public State emptyState() {
        return State.EMPTY;
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(200, 2);
    }

    @Override
    public CommandHandlerWithReply<Command, Event, State> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
                .onCommand(Submit.class, this::onSubmit)
                .onCommand(SubmissionDone.class, this::onSubmissionDone)
                .onCommand(Project.class, this::onProject)
                .onCommand(UpdateMargin.class, this::onUpdateMargin)
                .onCommand(GetAccount.class, (state, get) -> Effect().reply(get.replyTo(), new Summary(accountKey,
                        state.lastHeight(), state.balances(), state.marginCall(), state.entryCount(), inFlight.size())))
                .onCommand(GetJournal.class, (state, get) -> Effect().reply(get.replyTo(), new Journal(accountKey,
                        state.recent().stream().filter(e -> e.height() > get.afterHeight()).limit(get.max()).toList())))
                .onCommand(Passivate.class, (state, stop) -> Effect().stop().thenNoReply())
                .build();
    }

    private ReplyEffect<Event, State> onSubmit(State state, Submit submit) {
        TxAdmission refusal = refusal(submit.transaction());
        if (refusal != null) {
            return Effect().reply(submit.replyTo(), new TxFinality(refusal, null));
        }
        long id = nextRequestId++;
        inFlight.put(id, submit.replyTo());
        context.pipeToSelf(sink.submitAndAwaitFinality(submit.transaction()), (finality, failure) ->
                new SubmissionDone(id, finality, failure == null ? null : failure.getClass().getSimpleName()
                        + ": " + failure.getMessage()));
        return Effect().noReply();
    }

    private TxAdmission refusal(byte[] transaction) {
        if (inFlight.size() >= IN_FLIGHT_MAX) {
            return TxAdmission.refused("", TxAdmission.Refusal.LANE_FULL, null, 0,
                    "too many transactions in flight for account " + accountKey);
        }
        try {
            String signer = SignedTransaction.decode(transaction).signer().toHex();
            return signer.equals(accountKey) ? null : TxAdmission.refused("", TxAdmission.Refusal.INVALID,
                    RejectCode.NOT_AUTHORIZED, 0, "signed by " + signer + ", not by account " + accountKey);
        } catch (RuntimeException malformed) {
            return TxAdmission.refused("", TxAdmission.Refusal.INVALID, RejectCode.MALFORMED, 0,
                    "malformed transaction: " + malformed.getMessage());
        }
    }

    private ReplyEffect<Event, State> onSubmissionDone(State state, SubmissionDone done) {
        ActorRef<TxFinality> client = inFlight.remove(done.requestId());
        if (client == null) {
            return Effect().noReply();
        }
        TxFinality reply = done.finality() != null ? done.finality()
                : new TxFinality(TxAdmission.refused("", TxAdmission.Refusal.UNAVAILABLE, null, 1_000, done.failure()), null);
        return Effect().reply(client, reply);
    }

    private ReplyEffect<Event, State> onProject(State state, Project project) {
        List<Event> events = new ArrayList<>();
        long last = state.lastHeight();
        boolean call = state.marginCall();
        for (AccountBlock block : project.blocks()) {
            if (!block.accountKey().equals(accountKey)) {
                throw new IllegalArgumentException("block for " + block.accountKey() + " sent to " + accountKey);
            }
            if (block.height() <= last) {
                continue; // redelivery: already projected
            }
            last = block.height();
            events.add(new BlockProjected(block.height(), block.blockTimeMillis(), block.entries(), block.after()));
            boolean now = MarginLevel.isMarginCall(block.after().equityUsd(), block.after().maintenanceMarginUsd())
                    && block.after().hasPositions();
            if (now != call) {
                call = now;
                events.add(marginEvent(now, block.height(), block.after().equityUsd(),
                        block.after().maintenanceMarginUsd()));
            }
        }
        return persistAndAck(events, project.replyTo());
    }

    private ReplyEffect<Event, State> onUpdateMargin(State state, UpdateMargin update) {
        MarginLevel level = update.level();
        List<Event> events = new ArrayList<>(1);
        boolean now = level.isMarginCall();
        if (level.height() >= state.marginHeight() && now != state.marginCall()) {
            events.add(marginEvent(now, level.height(), level.equityUsd(), level.maintenanceMarginUsd()));
        }
        return persistAndAck(events, update.replyTo());
    }

    private static Event marginEvent(boolean raised, long height, long equityUsd, long maintenanceUsd) {
        return raised ? new MarginCallRaised(height, equityUsd, maintenanceUsd)
                : new MarginCallCleared(height, equityUsd, maintenanceUsd);
    }

    private ReplyEffect<Event, State> persistAndAck(List<Event> events, ActorRef<Projected> replyTo) {
        if (events.isEmpty()) {
            return Effect().none().thenReply(replyTo, state -> new Projected(accountKey, state.lastHeight()));
        }
        return Effect().persist(events)
                .thenRun(state -> notifyMarginCalls(events))
                .thenReply(replyTo, state -> new Projected(accountKey, state.lastHeight()));
    }

    /** After the write only: log and publish each margin-call change. */
    private void notifyMarginCalls(List<Event> events) {
        for (Event event : events) {
            MarginCall notice = null;
            if (event instanceof MarginCallRaised r) {
                notice = new MarginCall(accountKey, r.height(), true, r.equityUsd(), r.maintenanceMarginUsd());
                context.getLog().warn("margin call: account {} at height {}: equity {} < 1.5 x maintenance {} (micro-USD)",
                        accountKey, r.height(), r.equityUsd(), r.maintenanceMarginUsd());
            } else if (event instanceof MarginCallCleared c) {
                notice = new MarginCall(accountKey, c.height(), false, c.equityUsd(), c.maintenanceMarginUsd());
                context.getLog().info("margin call cleared: account {} at height {}", accountKey, c.height());
            }
            if (notice != null) {
                context.getSystem().eventStream().tell(new EventStream.Publish<>(notice));
            }
        }
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(BlockProjected.class, State::project)
                .onEvent(MarginCallRaised.class, (state, e) -> state.margin(true, e.height()))
                .onEvent(MarginCallCleared.class, (state, e) -> state.margin(false, e.height()))
                .build();
    }
}
