package io.ballast.persistence.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.ballast.persistence.BallastConfig;
import io.ballast.persistence.counter.RestartScenario;
import io.ballast.persistence.kryo.KryoSerializer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedJournalTest {
  @TempDir Path dataDir;

  private Config config() {
    return EmbeddedJournal.prepare(
        BallastConfig.load(
            ConfigFactory.empty()
                .withValue("ballast.data-dir", ConfigValueFactory.fromAnyRef(dataDir.toString()))));
  }

  @Test
  void eventsAndKryoSnapshotSurviveAnActorSystemRestart() throws Exception {
    Config config = config();

    RestartScenario.Timings timings = RestartScenario.run(config, "embedded-1");
    System.out.printf(
        "H2 journal: wrote %d events in %d ms, recovered in %d ms%n",
        RestartScenario.EVENTS, timings.writeMillis(), timings.recoverMillis());

    try (Connection connection =
            DriverManager.getConnection(config.getString(EmbeddedJournal.URL_PATH), "sa", "");
        Statement statement = connection.createStatement();
        ResultSet snapshots =
            statement.executeQuery("SELECT \"snapshot_ser_id\" FROM \"snapshot\"")) {
      assertTrue(snapshots.next(), "a snapshot was stored");
      assertEquals(KryoSerializer.IDENTIFIER, snapshots.getInt(1));
    }
  }

  @Test
  void prepareIsIdempotentAndPinsAnAbsoluteDurableUrl() {
    config();
    String url = config().getString(EmbeddedJournal.URL_PATH);

    assertTrue(url.startsWith("jdbc:h2:file:" + dataDir.toAbsolutePath()), url);
    assertTrue(url.contains("WRITE_DELAY=0"), url);
    assertTrue(url.contains("DATABASE_TO_UPPER=false"), url);
  }

  @Test
  void nonDurableH2OptionsAreRefused() {
    Config lax =
        BallastConfig.load(
            ConfigFactory.parseString(
                "ballast.data-dir = \"" + dataDir + "\"\n"
                    + "ballast.embedded.h2-options = \";DATABASE_TO_UPPER=false\""));

    assertThrows(IllegalArgumentException.class, () -> EmbeddedJournal.prepare(lax));
  }

  @Test
  void shippedDdlIsMadeIdempotent() {
    List<String> statements = H2Schema.idempotentStatements();

    assertTrue(statements.stream().anyMatch(s -> s.contains("\"event_journal\"")));
    assertTrue(statements.stream().anyMatch(s -> s.startsWith("CREATE UNIQUE INDEX IF NOT EXISTS")));
  }

  @Test
  void unexpectedDdlIsRefused() {
    assertThrows(
        IllegalStateException.class,
        () -> H2Schema.idempotentStatements("CREATE TABLE t (x INT);"));
  }
}
