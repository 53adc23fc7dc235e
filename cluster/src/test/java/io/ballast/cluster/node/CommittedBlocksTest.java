package io.ballast.cluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.ballast.actors.chain.ExecutedBlock;
import io.ballast.cluster.GenesisFiles;
import io.ballast.cluster.devnet.DevnetMarkets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded one-node cluster (join-self, embedded journal) and its committed-block stream: live at the tip, and
 * from height 1 once the chain is far past the follower's window (a replay of the block log, then the follower),
 * every height once, in order, the same blocks both ways.
 */
class CommittedBlocksTest {
    private static final int WINDOW_BLOCKS = 8;

    @Test
    void everyHeightOnceInOrderLiveAndFromBehindTheFollowersWindow(@TempDir Path dir) throws Exception {
        GenesisFiles.write(dir, 4, 4, "ballast-blocks-test", System.currentTimeMillis(), DevnetMarkets.markets());
        ClusterNode node = ClusterNode.start(ClusterNode.config(ConfigFactory.parseString(String.join("\n",
                "ballast.journal = embedded",
                "ballast.data-dir = \"" + dir + "\"",
                "ballast.node.data-dir = \"" + dir + "\"",
                "ballast.node.join-self = on",
                "ballast.node.accounts.enabled = off",
                "ballast.node.liquidators.replicas-per-partition = 0",
                "ballast.follower.window-blocks = " + WINDOW_BLOCKS,
                "pekko.remote.artery.canonical.port = 0",
                "pekko.management.http.port = 0",
                "pekko.coordinated-shutdown.exit-jvm = off",
                "pekko.loglevel = WARNING"))), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            List<ExecutedBlock> live = node.committedBlocks(1).take(30).runWith(Sink.seq(), node.system())
                    .toCompletableFuture().get(150, TimeUnit.SECONDS);
            assertChain(live, 1, 30);

            // Now height >= 30 with a window of 8: heights 1.. are replayed from the block log, the rest follow live.
            List<ExecutedBlock> behind = node.committedBlocks(1).take(45).runWith(Sink.seq(), node.system())
                    .toCompletableFuture().get(150, TimeUnit.SECONDS);
            assertChain(behind, 1, 45);
            for (int i = 0; i < live.size(); i++) {
                assertEquals(live.get(i).block().block().header().hash(), behind.get(i).block().block().header().hash(),
                        "height " + (i + 1) + " is the same block both ways");
                assertEquals(live.get(i).result().stateRoot(), behind.get(i).result().stateRoot(),
                        "height " + (i + 1) + " executes to the same state root");
            }

            List<ExecutedBlock> fromTheMiddle = node.committedBlocks(40).take(3).runWith(Sink.seq(), node.system())
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertChain(fromTheMiddle, 40, 3);
            assertEquals(behind.get(39).block().block().header().hash(), fromTheMiddle.get(0).block().block().header().hash());

            assertThrows(IllegalArgumentException.class, () -> node.committedBlocks(0));
        } finally {
            node.close();
        }
    }

    private static void assertChain(List<ExecutedBlock> blocks, long from, int count) {
        assertEquals(count, blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            assertEquals(from + i, blocks.get(i).height(), "every height once, in order");
            if (i > 0) {
                assertEquals(blocks.get(i - 1).block().block().header().hash(),
                        blocks.get(i).block().block().header().parentHash(), "each block extends the one before");
            }
            assertTrue(blocks.get(i).block().certificate().signatures().size() >= 3, "certified by a quorum");
        }
    }
}
