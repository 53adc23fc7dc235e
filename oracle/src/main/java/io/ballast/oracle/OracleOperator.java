package io.ballast.oracle;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.oracle.source.PriceQuote;
import io.ballast.oracle.source.PriceSource;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One oracle operator (one key): every {@code reportIntervalMillis} it asks its
 * {@link PriceSource} for each configured market at the current wall-clock time, signs a
 * {@link TxBody.OracleReport} (nonce 0, no fee) per market and hands the encoded transaction to its
 * {@link ReportSink}; for the markets with options it also signs a {@link TxBody.VolReport} of the
 * source's volatility. Report timestamps are the observation time, strictly increasing per market
 * (and, separately, per vol market).
 *
 * <p>On failure (the source or the sink threw) the actor restarts with exponential backoff. The
 * mode, the last report per market and the counters live outside the supervised behavior, so a
 * restart neither forgets a chaos mode nor reuses a timestamp. The key's secret seed is never
 * logged; logs name the operator by its public key.
 */
public final class OracleOperator extends AbstractBehavior<OracleOperator.Command> {

    /** Messages the operator accepts. */
    public sealed interface Command {}

    /** Switches the reporting mode (for chaos tests and demos); takes effect from the next round. */
    public record SetMode(ReportingMode mode) implements Command {
        public SetMode {
            Objects.requireNonNull(mode, "mode");
        }
    }

    /** Runs a reporting round now, in addition to the timer's. */
    public record ReportNow() implements Command {}

    public record GetStatus(ActorRef<Status> replyTo) implements Command {}

    private enum Tick implements Command {
        INSTANCE
    }

    /**
     * What the operator has done: {@code submissions} counts transactions handed to the sink
     * (replays included); {@code lastTimestampMillisByMarket} the newest report signed per market.
     */
    public record Status(
            Bytes32 operatorKey, ReportingMode mode, long rounds, long submissions, Map<String, Long> lastTimestampMillisByMarket) {
        public Status {
            lastTimestampMillisByMarket = Collections.unmodifiableMap(new TreeMap<>(lastTimestampMillisByMarket));
        }
    }

    /** The last report signed for a market: its timestamp and exact encoded bytes. */
    private record SentReport(long timestampMillis, byte[] transaction) {}

    /** State that survives restarts; touched only by the actor's own thread. */
    private static final class Memory {
        ReportingMode mode;
        final Map<String, SentReport> lastSentByMarket = new TreeMap<>();
        final Map<String, SentReport> lastVolSentByMarket = new TreeMap<>();
        long rounds;
        long submissions;

        Memory(ReportingMode mode) {
            this.mode = mode;
        }
    }

    private final OperatorSettings settings;
    private final KeyPair key;
    private final PriceSource source;
    private final ReportSink sink;
    private final LongSupplier wallClockMillis;
    private final Memory memory;
    private final Set<String> staleMarkets = new HashSet<>();

    /** An operator reading the system wall clock. */
    public static Behavior<Command> create(OperatorSettings settings, KeyPair key, PriceSource source, ReportSink sink) {
        return create(settings, key, source, sink, System::currentTimeMillis);
    }

