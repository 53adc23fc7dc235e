package io.ballast.cluster.devnet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ballast.persistence.cassandra.CassandraExtension;
import io.ballast.persistence.cassandra.CassandraServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The whole-system restart check against a real Cassandra node (conf/persistence-cassandra.conf). */
@Tag("cassandra")
@ExtendWith(CassandraExtension.class)
class CassandraDevnetTest {
    @Test
    void aRestartOnCassandraContinuesTheSameChainAndLosesNoFinalizedTransaction(CassandraServer cassandra,
                                                                               @TempDir Path dataDir) throws Exception {
        Config journal = cassandra.driverConfig().withFallback(ConfigFactory.parseString(
                "ballast.journal = cassandra\nballast.cassandra.schema-autocreate = true"));
        RestartCheck.Timings timings = RestartCheck.run(dataDir, journal, 60, System.out);
        assertTrue(timings.height() >= 60, "the chain reached 60 blocks on Cassandra before the restart, got "
                + timings.height());
        System.out.printf("Cassandra restart: first run %d ms to height %d (incl. schema creation);"
                + " restart to all recovered %d ms%n", timings.firstRunMillis(), timings.height(),
                timings.restartToRecoveredMillis());
    }
}
