package io.ballast.persistence;

import java.util.Arrays;
import java.util.Locale;

/** The journal a node runs on, chosen by {@code ballast.journal} (env {@code BALLAST_JOURNAL}). */
public enum JournalBackend {
  EMBEDDED("persistence-embedded.conf"),
  CASSANDRA("persistence-cassandra.conf");

  private final String resource;

  JournalBackend(String resource) {
    this.resource = resource;
  }

  /** Classpath resource holding this backend's configuration. */
  public String resource() {
    return resource;
  }

  public static JournalBackend parse(String name) {
    for (JournalBackend backend : values()) {
      if (backend.name().equalsIgnoreCase(name.trim())) {
        return backend;
      }
    }
    throw new IllegalArgumentException(
        "Unknown journal '" + name + "' (ballast.journal / BALLAST_JOURNAL); expected one of "
            + Arrays.toString(values()).toLowerCase(Locale.ROOT));
  }
}
