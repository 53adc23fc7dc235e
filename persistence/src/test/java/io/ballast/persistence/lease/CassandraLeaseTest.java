package io.ballast.persistence.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ballast.persistence.BallastConfig;
import io.ballast.persistence.cassandra.CassandraExtension;
import io.ballast.persistence.cassandra.CassandraServer;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("cassandra")
@ExtendWith(CassandraExtension.class)
class CassandraLeaseTest {
    @Test
    void oneHolderAtATimeWithLightweightTransactions(CassandraServer cassandra) throws Exception {
        Config config = BallastConfig.load(cassandra.driverConfig().withFallback(ConfigFactory.parseString(
                "ballast.journal = cassandra\nballast.cassandra.schema-autocreate = true\npekko.loglevel = WARNING")));
        String name = "ballast-shard-Validator-validator-0";
        ActorSystem admin = ActorSystem.create("lease-admin", config);
        try {
            String keyspace = config.getString("pekko.persistence.cassandra.journal.keyspace");
            String table = keyspace + "." + CassandraLease.TABLE;
            // the schema first, as a cluster's start does (CassandraSchema): DDL can outlast a lease operation's timeout
            var session = CassandraSessionRegistry.get(admin)
                    .sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"));
            session.executeDDL(io.ballast.persistence.cassandra.CassandraSchema.statements(admin).get(0))
                    .toCompletableFuture().get(120, TimeUnit.SECONDS);
            session.executeDDL(CassandraLease.createTable(keyspace)).toCompletableFuture().get(120, TimeUnit.SECONDS);
            LeaseScenario.Outcome outcome = LeaseScenario.run(config, CassandraLease::new, name, intruder -> {
                try {
                    CassandraSessionRegistry.get(admin).sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"))
                            .executeWrite("UPDATE " + table + " USING TTL 60 SET owner = ? WHERE name = ?", intruder, name)
                            .toCompletableFuture().get(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(outcome.takeoverMillis() >= LeaseScenario.TTL.minus(LeaseScenario.INTERVAL).toMillis() - 500,
                    "a silent holder's lease is taken only after about the time to live: " + outcome);
            assertEquals(1, outcome.lostCallbacks(), "the robbed holder is told once: " + outcome);
            assertTrue(outcome.intruderRespected(), "a record written behind the holder's back is respected: " + outcome);
        } finally {
            admin.terminate();
        }
    }
}
