package io.ballast.persistence.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The schema-versioning convention: version in the manifest, JacksonMigration on read. */
class AddedMigrationTest {
  private static ActorTestKit testKit;
  private static Serialization serialization;

  @BeforeAll
  static void start() {
    testKit =
        ActorTestKit.create(
            ConfigFactory.parseResources("serialization.conf").withFallback(ConfigFactory.load()));
    serialization = SerializationExtension.get(testKit.system());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void currentEventsCarryTheirVersionInTheManifest() {
    Counter.Added event = new Counter.Added("a", 3);
    var serializer = serialization.findSerializerFor(event);

    assertEquals(
        Counter.Added.class.getName() + "#2", Serializers.manifestFor(serializer, event));
  }

  @Test
  void versionOneEventIsUpgradedOnRead() throws Exception {
    byte[] versionOne = new CBORMapper().writeValueAsBytes(Map.of("delta", 7));
    int cborId = serialization.findSerializerFor(new Counter.Added("a", 1)).identifier();

    // A manifest without "#n" is version 1: what the journal holds for pre-migration events.
    Object read =
        serialization.deserialize(versionOne, cborId, Counter.Added.class.getName()).get();

    assertEquals(new Counter.Added(AddedMigration.UNKNOWN_SOURCE, 7), read);
  }
}
