package io.ballast.persistence.counter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * {@link Counter.Added} version 1 was {@code {"delta": n}}; version 2 renamed the field to
 * {@code amount} and added {@code source}. Events written as version 1 are upgraded on read.
 */
public final class AddedMigration extends JacksonMigration {
  static final String UNKNOWN_SOURCE = "unknown";

  @Override
  public int currentVersion() {
    return 2;
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    ObjectNode event = (ObjectNode) json;
    if (fromVersion < 2) {
      event.set("amount", event.remove("delta"));
      event.put("source", UNKNOWN_SOURCE);
    }
    return event;
  }
}
