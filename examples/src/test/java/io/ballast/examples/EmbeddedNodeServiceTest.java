package io.ballast.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.cluster.GenesisFiles;
import io.ballast.cluster.devnet.DevnetMarkets;
import io.ballast.examples.EmbeddedNodeService.BlockSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded node example, for real: a 4-validator node in this JVM on the embedded journal in a temp dir commits
 * blocks that the service reads in order, each certified by a quorum and linked to its parent; stopped and started
 * again on the same directory, it serves the same blocks and goes on committing.
 */
class EmbeddedNodeServiceTest {
    @Test
    void theServiceReadsCommittedBlocksAndTheChainSurvivesARestart(@TempDir Path dir) throws Exception {
        GenesisFiles.write(dir, 4, 4, "ballast-examples", System.currentTimeMillis(), DevnetMarkets.markets());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);

        List<BlockSummary> first;
        List<BlockSummary> handed = new CopyOnWriteArrayList<>();
        long started = System.nanoTime();
        long read;
        try (EmbeddedNodeService service = EmbeddedNodeService.start(dir, out)) {
            first = service.read(1, 12, handed::add).toCompletableFuture().get(150, TimeUnit.SECONDS);
            read = System.nanoTime();
        }
        long stopped = System.nanoTime();
        assertEquals(first, handed, "each block reached the callback, in order");
        assertChain(first, 1, 12);
        assertTrue(Files.isDirectory(dir.resolve("journal")), "the embedded journal is under the data dir");
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("4 validators in genesis"), log.toString(StandardCharsets.UTF_8));

        List<BlockSummary> again;
        try (EmbeddedNodeService service = EmbeddedNodeService.start(dir, out)) {
            again = service.read(1, 20, block -> { }).toCompletableFuture().get(150, TimeUnit.SECONDS);
        }
        assertChain(again, 1, 20);
        assertEquals(first, again.subList(0, 12), "the restarted node serves the blocks it committed before");
        System.out.printf("embedded node example: start and %d blocks in %d ms, stop in %d ms; restarted: %d blocks;"
                        + " last hash %s%n", first.size(), (read - started) / 1_000_000, (stopped - read) / 1_000_000,
                again.size(), again.get(again.size() - 1).hash());
    }

    private static void assertChain(List<BlockSummary> blocks, long from, int count) {
        List<Long> heights = new ArrayList<>();
        blocks.forEach(block -> heights.add(block.height()));
        List<Long> expected = new ArrayList<>();
        for (long h = from; h < from + count; h++) {
            expected.add(h);
        }
        assertEquals(expected, heights, "every height once, in order");
        for (int i = 1; i < blocks.size(); i++) {
            assertEquals(blocks.get(i - 1).hash(), blocks.get(i).parentHash(), "block " + blocks.get(i).height()
                    + " extends the block before it");
            assertTrue(blocks.get(i).timeMillis() >= blocks.get(i - 1).timeMillis(), "block times never go back");
        }
        for (BlockSummary block : blocks) {
            assertTrue(block.signers() >= 3, "block " + block.height() + " certified by " + block.signers()
                    + " of 4 equal validators: more than 2/3 are needed");
        }
    }
}
