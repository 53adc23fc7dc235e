package io.ballast.oracle;

import io.ballast.core.crypto.KeyPair;
import io.ballast.oracle.source.PriceSource;
import io.ballast.persistence.CborSerializable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One oracle operator (one key) as a persistent, sharded entity ({@code oracle-N}, see {@link OracleIds}). Every
 * {@code reportIntervalMillis} it reads the wall clock once, asks its {@link PriceSource} for each configured market,
 * and signs a {@link io.ballast.core.ledger.tx.TxBody.OracleReport} (nonce 0, no fee) per market — and a
 * {@link io.ballast.core.ledger.tx.TxBody.VolReport} for the markets with options — for its {@link ReportSink}.
 *
 * <p><b>Persist before sign.</b> A round is numbered ({@code round} = the previous one + 1) and its reports
 * ({@link PreparedReport}: market, value, timestamp, hash of the signing message) are journaled as one
 * {@link RoundPrepared} event; only once that write succeeded are they signed and handed to the sink. Timestamps are
 * {@code max(now, last + 1)} per market, with {@code last} from the journal. So after a crash, a restart or a move
 * to another node the operator never signs a different report for a round or a (market, timestamp) it already
 * prepared, and neither its round number nor any market's timestamp goes backwards. On recovery it re-sends the
 * last round's reports (the same bytes: Ed25519 is deterministic) when they are younger than
 * {@code maxQuoteAgeMillis}, in case it stopped between the write and the send; the ledger refuses a copy it already
 * has as a duplicate.
 *
 * <p>The signing key is read from the node's key files when the entity starts ({@link OracleSetup.KeySource}) and is
 * checked against the genesis; it never enters an event, a snapshot or a log line (logs name the operator by its
 * public key). A failure (the source or the sink threw, the key file is missing) restarts the entity with backoff,
 * from the journal; commands that arrive meanwhile wait.
 *
 * <p>With a {@link OracleSetup.Fence} (the shard's lease, see {@code cluster} {@code NodeServices}), the operator asks
 * it before each round's write and again before it signs and sends what it wrote; an incarnation that cannot confirm
 * it writes or sends nothing and stops, so a paused node whose operator moved on never signs beside its successor.
 */
public final class OracleOperator
        extends EventSourcedBehaviorWithEnforcedReplies<OracleOperator.Command, OracleOperator.Event, OracleOperator.State> {
    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "OracleOperator");
    /** Rounds between snapshots; events before the older of the two kept snapshots are deleted. */
    static final int SNAPSHOT_EVERY_EVENTS = 500;

    // ---- commands -------------------------------------------------------------------------

    public sealed interface Command extends CborSerializable permits Start, Tick, ReportNow, SetMode, GetStatus, Passivate {}

    /** Starts the entity where sharding places it (a node's keep-alive sends it); nothing else. */
    public enum Start implements Command { INSTANCE }

    /** The report timer (sent by the entity to itself). */
    public enum Tick implements Command { INSTANCE }

    /** Runs a reporting round now, in addition to the timer's; the reply says what it did. */
    public record ReportNow(ActorRef<RoundOutcome> replyTo) implements Command {}

    /** Switches the reporting mode (persisted); takes effect from the next round. */
    public record SetMode(ReportingMode mode, ActorRef<ModeOutcome> replyTo) implements Command {}

    public record GetStatus(ActorRef<Status> replyTo) implements Command {}

    /** Stops the entity (sharding's stop message). */
    public enum Passivate implements Command { INSTANCE }

    // ---- replies --------------------------------------------------------------------------

    /** What a round did. */
    public enum RoundResult {
        /** New reports were journaled, then signed and submitted. */
        SIGNED,
        /** Stale replay: the last signed report of each market was submitted again, nothing new signed. */
        REPLAYED,
        /** Silent: nothing submitted. */
        SILENT,
        /** Every quote was older than {@code maxQuoteAgeMillis}: nothing signed. */
        NOTHING_FRESH,
        /**
         * This incarnation could not confirm its signing lease ({@link OracleSetup.Fence}) before the write or after
         * it: nothing sent, and it stops; the incarnation that holds the lease continues from the journal.
         */
        FENCED
    }

    /** @param round the operator's last journaled round after this one (unchanged unless {@code SIGNED}) */
    public record RoundOutcome(String operatorId, RoundResult result, long round, int submitted) implements CborSerializable {}

    /** What became of a {@link SetMode}; {@code REFUSED_*} changed nothing. */
    public enum ModeResult { CHANGED, UNCHANGED, REFUSED_MISSING_MODE, REFUSED_FAULT_MODES_DISABLED }

    /** @param mode the mode in force after the command */
    public record ModeOutcome(String operatorId, ModeResult result, ReportingMode mode) implements CborSerializable {}

    /**
     * @param round                       the last journaled round (survives restarts and moves)
     * @param roundsRun                   rounds run by this incarnation (silent and replayed ones included)
     * @param submissions                 transactions this incarnation handed to its sink (replays included)
     * @param lastTimestampMillisByMarket the newest price report prepared per market
     */
    public record Status(String operatorId, String operatorKey, ReportingMode mode, long round, long roundsRun,
                         long submissions, Map<String, Long> lastTimestampMillisByMarket) implements CborSerializable {
        public Status {
            lastTimestampMillisByMarket = Collections.unmodifiableMap(new TreeMap<>(lastTimestampMillisByMarket));
        }
    }

    // ---- events ---------------------------------------------------------------------------

    public sealed interface Event extends CborSerializable permits RoundPrepared, ModeChanged {}

    /** The reports of round {@code round}, observed at {@code observedAtMillis}: written before any is signed. */
    public record RoundPrepared(long round, long observedAtMillis, List<PreparedReport> reports) implements Event {
        public RoundPrepared {
            reports = List.copyOf(reports);
        }
    }

    public record ModeChanged(ReportingMode mode) implements Event {}

    // ---- state ----------------------------------------------------------------------------

    /**
     * What the journal says: the last round, the mode, the last round's reports (re-sent on recovery) and the newest
     * report per market and kind (the floor of the next timestamp, and what stale replay re-sends).
     */
    public record State(long round, ReportingMode mode, long lastObservedMillis, List<PreparedReport> lastRound,
                        Map<String, PreparedReport> lastPriceByMarket, Map<String, PreparedReport> lastVolByMarket)
            implements CborSerializable {
        public State {
            Objects.requireNonNull(mode, "mode");
            lastRound = List.copyOf(lastRound);
            lastPriceByMarket = Collections.unmodifiableMap(new TreeMap<>(lastPriceByMarket));
            lastVolByMarket = Collections.unmodifiableMap(new TreeMap<>(lastVolByMarket));
        }

        static State initial(ReportingMode mode) {
            return new State(0, mode, 0, List.of(), Map.of(), Map.of());
        }

        /** Always-on invariants: rounds follow each other, and every market's timestamps only increase. */
        State after(RoundPrepared prepared) {
            if (prepared.round() != Math.addExact(round, 1)) {
                throw new IllegalStateException("round " + prepared.round() + " does not follow round " + round);
            }
            if (prepared.reports().isEmpty()) {
                throw new IllegalStateException("round " + prepared.round() + " has no reports");
            }
            Map<String, PreparedReport> prices = new TreeMap<>(lastPriceByMarket);
            Map<String, PreparedReport> vols = new TreeMap<>(lastVolByMarket);
            Set<String> seen = new HashSet<>();
            for (PreparedReport report : prepared.reports()) {
                if (!seen.add(report.kind() + "/" + report.marketId())) {
                    throw new IllegalStateException("round " + prepared.round() + " reports " + report.kind() + " "
                            + report.marketId() + " twice");
                }
                Map<String, PreparedReport> last = report.kind() == PreparedReport.Kind.PRICE ? prices : vols;
                PreparedReport previous = last.get(report.marketId());
                if (previous != null && report.timestampMillis() <= previous.timestampMillis()) {
                    throw new IllegalStateException("round " + prepared.round() + ": " + report.kind() + " "
                            + report.marketId() + " at " + report.timestampMillis() + " is not after "
                            + previous.timestampMillis());
                }
                last.put(report.marketId(), report);
            }
            return new State(prepared.round(), mode, prepared.observedAtMillis(), prepared.reports(), prices, vols);
        }

        State withMode(ReportingMode newMode) {
            return new State(round, newMode, lastObservedMillis, lastRound, lastPriceByMarket, lastVolByMarket);
        }
    }

    // ---- wiring ---------------------------------------------------------------------------

    /**
     * Registers the sharded entity type (one shard per operator), letting the host adjust the entity (role,
     * allocation, passivation). Entities start on their first message: the host keeps them started (see
     * {@link Start}). Refuses a setup whose price sources cannot price the configured markets.
     */
    public static ActorRef<ShardingEnvelope<Command>> init(ActorSystem<?> system, OracleSetup setup,
                                                         UnaryOperator<Entity<Command, ShardingEnvelope<Command>>> customize) {
        for (int index = 0; index < setup.ids().size(); index++) {
            requireMarkets(setup.settings(), setup.sources().apply(index));
        }
        Entity<Command, ShardingEnvelope<Command>> entity = Entity.of(TYPE_KEY, context -> create(context.getEntityId(), setup))
                .withStopMessage(Passivate.INSTANCE)
                .withMessageExtractor(new OneShardPerOperator());
        return ClusterSharding.get(system).init(customize.apply(entity));
    }

    /** One shard per operator, named like the entity, so placement decides per operator. */
    public static String shardOf(String operatorId) {
        return operatorId;
    }

    /**
     * The entity behavior of {@code operatorId}, supervised (a failure restarts it with backoff, from the journal).
     * An id that names no operator of the genesis logs an error and stops without touching the journal; a source that
     * cannot price the configured markets is refused here.
     */
    public static Behavior<Command> create(String operatorId, OracleSetup setup) {
        int index = setup.ids().indexOf(operatorId);
        if (index < 0) {
            return Behaviors.setup(context -> {
                context.getLog().error("'{}' names no oracle operator of the genesis ({} operators); stopping",
                        operatorId, setup.ids().size());
                return Behaviors.stopped();
            });
        }
        PriceSource source = setup.sources().apply(index);
        requireMarkets(setup.settings(), source);
        OperatorSettings settings = setup.settings();
        return Behaviors.supervise(Behaviors.<Command>setup(context -> Behaviors.withTimers(timers ->
                        new OracleOperator(operatorId, setup, loadKey(operatorId, setup), source, context, timers))))
                .onFailure(Exception.class, SupervisorStrategy.restartWithBackoff(
                        Duration.ofMillis(settings.minBackoffMillis()), Duration.ofMillis(settings.maxBackoffMillis()), 0.2));
    }

    private static void requireMarkets(OperatorSettings settings, PriceSource source) {
        Set<String> missing = new HashSet<>(settings.marketIds());
        missing.removeAll(source.marketIds());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the price source has no " + missing + "; it has " + source.marketIds());
        }
    }

    private static KeyPair loadKey(String operatorId, OracleSetup setup) {
        KeyPair key;
        try {
            key = setup.keys().load(operatorId);
        } catch (IOException e) {
            throw new UncheckedIOException("oracle operator " + operatorId + ": cannot read its key file", e);
        }
        if (!key.publicKey().equals(setup.ids().keyOf(operatorId))) {
            throw new IllegalStateException("oracle operator " + operatorId + ": its key file holds "
                    + key.publicKey().toHex() + ", the genesis names " + setup.ids().keyOf(operatorId).toHex());
        }
        return key;
    }

    // ---- the entity -----------------------------------------------------------------------

    private final String operatorId;
    private final OperatorSettings settings;
    private final OracleSetup setup;
    private final KeyPair key;
    private final PriceSource source;
    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final Set<String> staleMarkets = new HashSet<>();
    private long roundsRun;
    private long submissions;

    private OracleOperator(String operatorId, OracleSetup setup, KeyPair key, PriceSource source,
                           ActorContext<Command> context, TimerScheduler<Command> timers) {
        super(PersistenceId.of(TYPE_KEY.name(), key.publicKey().toHex()),
                SupervisorStrategy.restartWithBackoff(Duration.ofMillis(setup.settings().minBackoffMillis()),
                        Duration.ofMillis(setup.settings().maxBackoffMillis()), 0.2));
        this.operatorId = operatorId;
        this.settings = setup.settings();
        this.setup = setup;
        this.key = key;
        this.source = source;
        this.context = context;
        this.timers = timers;
    }

    @Override
    public State emptyState() {
        return State.initial(settings.initialMode());
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY_EVENTS, 2).withDeleteEventsOnSnapshot();
    }

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), this::onRecovered).build();
    }

    private void onRecovered(State state) {
        context.getLog().info("oracle operator {} ({}) reports {} every {} ms for chain {} (mode {}), from round {} on {}",
                key.publicKey().toHex(), operatorId, settings.marketIds(), settings.reportIntervalMillis(),
                settings.chainId(), state.mode(), state.round(), context.getSystem().address());
        timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofMillis(settings.reportIntervalMillis()));
        long ageMillis = setup.clockMillis().getAsLong() - state.lastObservedMillis();
        if (!state.lastRound().isEmpty() && !(state.mode() instanceof ReportingMode.Silent)
                && ageMillis <= settings.maxQuoteAgeMillis() && setup.fence().maySign(operatorId)) {
            context.getLog().info("oracle operator {} re-sends round {} ({} reports, {} ms old)", operatorId,
                    state.round(), state.lastRound().size(), ageMillis);
            submit(state.lastRound());
        }
    }

    @Override
    public CommandHandlerWithReply<Command, Event, State> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
                .onCommand(Start.class, (state, start) -> Effect().noReply())
                .onCommand(Tick.class, (state, tick) -> onRound(state, null))
                .onCommand(ReportNow.class, (state, now) -> onRound(state, now.replyTo()))
                .onCommand(SetMode.class, this::onSetMode)
                .onCommand(GetStatus.class, (state, get) -> Effect().reply(get.replyTo(), status(state)))
                .onCommand(Passivate.class, (state, stop) -> Effect().stop().thenNoReply())
                .build();
    }

    private ReplyEffect<Event, State> onRound(State state, ActorRef<RoundOutcome> replyTo) {
        roundsRun++;
        ReportingMode mode = state.mode();
        if (mode instanceof ReportingMode.Silent) {
            return reply(replyTo, new RoundOutcome(operatorId, RoundResult.SILENT, state.round(), 0));
        }
        if (mode instanceof ReportingMode.StaleReplay) {
            if (!setup.fence().maySign(operatorId)) {
                return reply(replyTo, new RoundOutcome(operatorId, RoundResult.FENCED, state.round(), 0));
            }
            List<PreparedReport> last = new java.util.ArrayList<>(state.lastPriceByMarket().values());
            last.addAll(state.lastVolByMarket().values());
            return reply(replyTo, new RoundOutcome(operatorId, RoundResult.REPLAYED, state.round(), submit(last)));
        }
        long nowMillis = setup.clockMillis().getAsLong();
        RoundPlanner.Plan plan = RoundPlanner.plan(settings, key.publicKey(), source, mode, state, nowMillis);
        logFreshness(plan);
        if (plan.reports().isEmpty()) {
            return reply(replyTo, new RoundOutcome(operatorId, RoundResult.NOTHING_FRESH, state.round(), 0));
        }
        RoundPrepared prepared = new RoundPrepared(Math.addExact(state.round(), 1), nowMillis, plan.reports());
        if (!setup.fence().maySign(operatorId)) {
            context.getLog().warn("oracle operator {} on {} cannot confirm its signing lease: writes and sends nothing, stops",
                    operatorId, context.getSystem().address());
            RoundOutcome fenced = new RoundOutcome(operatorId, RoundResult.FENCED, state.round(), 0);
            return replyTo == null ? Effect().stop().thenNoReply() : Effect().stop().thenReply(replyTo, after -> fenced);
        }
        int[] submitted = {-1};
        var written = Effect().persist(prepared).thenRun(after -> {
            if (setup.fence().maySign(operatorId)) {
                submitted[0] = submit(prepared.reports());
            } else { // lost while writing: nothing leaves this incarnation; a successor recovers what was written
                context.getLog().warn("oracle operator {} on {} lost its signing lease during a write: sends nothing, stops",
                        operatorId, context.getSystem().address());
                context.getSelf().tell(Passivate.INSTANCE);
            }
        });
        return replyTo == null ? written.thenNoReply() : written.thenReply(replyTo, after -> new RoundOutcome(operatorId,
                submitted[0] < 0 ? RoundResult.FENCED : RoundResult.SIGNED, after.round(), Math.max(0, submitted[0])));
    }

    private ReplyEffect<Event, State> onSetMode(State state, SetMode command) {
        ReportingMode mode = command.mode();
        if (mode == null) {
            return Effect().reply(command.replyTo(), new ModeOutcome(operatorId, ModeResult.REFUSED_MISSING_MODE, state.mode()));
        }
        if (mode.isFault() && !settings.faultModesAllowed()) {
            context.getLog().warn("oracle operator {} refuses to switch to {}: fault modes are disabled on this node",
                    operatorId, mode);
            return Effect().reply(command.replyTo(),
                    new ModeOutcome(operatorId, ModeResult.REFUSED_FAULT_MODES_DISABLED, state.mode()));
        }
        if (mode.equals(state.mode())) {
            return Effect().reply(command.replyTo(), new ModeOutcome(operatorId, ModeResult.UNCHANGED, mode));
        }
        context.getLog().warn("oracle operator {} switches from {} to {}", operatorId, state.mode(), mode);
        return Effect().persist(new ModeChanged(mode))
                .thenReply(command.replyTo(), after -> new ModeOutcome(operatorId, ModeResult.CHANGED, after.mode()));
    }

    private ReplyEffect<Event, State> reply(ActorRef<RoundOutcome> replyTo, RoundOutcome outcome) {
        return replyTo == null ? Effect().noReply() : Effect().reply(replyTo, outcome);
    }

    /** Signs (re-creating the journaled report exactly) and hands each report to the sink, in order. */
    private int submit(List<PreparedReport> reports) {
        for (PreparedReport report : reports) {
            setup.sink().submit(report.sign(settings.chainId(), key));
            submissions++;
        }
        return reports.size();
    }

    private void logFreshness(RoundPlanner.Plan plan) {
        for (String marketId : settings.marketIds()) {
            Long ageMillis = plan.staleAgesMillis().get(marketId);
            if (ageMillis != null && staleMarkets.add(marketId)) {
                context.getLog().warn("{}: source price is {} ms old (limit {} ms); not reporting it",
                        marketId, ageMillis, settings.maxQuoteAgeMillis());
            } else if (ageMillis == null && staleMarkets.remove(marketId)) {
                context.getLog().info("{}: source price is fresh again", marketId);
            }
        }
    }

    private Status status(State state) {
        Map<String, Long> timestamps = new TreeMap<>();
        state.lastPriceByMarket().forEach((market, report) -> timestamps.put(market, report.timestampMillis()));
        return new Status(operatorId, key.publicKey().toHex(), state.mode(), state.round(), roundsRun, submissions, timestamps);
    }

    // ---- events ---------------------------------------------------------------------------

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(RoundPrepared.class, State::after)
                .onEvent(ModeChanged.class, (state, changed) -> state.withMode(changed.mode()))
                .build();
    }

    /** Routes every message of operator {@code oracle-N} to its own shard. */
    private static final class OneShardPerOperator extends ShardingMessageExtractor<ShardingEnvelope<Command>, Command> {
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
