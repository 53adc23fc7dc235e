package io.ballast.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class BallastConfigTest {
  @Test
  void embeddedIsTheDefault() {
    Config config = BallastConfig.load();

    assertEquals("jdbc-journal", config.getString("pekko.persistence.journal.plugin"));
    assertEquals(
        "jackson-cbor",
        config.getString("pekko.actor.serialization-bindings.\"io.ballast.persistence.CborSerializable\""));
  }

  @Test
  void cassandraIsSelectedByBallastJournal() {
    Config config = BallastConfig.load(ConfigFactory.parseString("ballast.journal = cassandra"));

    assertEquals(
        "pekko.persistence.cassandra.journal", config.getString("pekko.persistence.journal.plugin"));
    assertEquals(
        "datacenter1",
        config.getString("datastax-java-driver.basic.load-balancing-policy.local-datacenter"));
    assertEquals(
        "ballast-kryo",
        config.getString(
            "pekko.actor.serialization-bindings.\"io.ballast.persistence.kryo.KryoSnapshot\""));
  }

  @Test
  void unknownJournalIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> BallastConfig.load(ConfigFactory.parseString("ballast.journal = mongo")));
  }
}
