package io.ballast.persistence.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestKitJUnit5Extension.class)
class CounterTest {
  @JUnit5TestKit
  ActorTestKit testKit =
      new JUnit5TestKitBuilder()
          .withCustomConfig(
              EventSourcedBehaviorTestKit.config()
                  .withFallback(PersistenceTestKitSnapshotPlugin.config())
                  .withFallback(ConfigFactory.parseResources("serialization.conf"))
                  .withFallback(ConfigFactory.load()))
          .build();

  private EventSourcedBehaviorTestKit<Counter.Command, Counter.Event, Counter.State> counter;
  private TestProbe<Counter.Notice> notices;

  @BeforeEach
  void setUp() {
    notices = testKit.createTestProbe();
    // Serialization settings enabled: every command, event and state is round-tripped through
    // the configured serializers (CBOR for commands/events, Kryo for the state).
    counter =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            Counter.create("c-1", 3, notices.ref()),
            EventSourcedBehaviorTestKit.enabledSerializationSettings());
    notices.expectMessage(new Counter.Recovered(0, 0));
  }

  @Test
  void addPersistsAnEventAndRepliesWithTotals() {
    var result = counter.<StatusReply<Counter.Totals>>runCommand(r -> new Counter.Add("a", 5, r));

    assertEquals(new Counter.Added("a", 5), result.event());
    assertEquals(new Counter.Totals(5, Map.of("a", 5L)), result.reply().getValue());
    assertEquals(5, result.state().total());
  }

  @Test
  void nonPositiveAmountIsRejectedWithoutEvents() {
    var result = counter.<StatusReply<Counter.Totals>>runCommand(r -> new Counter.Add("a", 0, r));

    assertTrue(result.hasNoEvents());
    assertTrue(result.reply().isError());
  }

  @Test
  void stateSurvivesRestartFromSnapshotAndEvents() {
    for (int i = 1; i <= 4; i++) {
      long amount = i;
      counter.<StatusReply<Counter.Totals>>runCommand(r -> new Counter.Add("s" + amount % 2, amount, r));
    }
    assertEquals(1, counter.snapshotTestKit().orElseThrow().persistedInStorage("Counter|c-1").size());

    notices.expectMessage(new Counter.SnapshotSaved(3));

    var restarted = counter.restart();

    assertEquals(10, restarted.state().total());
    // Only the event after the snapshot at sequence number 3 is replayed.
    notices.expectMessage(new Counter.Recovered(10, 1));
  }
}
