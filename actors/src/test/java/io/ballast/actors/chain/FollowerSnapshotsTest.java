package io.ballast.actors.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restart points: written whole, newest first, the two newest kept, damaged or foreign files skipped with a reason. */
class FollowerSnapshotsTest {
    private static FollowerSnapshots.Snapshot snapshot(String chain, long height) {
        return new FollowerSnapshots.Snapshot(chain, height, "validator-0", height * 3 + 1,
                ("ledger state after " + height).getBytes());
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theNewestOfTheChainIsLoadedAndOnlyTheTwoNewestAreKept(@TempDir Path dir) throws IOException {
        FollowerSnapshots snapshots = new FollowerSnapshots(dir.resolve("follower"), 1 << 20);
        assertTrue(snapshots.newest("chain-a").snapshot().isEmpty(), "no directory yet: nothing to resume from");
        for (long height : new long[] {100, 300, 200}) {
            snapshots.write(snapshot("chain-a", height));
        }
        assertEquals(List.of("height-200.snapshot", "height-300.snapshot"), names(snapshots.dir()));
        FollowerSnapshots.Snapshot loaded = snapshots.newest("chain-a").snapshot().orElseThrow();
        assertEquals(300, loaded.height());
        assertEquals("validator-0", loaded.historyFrom());
        assertEquals(901, loaded.nextSequenceNr());
        assertArrayEquals("ledger state after 300".getBytes(), loaded.ledgerSnapshot());
    }

    @Test
    void aDamagedTruncatedOrForeignFileIsSkippedWithItsReason(@TempDir Path dir) throws IOException {
        FollowerSnapshots snapshots = new FollowerSnapshots(dir, 1 << 20);
        snapshots.write(snapshot("chain-a", 100));
        byte[] good = snapshot("chain-a", 300).encode();
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 1;
        Files.write(dir.resolve("height-300.snapshot"), flipped);
        Files.write(dir.resolve("height-400.snapshot"), java.util.Arrays.copyOf(good, 20));
        Files.write(dir.resolve("height-500.snapshot"), snapshot("chain-b", 500).encode());
        Files.writeString(dir.resolve("notes.txt"), "not a snapshot");

        FollowerSnapshots.Loaded loaded = snapshots.newest("chain-a");
        assertEquals(100, loaded.snapshot().orElseThrow().height());
        assertEquals(List.of("height-500.snapshot: chain chain-b", "height-400.snapshot: truncated snapshot (20 bytes)",
                "height-300.snapshot: snapshot digest does not match its content"), loaded.skipped());

        snapshots.discard();
        assertEquals(List.of("notes.txt"), names(dir), "discard removes the restart points only");
    }
}
