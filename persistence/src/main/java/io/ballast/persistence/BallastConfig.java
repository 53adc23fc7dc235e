package io.ballast.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;

/**
 * Loads a node's configuration with the selected journal layered in.
 *
 * <p>Precedence, highest first: system properties, {@code overrides}, the application's
 * {@code application.conf}, the journal file ({@code persistence-embedded.conf} or
 * {@code persistence-cassandra.conf}), {@code reference.conf}s. The journal comes from
 * {@code ballast.journal}, which defaults to {@code embedded} and reads {@code BALLAST_JOURNAL}.
 * Resolution happens once at the end, so {@code ballast.data-dir} in {@code overrides} reaches
 * the H2 URL.
 */
public final class BallastConfig {
  public static final String JOURNAL_PATH = "ballast.journal";

  private BallastConfig() {}

  public static Config load() {
    return load(ConfigFactory.empty());
  }

  public static Config load(Config overrides) {
    Config application = overrides.withFallback(ConfigFactory.defaultApplication());
    JournalBackend backend = journal(application);
    Config journalConfig = ConfigFactory.parseResourcesAnySyntax(backend.resource());
    if (journalConfig.isEmpty()) {
      throw new IllegalStateException(backend.resource() + " is not on the classpath");
    }
    return ConfigFactory.load(application.withFallback(journalConfig));
  }

  /** The journal selected by an (unresolved or resolved) configuration. */
  public static JournalBackend journal(Config application) {
    // Unresolved substitutions are allowed here: application.conf may refer to keys that
    // only the journal file defines.
    Config resolved =
        ConfigFactory.defaultOverrides()
            .withFallback(application)
            .withFallback(ConfigFactory.defaultReference())
            .resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
    return JournalBackend.parse(resolved.getString(JOURNAL_PATH));
  }
}
