package io.ballast.persistence.embedded;

import com.typesafe.config.Config;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded H2 file from growing without bound. With {@code WRITE_DELAY=0} (needed so
 * that an acknowledged event survives a crash) H2 commits every write synchronously and never
 * starts the background thread that would otherwise compact its store: each commit leaves a
 * partly used chunk behind and the file grows by ~25 KB per event (measured: 500 MB for 20,000
 * events). This compactor rewrites sparse chunks on a schedule; with {@code RETENTION_TIME=0}
 * the freed space is reused at once (measured: the same 20,000 events stay under 45 MB).
 *
 * <p>It holds its own connection to the same in-process database and uses H2's store API, which
 * is what H2's own background writer calls.
 */
public final class EmbeddedJournalCompactor implements AutoCloseable {
  public static final String INTERVAL_PATH = "ballast.embedded.compact-interval";
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedJournalCompactor.class);
  /** Chunks below this fill rate (percent) are rewritten. */
  private static final int TARGET_FILL_RATE_PERCENT = 80;
  /** At most this many bytes are rewritten per run, so one run never stalls writers for long. */
  private static final int MAX_REWRITE_BYTES_PER_RUN = 16 << 20;

  private final Connection connection;
  private final MVStore store;
  private final ScheduledExecutorService scheduler;

  private EmbeddedJournalCompactor(Connection connection, Duration interval) throws SQLException {
    this.connection = connection;
    this.store = ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession())
        .getDatabase().getStore().getMvStore();
    this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "ballast-journal-compactor");
      thread.setDaemon(true);
      return thread;
    });
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::compactQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Starts compacting the journal that {@link EmbeddedJournal#prepare} configured. */
  public static EmbeddedJournalCompactor start(Config preparedConfig) {
    Config database = preparedConfig.getConfig(EmbeddedJournal.DATABASE_PATH);
    Duration interval = preparedConfig.getDuration(INTERVAL_PATH);
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(INTERVAL_PATH + " must be positive, got " + interval);
    }
    try {
      return new EmbeddedJournalCompactor(
          DriverManager.getConnection(database.getString("url"), database.getString("user"),
              database.getString("password")),
          interval);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot open the embedded journal for compaction", e);
    }
  }

  /** One compaction run; true when chunks were rewritten. */
  public boolean compactNow() {
    return store.compact(TARGET_FILL_RATE_PERCENT, MAX_REWRITE_BYTES_PER_RUN);
  }

  private void compactQuietly() {
    try {
      compactNow();
    } catch (RuntimeException e) {
      // a closed store (shutdown under way) or a transient failure: the next run tries again
      LOG.debug("journal compaction skipped: {}", e.toString());
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      LOG.warn("closing the compactor's connection failed: {}", e.toString());
    }
  }
}
