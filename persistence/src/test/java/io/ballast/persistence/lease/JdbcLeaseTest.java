package io.ballast.persistence.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LeaseScenario} against a real H2 file database in a temporary directory (the embedded journal's store). */
class JdbcLeaseTest {
    private static final String NAME = "ballast-shard-Validator-validator-0";

    @Test
    void oneHolderAtATimeInTheEmbeddedDatabase(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("journal").toAbsolutePath()
                + ";DATABASE_TO_UPPER=false;WRITE_DELAY=0";
        Config config = ConfigFactory.parseString(String.join("\n",
                "pekko.loglevel = WARNING",
                "pekko-persistence-jdbc.shared-databases.ballast.db { url = \"" + url + "\", user = sa, password = \"\" }"))
                .withFallback(ConfigFactory.load());
        // held open for the whole test, as the journal's connection pool holds the database open in a node
        try (Connection journal = DriverManager.getConnection(url, "sa", "")) {
            LeaseScenario.Outcome outcome = LeaseScenario.run(config, JdbcLease::new, NAME, intruder -> {
                try (PreparedStatement update = journal.prepareStatement(
                        "UPDATE " + JdbcLease.TABLE + " SET owner = ? WHERE name = ?")) {
                    update.setString(1, intruder);
                    update.setString(2, NAME);
                    if (update.executeUpdate() != 1) {
                        throw new AssertionError("no lease record to steal");
                    }
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(outcome.takeoverMillis() >= LeaseScenario.TTL.minus(LeaseScenario.INTERVAL).toMillis() - 500,
                    "a silent holder's lease is taken only after about the time to live: " + outcome);
            assertEquals(1, outcome.lostCallbacks(), "the robbed holder is told once: " + outcome);
            assertTrue(outcome.intruderRespected(), "a record written behind the holder's back is respected: " + outcome);
        }
    }
}
