package io.ballast.actors.account;

import io.ballast.actors.chain.AccountBlock;
import io.ballast.actors.chain.ChainFollower;
import io.ballast.actors.chain.ExecutedBlock;
import io.ballast.actors.chain.MarginLevel;
import io.ballast.persistence.CborSerializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The node's projector from executed blocks to {@link MarginAccount} entities. It subscribes to the node's
 * {@link ExecutedBlock} stream (from its {@link ChainFollower}), and delivers heights strictly in order, each
 * one only after the previous one was acknowledged by every account it touched (persisted there). Several
 * heights that are ready are delivered as one batch: one {@link MarginAccount.Project} per account. It also
 * diffs the block's margin-call list against the accounts it last saw in a margin call and tells those that
 * crossed the line ({@link MarginAccount.UpdateMargin}).
 *
 * <p>Gap-free: a height that never arrived (the buffer was full, the projector restarted behind the stream)
 * is fetched from the {@link BlockSource} (the follower's recent blocks, else a replay of a block log) before
 * any later height is delivered. Progress is persisted
 * ({@link HeightsProjected}), so after a node restart the projector resumes after its last
 * projected height; accounts ignore heights they already hold, so a redelivery after a crash
 * between an account's write and the projector's write does no harm. Several nodes may run a
 * projector each: the accounts' height check makes their deliveries idempotent.
 */
public final class AccountProjector
        extends EventSourcedBehavior<AccountProjector.Command, AccountProjector.Event, AccountProjector.State> {
    public static final int BUFFER_MAX = 2048;
    public static final int BATCH_MAX = 64;
    /** How long a missing height may stay missing while later ones arrive before it is fetched. */
    static final Duration GAP_GRACE = Duration.ofMillis(300);

    // ---- commands -------------------------------------------------------------------------

    public sealed interface Command extends CborSerializable
            permits Finalized, Delivered, DeliveryFailed, CaughtUp, Retry, GetProgress {}

    /** Local only (the node's executed-block stream): never serialized. */
    public record Finalized(ExecutedBlock block) implements Command, NoSerializationVerificationNeeded {}

    public record Delivered(long toHeight, List<String> raised, List<String> cleared) implements Command {}

    public record DeliveryFailed(long toHeight, String reason) implements Command {}

    public record CaughtUp(long fromHeight, List<ExecutedBlock> blocks, String failure)
            implements Command, NoSerializationVerificationNeeded {}

    public enum Retry implements Command { INSTANCE }

    public record GetProgress(ActorRef<Progress> replyTo) implements Command {}

    public record Progress(long lastHeight, int bufferedBlocks, long catchUps, int marginCalls)
            implements CborSerializable {}

    // ---- events and state (schema version 1) ------------------------------------------------

    public sealed interface Event extends CborSerializable permits HeightsProjected {}

    /** Every height up to {@code toHeight} reached its accounts; the margin-call set changed by raised/cleared. */
    public record HeightsProjected(long toHeight, List<String> raised, List<String> cleared) implements Event {}

    public record State(long lastHeight, Set<String> marginCalls) implements CborSerializable {
        public static final State EMPTY = new State(0, Set.of());

        public State {
            marginCalls = Set.copyOf(marginCalls);
        }

        State apply(HeightsProjected e) {
            Set<String> next = new TreeSet<>(marginCalls);
            next.removeAll(e.cleared());
            next.addAll(e.raised());
            return new State(Math.max(lastHeight, e.toHeight()), next);
        }
    }

    // ---- wiring ---------------------------------------------------------------------------

    /** Where the projector fetches heights it missed: consecutive executed blocks from {@code fromHeight}, at most {@code max}. */
    @FunctionalInterface
    public interface BlockSource {
        CompletionStage<List<ExecutedBlock>> from(long fromHeight, int max);

        /** The node's chain follower (its window of recent blocks, else a replay of a block log). */
        static BlockSource follower(ActorSystem<?> system, ActorRef<ChainFollower.Command> follower, Duration timeout) {
            return (fromHeight, max) -> AskPattern.<ChainFollower.Command, ChainFollower.Executed>ask(follower,
                    replyTo -> new ChainFollower.GetExecuted(fromHeight, max, replyTo), timeout, system.scheduler())
                    .thenApply(ChainFollower.Executed::blocks);
        }
    }

    /**
     * @param projectorId stable per node (e.g. the node name): the persistence id under which progress is kept
     */
    public static Behavior<Command> create(String projectorId, BlockSource source, AccountDelivery delivery) {
        return Behaviors.supervise(Behaviors.<Command>setup(context -> Behaviors.withTimers(timers -> {
                    context.getSystem().eventStream().tell(new EventStream.Subscribe<>(ExecutedBlock.class,
                            context.messageAdapter(ExecutedBlock.class, Finalized::new)));
                    return new AccountProjector(projectorId, source, delivery, context, timers);
                })))
                .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    }

    private final BlockSource source;
    private final AccountDelivery delivery;
    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final TreeMap<Long, ExecutedBlock> buffer = new TreeMap<>();
    private boolean busy;
    private boolean recovered;
    private long catchUps;
    private long gapHeight = -1;

    private AccountProjector(String projectorId, BlockSource source, AccountDelivery delivery, ActorContext<Command> context,
                             TimerScheduler<Command> timers) {
        super(PersistenceId.of("AccountProjector", projectorId),
                SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
        this.source = source;
        this.delivery = delivery;
        this.context = context;
        this.timers = timers;
    }

    @Override
    public State emptyState() {
        return State.EMPTY;
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(500, 2).withDeleteEventsOnSnapshot();
    }

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), state -> {
            recovered = true;
            context.getLog().info("account projector resumes after height {}", state.lastHeight());
        }).build();
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Finalized.class, (state, f) -> {
                    offer(state, f.block());
                    return advance(state);
                })
                .onCommand(Delivered.class, this::onDelivered)
                .onCommand(DeliveryFailed.class, (state, failed) -> {
                    context.getLog().warn("account projection of heights to {} failed ({}); retrying in 1 s",
                            failed.toHeight(), failed.reason());
                    busy = false;
                    timers.startSingleTimer(Retry.INSTANCE, Duration.ofSeconds(1));
                    return Effect().none();
                })
                .onCommand(CaughtUp.class, this::onCaughtUp)
                .onCommand(Retry.class, (state, retry) -> advance(state))
                .onCommand(GetProgress.class, (state, get) -> {
                    get.replyTo().tell(new Progress(state.lastHeight(), buffer.size(), catchUps,
                            state.marginCalls().size()));
                    return Effect().none();
                })
                .build();
    }

    private void offer(State state, ExecutedBlock block) {
        if (block.height() <= state.lastHeight() || buffer.containsKey(block.height())) {
            return;
        }
        if (buffer.size() >= BUFFER_MAX) {
            if (block.height() > buffer.lastKey()) {
                return; // fetched again from the block source once the buffer drains
            }
            buffer.pollLastEntry();
        }
        buffer.put(block.height(), block);
    }

    /** Delivers the next consecutive heights, or fetches the next one if a later one is waiting. */
    private Effect<Event, State> advance(State state) {
        if (busy || !recovered) {
            return Effect().none();
        }
        buffer.headMap(state.lastHeight(), true).clear();
        long next = state.lastHeight() + 1;
        if (buffer.isEmpty()) {
            return Effect().none();
        }
        if (buffer.firstKey() != next) {
            if (gapHeight != next) {
                gapHeight = next; // the stream may just be behind: wait a moment
                timers.startSingleTimer(Retry.INSTANCE, GAP_GRACE);
                return Effect().none();
            }
            busy = true;
            catchUps++;
            context.getLog().info("account projector: height {} missing (next buffered {}); catching up", next,
                    buffer.firstKey());
            context.pipeToSelf(source.from(next, BATCH_MAX), (blocks, failure) -> new CaughtUp(next, blocks,
                    failure == null ? null : failure.toString()));
            return Effect().none();
        }
        List<ExecutedBlock> batch = new ArrayList<>();
        for (long h = next; buffer.containsKey(h) && batch.size() < BATCH_MAX; h++) {
            batch.add(buffer.get(h));
        }
        busy = true;
        deliver(state, batch);
        return Effect().none();
    }

    private void deliver(State state, List<ExecutedBlock> batch) {
        Map<String, List<AccountBlock>> byAccount = new LinkedHashMap<>();
        for (ExecutedBlock block : batch) {
            for (AccountBlock account : block.accounts()) {
                byAccount.computeIfAbsent(account.accountKey(), k -> new ArrayList<>()).add(account);
            }
        }
        ExecutedBlock last = batch.get(batch.size() - 1);
        Map<String, MarginLevel> calls = new LinkedHashMap<>();
        for (MarginLevel level : last.marginCalls()) {
            calls.put(level.accountKey(), level);
        }
        List<String> raised = calls.keySet().stream().filter(k -> !state.marginCalls().contains(k)).toList();
        List<String> cleared = state.marginCalls().stream().filter(k -> !calls.containsKey(k)).sorted().toList();
        List<CompletableFuture<MarginAccount.Projected>> acks = new ArrayList<>();
        byAccount.forEach((key, blocks) -> acks.add(delivery.project(key, blocks).toCompletableFuture()));
        for (String key : raised) {
            acks.add(delivery.margin(key, calls.get(key)).toCompletableFuture());
        }
        for (String key : cleared) {
            // left the margin-call list: not valued in this block's list, so equity/maintenance are reported as 0
            acks.add(delivery.margin(key, new MarginLevel(key, last.height(), 0, 0)).toCompletableFuture());
        }
        long toHeight = last.height();
        context.pipeToSelf(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)), (ok, failure) ->
                failure == null ? new Delivered(toHeight, raised, cleared) : new DeliveryFailed(toHeight, failure.toString()));
    }

    private Effect<Event, State> onDelivered(State state, Delivered delivered) {
        return Effect().persist(new HeightsProjected(delivered.toHeight(), delivered.raised(), delivered.cleared()))
                .thenRun(next -> {
                    busy = false;
                    context.getSelf().tell(Retry.INSTANCE);
                });
    }

    private Effect<Event, State> onCaughtUp(State state, CaughtUp caughtUp) {
        busy = false;
        List<ExecutedBlock> blocks = caughtUp.blocks() == null ? List.of() : caughtUp.blocks();
        if (blocks.isEmpty() || blocks.get(0).height() != caughtUp.fromHeight()) {
            context.getLog().warn("account projector: no source holds height {} yet ({}); retrying in 1 s",
                    caughtUp.fromHeight(), caughtUp.failure() == null ? "not found" : caughtUp.failure());
            timers.startSingleTimer(Retry.INSTANCE, Duration.ofSeconds(1));
            return Effect().none();
        }
        for (ExecutedBlock block : blocks) {
            offer(state, block);
        }
        return advance(state);
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onEvent(HeightsProjected.class, State::apply).build();
    }
}
