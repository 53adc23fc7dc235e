package io.ballast.persistence.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Pekko Persistence JDBC plugin's H2 DDL, made idempotent. The plugin ships it as a
 * resource but never runs it; its one statement without {@code IF NOT EXISTS} (a unique index)
 * is rewritten, and any statement that still is not idempotent fails loudly, so a plugin upgrade
 * that changes the DDL cannot silently break restarts.
 */
public final class H2Schema {
  public static final String RESOURCE = "schema/h2/h2-create-schema.sql";

  private static final Pattern CREATE_INDEX_WITHOUT_GUARD =
      Pattern.compile("(?i)^CREATE\\s+(UNIQUE\\s+)?INDEX\\s+(?!IF\\s+NOT\\s+EXISTS)");

  private H2Schema() {}

  /** Statements, in order, each safe to run against an existing schema. */
  public static List<String> idempotentStatements() {
    return idempotentStatements(readResource());
  }

  static List<String> idempotentStatements(String script) {
    List<String> statements = new ArrayList<>();
    for (String raw : script.split(";")) {
      String statement = raw.strip();
      if (statement.isEmpty()) {
        continue;
      }
      statement =
          CREATE_INDEX_WITHOUT_GUARD.matcher(statement).replaceFirst("CREATE $1INDEX IF NOT EXISTS ");
      String normalized = statement.replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
      if (!normalized.matches("^CREATE (UNIQUE )?(TABLE|INDEX|SEQUENCE) IF NOT EXISTS .*")) {
        throw new IllegalStateException(
            "Unexpected statement in " + RESOURCE + ", not idempotent: " + statement);
      }
      statements.add(statement);
    }
    if (statements.isEmpty()) {
      throw new IllegalStateException(RESOURCE + " holds no statements");
    }
    return statements;
  }

  private static String readResource() {
    try (InputStream in = H2Schema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " not on the classpath: is pekko-persistence-jdbc a dependency?");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + RESOURCE, e);
    }
  }
}
