package io.ballast.persistence.counter;

import io.ballast.persistence.CborSerializable;
import io.ballast.persistence.kryo.KryoSnapshot;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Test entity: sums positive amounts per source. Events and replies are CBOR, the state
 * snapshot is Kryo. Reports recovery and snapshots to an observer so tests can tell whether
 * a snapshot was used.
 */
public final class Counter
    extends EventSourcedBehaviorWithEnforcedReplies<Counter.Command, Counter.Event, Counter.State> {

  public sealed interface Command extends CborSerializable {}

  public record Add(String source, long amount, ActorRef<StatusReply<Totals>> replyTo)
      implements Command {}

  public record Get(ActorRef<Totals> replyTo) implements Command {}

  public record Totals(long total, Map<String, Long> bySource) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {}

  /** Version 2; version 1 was {@code {"delta": n}}, see {@link AddedMigration}. */
  public record Added(String source, long amount) implements Event {}

  public record State(long total, TreeMap<String, Long> bySource) implements KryoSnapshot {
    public static State empty() {
      return new State(0, new TreeMap<>());
    }

    State add(String source, long amount) {
      TreeMap<String, Long> next = new TreeMap<>(bySource);
      next.merge(source, amount, Math::addExact);
      return new State(Math.addExact(total, amount), next);
    }

    Totals totals() {
      return new Totals(total, Map.copyOf(bySource));
    }
  }

  /** What the observer hears; never persisted or sent between nodes. */
  public sealed interface Notice {}

  public record Recovered(long total, int eventsReplayed) implements Notice {}

  public record SnapshotSaved(long sequenceNr) implements Notice {}

  private final int snapshotEveryEvents;
  private final ActorRef<Notice> observer;
  // Counts event-handler calls before RecoveryCompleted, i.e. events replayed after the snapshot.
  private int eventsApplied;

  private Counter(PersistenceId persistenceId, int snapshotEveryEvents, ActorRef<Notice> observer) {
    super(persistenceId);
    this.snapshotEveryEvents = snapshotEveryEvents;
    this.observer = observer;
  }

  public static Behavior<Command> create(
      String entityId, int snapshotEveryEvents, ActorRef<Notice> observer) {
    // setup: a fresh instance (and eventsApplied) for every incarnation of the actor.
    return Behaviors.setup(
        context ->
            new Counter(PersistenceId.of("Counter", entityId), snapshotEveryEvents, observer));
  }

  @Override
  public State emptyState() {
    return State.empty();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Add.class, this::onAdd)
        .onCommand(Get.class, (state, get) -> Effect().reply(get.replyTo(), state.totals()))
        .build();
  }

  private ReplyEffect<Event, State> onAdd(
      State state, Add add) {
    if (add.amount() <= 0) {
      return Effect()
          .reply(add.replyTo(), StatusReply.error("amount must be positive: " + add.amount()));
    }
    return Effect()
        .persist(new Added(add.source(), add.amount()))
        .thenReply(add.replyTo(), next -> StatusReply.success(next.totals()));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(
            Added.class,
            (state, added) -> {
              eventsApplied++;
              return state.add(added.source(), added.amount());
            })
        .build();
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            state -> observer.tell(new Recovered(state.total(), eventsApplied)))
        .onSignal(
            SnapshotCompleted.class,
            (state, done) -> observer.tell(new SnapshotSaved(done.metadata().sequenceNr())))
        .build();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEveryEvents, 2);
  }
}
