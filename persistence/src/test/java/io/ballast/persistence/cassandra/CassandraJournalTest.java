package io.ballast.persistence.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ballast.persistence.BallastConfig;
import io.ballast.persistence.counter.RestartScenario;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("cassandra")
@ExtendWith(CassandraExtension.class)
class CassandraJournalTest {
  @Test
  void eventsAndKryoSnapshotSurviveAnActorSystemRestart(CassandraServer cassandra) {
    Config config =
        BallastConfig.load(
            cassandra
                .driverConfig()
                .withFallback(
                    ConfigFactory.parseString(
                        "ballast.journal = cassandra\n"
                            + "ballast.cassandra.schema-autocreate = true")));

    RestartScenario.Timings timings = RestartScenario.run(config, "cassandra-1");
    assertEquals(RestartScenario.expectedTotals(), timings.recovered(),
        "a fresh actor system recovers every event from Cassandra");
    System.out.printf(
        "Cassandra journal: wrote %d events in %d ms (incl. keyspace/table creation),"
            + " recovered in %d ms%n",
        RestartScenario.EVENTS, timings.writeMillis(), timings.recoverMillis());
  }
}
