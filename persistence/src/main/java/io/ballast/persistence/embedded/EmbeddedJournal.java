package io.ballast.persistence.embedded;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Start-up step for the embedded journal (Pekko Persistence JDBC on an H2 file). Run
 * {@link #prepare(Config)} before the ActorSystem starts and start the system with the config it
 * returns.
 */
public final class EmbeddedJournal {
  public static final String DATABASE_PATH = "pekko-persistence-jdbc.shared-databases.ballast.db";
  public static final String URL_PATH = DATABASE_PATH + ".url";
  public static final String DATA_DIR_PATH = "ballast.data-dir";
  public static final String H2_OPTIONS_PATH = "ballast.embedded.h2-options";

  private static final String[] REQUIRED_H2_OPTIONS = {"DATABASE_TO_UPPER=false", "WRITE_DELAY=0"};

  private EmbeddedJournal() {}

  /**
   * Creates the data directory and the journal, snapshot and durable-state tables if missing,
   * and returns {@code config} with the H2 URL pointing at the absolute data directory (H2
   * rejects paths implicitly relative to the working directory).
   */
  public static Config prepare(Config config) {
    Path dataDir = Path.of(config.getString(DATA_DIR_PATH)).toAbsolutePath().normalize();
    String url = databaseUrl(dataDir, config.getString(H2_OPTIONS_PATH));
    try {
      Files.createDirectories(dataDir.resolve("journal"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create data dir " + dataDir, e);
    }
    Config database = config.getConfig(DATABASE_PATH);
    createSchema(url, database.getString("user"), database.getString("password"));
    return config.withValue(URL_PATH, ConfigValueFactory.fromAnyRef(url));
  }

  static String databaseUrl(Path dataDir, String h2Options) {
    for (String required : REQUIRED_H2_OPTIONS) {
      if (!h2Options.contains(required)) {
        throw new IllegalArgumentException(
            H2_OPTIONS_PATH + " must contain " + required + " (see persistence-embedded.conf), got "
                + h2Options);
      }
    }
    return "jdbc:h2:file:" + dataDir.resolve("journal").resolve("ballast") + h2Options;
  }

  private static void createSchema(String url, String user, String password) {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      for (String ddl : H2Schema.idempotentStatements()) {
        statement.execute(ddl);
      }
      statement.execute(io.ballast.persistence.lease.JdbcLease.CREATE_TABLE); // validator shard leases
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create the journal schema in " + url, e);
    }
  }
}
