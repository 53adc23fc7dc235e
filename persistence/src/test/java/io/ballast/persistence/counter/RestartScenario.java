package io.ballast.persistence.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * Journal-independent durability check: persist events in one ActorSystem, stop it, recover in
 * a new ActorSystem on the same storage, and require the same state, recovered from the latest
 * snapshot plus only the events after it.
 */
public final class RestartScenario {
  public static final int EVENTS = 25;
  public static final int SNAPSHOT_EVERY_EVENTS = 10;
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** @param recovered what the entity reported after recovering in a fresh actor system */
  public record Timings(long writeMillis, long recoverMillis, Counter.Totals recovered) {}

  private RestartScenario() {}

  public static Timings run(Config config, String entityId) {
    long writeStartNanos = System.nanoTime();
    Counter.Totals written = writeEvents(config, entityId);
    long writeMillis = (System.nanoTime() - writeStartNanos) / 1_000_000;
    assertEquals(expectedTotals(), written);

    long recoverStartNanos = System.nanoTime();
    ActorTestKit second = ActorTestKit.create("recover", config);
    try {
      TestProbe<Counter.Notice> notices = second.createTestProbe();
      ActorRef<Counter.Command> counter =
          second.spawn(Counter.create(entityId, SNAPSHOT_EVERY_EVENTS, notices.ref()));
      int afterSnapshot = EVENTS - (EVENTS / SNAPSHOT_EVERY_EVENTS) * SNAPSHOT_EVERY_EVENTS;
      notices.expectMessage(
          TIMEOUT, new Counter.Recovered(expectedTotals().total(), afterSnapshot));
      TestProbe<Counter.Totals> totals = second.createTestProbe();
      counter.tell(new Counter.Get(totals.ref()));
      Counter.Totals recovered = totals.receiveMessage(TIMEOUT);
      assertEquals(expectedTotals(), recovered);
      return new Timings(writeMillis, (System.nanoTime() - recoverStartNanos) / 1_000_000, recovered);
    } finally {
      second.shutdownTestKit();
    }
  }

  private static Counter.Totals writeEvents(Config config, String entityId) {
    ActorTestKit first = ActorTestKit.create("write", config);
    try {
      TestProbe<Counter.Notice> notices = first.createTestProbe();
      ActorRef<Counter.Command> counter =
          first.spawn(Counter.create(entityId, SNAPSHOT_EVERY_EVENTS, notices.ref()));
      notices.expectMessage(TIMEOUT, new Counter.Recovered(0, 0));
      TestProbe<StatusReply<Counter.Totals>> replies = first.createTestProbe();
      Counter.Totals last = null;
      for (int i = 1; i <= EVENTS; i++) {
        counter.tell(new Counter.Add(source(i), i, replies.ref()));
        last = replies.receiveMessage(TIMEOUT).getValue();
      }
      for (int n = SNAPSHOT_EVERY_EVENTS; n <= EVENTS; n += SNAPSHOT_EVERY_EVENTS) {
        notices.expectMessage(TIMEOUT, new Counter.SnapshotSaved(n));
      }
      return last;
    } finally {
      first.shutdownTestKit();
    }
  }

  private static String source(int i) {
    return "source-" + (i % 3);
  }

  public static Counter.Totals expectedTotals() {
    TreeMap<String, Long> bySource = new TreeMap<>();
    long total = 0;
    for (int i = 1; i <= EVENTS; i++) {
      bySource.merge(source(i), (long) i, Long::sum);
      total += i;
    }
    return new Counter.Totals(total, Map.copyOf(bySource));
  }
}
