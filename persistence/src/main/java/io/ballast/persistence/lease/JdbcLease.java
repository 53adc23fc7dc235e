package io.ballast.persistence.lease;

import com.typesafe.config.Config;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.coordination.lease.LeaseSettings;

/**
 * {@link StoreLease} in the embedded journal's H2 database (table {@value #TABLE}): the devnet's journal. One JVM owns
 * that database file (H2 locks it), so expiry times come from this JVM's clock. Compare-and-set by conditional
 * {@code UPDATE} and the primary key.
 */
public final class JdbcLease extends StoreLease {
    public static final String TABLE = "ballast_lease";
    public static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS " + TABLE
            + " (name VARCHAR(512) PRIMARY KEY, owner VARCHAR(512) NOT NULL, expires_at BIGINT NOT NULL)";
    private static final String DATABASE_PATH = "pekko-persistence-jdbc.shared-databases.ballast.db";

    private final Store store;

    public JdbcLease(LeaseSettings settings, ExtendedActorSystem system) {
        super(settings, system);
        Config database = system.settings().config().getConfig(DATABASE_PATH);
        this.store = new Store(database.getString("url"), database.getString("user"), database.getString("password"),
                this);
    }

    @Override
    protected LeaseStore store() {
        return store;
    }

    /** The store on a JDBC URL (package-visible for tests). */
    static final class Store implements LeaseStore {
        private final String url;
        private final String user;
        private final String password;
        private final StoreLease runner;
        private volatile boolean tableReady;

        Store(String url, String user, String password, StoreLease runner) {
            this.url = url;
            this.user = user;
            this.password = password;
            this.runner = runner;
        }

        @Override
        public CompletionStage<Boolean> claim(String name, String owner, Duration ttl) {
            return runner.blocking(() -> transaction(connection -> {
                long now = System.currentTimeMillis();
                try (PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE
                        + " SET owner = ?, expires_at = ? WHERE name = ? AND (owner = ? OR expires_at < ?)")) {
                    update.setString(1, owner);
                    update.setLong(2, now + ttl.toMillis());
                    update.setString(3, name);
                    update.setString(4, owner);
                    update.setLong(5, now);
                    if (update.executeUpdate() == 1) {
                        return true;
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                        + " (name, owner, expires_at) VALUES (?, ?, ?)")) {
                    insert.setString(1, name);
                    insert.setString(2, owner);
                    insert.setLong(3, now + ttl.toMillis());
                    return insert.executeUpdate() == 1;
                } catch (SQLIntegrityConstraintViolationException taken) {
                    return false;
                } catch (SQLException e) {
                    if ("23505".equals(e.getSQLState())) { // duplicate key: another owner holds a live record
                        return false;
                    }
                    throw e;
                }
            }));
        }

        @Override
        public CompletionStage<Boolean> renew(String name, String owner, Duration ttl) {
            return runner.blocking(() -> transaction(connection -> {
                try (PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE
                        + " SET expires_at = ? WHERE name = ? AND owner = ?")) {
                    update.setLong(1, System.currentTimeMillis() + ttl.toMillis());
                    update.setString(2, name);
                    update.setString(3, owner);
                    return update.executeUpdate() == 1;
                }
            }));
        }

        @Override
        public CompletionStage<Boolean> release(String name, String owner) {
            return runner.blocking(() -> transaction(connection -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE
                        + " WHERE name = ? AND owner = ?")) {
                    delete.setString(1, name);
                    delete.setString(2, owner);
                    return delete.executeUpdate() == 1;
                }
            }));
        }

        private interface Work {
            boolean run(Connection connection) throws SQLException;
        }

        private boolean transaction(Work work) {
            try (Connection connection = DriverManager.getConnection(url, user, password)) {
                if (!tableReady) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute(CREATE_TABLE);
                    }
                    tableReady = true;
                }
                connection.setAutoCommit(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                boolean result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException e) {
                throw new IllegalStateException("lease store " + url + ": " + e.getMessage(), e);
            }
        }
    }
}
