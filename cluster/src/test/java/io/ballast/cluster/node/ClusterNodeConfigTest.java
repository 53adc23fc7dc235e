package io.ballast.cluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ballast.cluster.GenesisFiles;
import io.ballast.cluster.devnet.DevnetMarkets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's configuration from a service's own settings, and what start-up refuses before it starts anything. */
class ClusterNodeConfigTest {
    @Test
    void ownSettingsOverrideTheNodeProfileAndSelectTheJournal(@TempDir Path dir) {
        Config config = ClusterNode.config(ConfigFactory.parseString(String.join("\n",
                "ballast.journal = embedded",
                "ballast.data-dir = \"" + dir + "\"",
                "ballast.node.role = client",
                "pekko.coordinated-shutdown.exit-jvm = off")));
        assertEquals("client", config.getString("ballast.node.role"));
        assertEquals("jdbc-journal", config.getString("pekko.persistence.journal.plugin"));
        assertTrue(config.getString("pekko-persistence-jdbc.shared-databases.ballast.db.url").contains(dir.toString()),
                "the embedded journal lives under the data dir");
        assertFalse(config.getBoolean("pekko.coordinated-shutdown.exit-jvm"));
        assertFalse(config.getBoolean("ballast.node.join-self"), "joining seed nodes stays the default");
        assertEquals("cassandra", ClusterNode.config(ConfigFactory.empty()).getString("ballast.journal"),
                "without own settings: the node profile's journal");
    }

    @Test
    void joiningItselfWhileSeedNodesAreListedIsRefusedBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        GenesisFiles.write(dir, 4, 4, "ballast-config-test", System.currentTimeMillis(), DevnetMarkets.markets());
        Config config = ClusterNode.config(ConfigFactory.parseString(String.join("\n",
                "ballast.journal = embedded",
                "ballast.data-dir = \"" + dir + "\"",
                "ballast.node.data-dir = \"" + dir + "\"",
                "ballast.node.join-self = on",
                "pekko.cluster.seed-nodes = [\"pekko://ballast@127.0.0.1:25999\"]")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ClusterNode.start(config, new PrintStream(out, true, StandardCharsets.UTF_8)));
        assertTrue(refused.getMessage().contains("pekko.cluster.seed-nodes must then be empty"), refused.getMessage());
        assertEquals("", out.toString(StandardCharsets.UTF_8), "no node started");
    }
}
