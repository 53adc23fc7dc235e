package io.ballast.persistence.cassandra;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.ballast.persistence.BallastConfig;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;

class CassandraSchemaTest {
  @Test
  void productionCqlUsesNetworkTopologyStrategy() {
    ActorTestKit testKit =
        ActorTestKit.create(
            BallastConfig.load(
                ConfigFactory.parseString(
                    """
                    ballast.journal = cassandra
                    pekko.persistence.cassandra.journal {
                      replication-strategy = NetworkTopologyStrategy
                      data-center-replication-factors = ["dc1:3"]
                    }
                    pekko.persistence.cassandra.snapshot {
                      replication-strategy = NetworkTopologyStrategy
                      data-center-replication-factors = ["dc1:3"]
                    }
                    """)));
    try {
      List<String> cql = CassandraSchema.statements(testKit.system());

      String all = String.join("\n", cql);
      assertTrue(all.contains("CREATE KEYSPACE IF NOT EXISTS ballast"), all);
      assertTrue(all.contains("CREATE KEYSPACE IF NOT EXISTS ballast_snapshot"), all);
      assertTrue(all.contains("'NetworkTopologyStrategy'"), all);
      assertTrue(all.contains("'dc1':3"), all);
      assertTrue(all.contains("ballast.messages"), all);
      assertTrue(all.contains("ballast_snapshot.snapshots"), all);
    } finally {
      testKit.shutdownTestKit();
    }
  }
}