    /** An operator reading {@code wallClockMillis} (tests, simulations). */
    public static Behavior<Command> create(
            OperatorSettings settings, KeyPair key, PriceSource source, ReportSink sink, LongSupplier wallClockMillis) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(wallClockMillis, "wallClockMillis");
        Set<String> missing = new HashSet<>(settings.marketIds());
        missing.removeAll(source.marketIds());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the price source has no " + missing + "; it has " + source.marketIds());
        }
        return Behaviors.setup(context -> {
            Memory memory = new Memory(settings.initialMode());
            Behavior<Command> running = Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                    new OracleOperator(ctx, timers, settings, key, source, sink, wallClockMillis, memory)));
            return Behaviors.supervise(running).onFailure(Exception.class, SupervisorStrategy.restartWithBackoff(
                    Duration.ofMillis(settings.minBackoffMillis()), Duration.ofMillis(settings.maxBackoffMillis()), 0.2));
        });
    }

    private OracleOperator(
            ActorContext<Command> context, TimerScheduler<Command> timers, OperatorSettings settings, KeyPair key,
            PriceSource source, ReportSink sink, LongSupplier wallClockMillis, Memory memory) {
        super(context);
        this.settings = settings;
        this.key = key;
        this.source = source;
        this.sink = sink;
        this.wallClockMillis = wallClockMillis;
        this.memory = memory;
        timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofMillis(settings.reportIntervalMillis()));
        context.getLog().info("oracle operator {} reports {} every {} ms for chain {} (mode {})",
                key.publicKey().toHex(), settings.marketIds(), settings.reportIntervalMillis(), settings.chainId(), memory.mode);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessageEquals(Tick.INSTANCE, this::onReportRound)
                .onMessage(ReportNow.class, command -> onReportRound())
                .onMessage(SetMode.class, this::onSetMode)
                .onMessage(GetStatus.class, this::onGetStatus)
                .build();
    }

    private Behavior<Command> onReportRound() {
        long nowMillis = wallClockMillis.getAsLong();
        ReportingMode mode = memory.mode;
        for (String marketId : settings.marketIds()) {
            if (mode instanceof ReportingMode.StaleReplay) {
                replay(marketId);
            } else if (mode instanceof ReportingMode.Honest || mode instanceof ReportingMode.WildPrice) {
                report(marketId, mode, nowMillis);
            }
        }
        for (String marketId : settings.volMarketIds()) {
            if (mode instanceof ReportingMode.StaleReplay) {
                SentReport last = memory.lastVolSentByMarket.get(marketId);
                if (last != null) {
                    sink.submit(last.transaction().clone());
                    memory.submissions++;
                }
            } else if (mode instanceof ReportingMode.Honest || mode instanceof ReportingMode.WildPrice) {
                reportVolatility(marketId, mode, nowMillis);
            }
        }
        memory.rounds++;
        return this;
    }

    private void report(String marketId, ReportingMode mode, long nowMillis) {
        PriceQuote quote = source.quote(marketId, nowMillis);
        if (!fresh(marketId, quote, nowMillis)) {
            return;
        }
        long priceUsd = mode instanceof ReportingMode.WildPrice wild ? wild.distort(quote.priceUsd()) : quote.priceUsd();
        SentReport last = memory.lastSentByMarket.get(marketId);
        long timestampMillis = last == null ? nowMillis : Math.max(nowMillis, Math.addExact(last.timestampMillis(), 1));
        TxBody.OracleReport body = new TxBody.OracleReport(marketId, priceUsd, timestampMillis);
        byte[] transaction = SignedTransaction.sign(settings.chainId(), key, 0, body).encode();
        sink.submit(transaction);
        memory.lastSentByMarket.put(marketId, new SentReport(timestampMillis, transaction));
        memory.submissions++;
    }

    private void reportVolatility(String marketId, ReportingMode mode, long nowMillis) {
        java.util.OptionalLong vol = source.volatilityPpm(marketId, nowMillis);
        if (vol.isEmpty()) {
            return;
        }
        long volPpm = mode instanceof ReportingMode.WildPrice wild ? wild.distort(vol.getAsLong()) : vol.getAsLong();
        volPpm = Math.max(1, Math.min(io.ballast.core.options.BlackScholes.MAX_VOL_PPM, volPpm));
        SentReport last = memory.lastVolSentByMarket.get(marketId);
        long timestampMillis = last == null ? nowMillis : Math.max(nowMillis, Math.addExact(last.timestampMillis(), 1));
        byte[] transaction = SignedTransaction.sign(settings.chainId(), key, 0,
                new TxBody.VolReport(marketId, volPpm, timestampMillis)).encode();
        sink.submit(transaction);
        memory.lastVolSentByMarket.put(marketId, new SentReport(timestampMillis, transaction));
        memory.submissions++;
    }

    private boolean fresh(String marketId, PriceQuote quote, long nowMillis) {
        long ageMillis = nowMillis - quote.timestampMillis();
        if (ageMillis > settings.maxQuoteAgeMillis()) {
            if (staleMarkets.add(marketId)) {
                getContext().getLog().warn("{}: source price is {} ms old (limit {} ms); not reporting it",
                        marketId, ageMillis, settings.maxQuoteAgeMillis());
            }
            return false;
        }
        if (staleMarkets.remove(marketId)) {
            getContext().getLog().info("{}: source price is fresh again", marketId);
        }
        return true;
    }

    private void replay(String marketId) {
        SentReport last = memory.lastSentByMarket.get(marketId);
        if (last != null) {
            sink.submit(last.transaction().clone());
            memory.submissions++;
        }
    }

    private Behavior<Command> onSetMode(SetMode command) {
        if (!command.mode().equals(memory.mode)) {
            getContext().getLog().warn("oracle operator {} switches from {} to {}",
                    key.publicKey().shortHex(), memory.mode, command.mode());
            memory.mode = command.mode();
        }
        return this;
    }

    private Behavior<Command> onGetStatus(GetStatus command) {
        Map<String, Long> timestamps = new TreeMap<>();
        memory.lastSentByMarket.forEach((market, sent) -> timestamps.put(market, sent.timestampMillis()));
        command.replyTo().tell(new Status(key.publicKey(), memory.mode, memory.rounds, memory.submissions, timestamps));
        return this;
    }
}
