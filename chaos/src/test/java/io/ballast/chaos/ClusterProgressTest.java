package io.ballast.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code cluster up} prints while it waits: each step once, as the supervisor's log and the nodes show it. */
class ClusterProgressTest {
    @Test
    void theSupervisorsStepsAreRelayedAndItsOtherLinesAreNot() {
        ClusterProgress progress = new ClusterProgress(4);
        assertEquals(List.of("starting Cassandra (data in /r/cassandra)", "cassandra up at 127.0.0.1:9042 (pid 7) in 9120 ms",
                        "schema created in 812 ms", "node-1 started (pid 8) on 127.0.0.11:25520", "cluster started in /r"),
                progress.onSupervisorLog(List.of(
                        "[cluster 17:00:01] starting Cassandra (data in /r/cassandra)",
                        "INFO  [main] 2026-12-03 17:00:02 CassandraDaemon.java:600 - a Cassandra log line",
                        "[cluster 17:00:10] cassandra up at 127.0.0.1:9042 (pid 7) in 9120 ms",
                        "[cluster 17:00:11] schema created in 812 ms",
                        "[cluster 17:00:11] node-1 started (pid 8) on 127.0.0.11:25520",
                        "[load] trader-3 stopped: timeout",
                        "supervisor: cluster started in /r")));
        assertEquals(List.of(), progress.onSupervisorLog(List.of()));
    }

    @Test
    void eachNodeJoinsOnceThenTheFirstCommitThenEveryValidator() {
        ClusterProgress progress = new ClusterProgress(4);
        assertEquals(List.of(), progress.onNodeStatus(1, new ClusterProgress.NodeStatus("Joining", Map.of())));
        assertEquals(List.of("node-1 joined the cluster (1 up)"),
                progress.onNodeStatus(1, new ClusterProgress.NodeStatus("Up", Map.of("validator-0", 0L, "validator-1", 0L))));
        assertEquals(List.of(), progress.onNodeStatus(1, new ClusterProgress.NodeStatus("Up", Map.of("validator-0", 0L))),
                "said once");
        assertEquals(List.of("node-2 joined the cluster (2 up)", "first commit: validator-2 on node-2 at height 1"),
                progress.onNodeStatus(2, new ClusterProgress.NodeStatus("Up", Map.of("validator-2", 1L))));
        assertEquals(List.of("validator-0 committing on node-1 (height 3)", "validator-1 committing on node-1 (height 3)"),
                progress.onNodeStatus(1, new ClusterProgress.NodeStatus("Up", Map.of("validator-1", 3L, "validator-0", 3L))));
        assertEquals(List.of(), progress.onNodeStatus(2, new ClusterProgress.NodeStatus("Up", Map.of("validator-2", 9L))));
        // validator-0 moved to node-3 by a rebalance: already committing, not a new step
        assertEquals(List.of("node-3 joined the cluster (3 up)", "validator-3 committing on node-3 (height 4)",
                        "all 4 validators committing; waiting for one per node"),
                progress.onNodeStatus(3, new ClusterProgress.NodeStatus("Up", Map.of("validator-0", 4L, "validator-3", 4L))));
        assertEquals(List.of("node-4 joined the cluster (4 up)"),
                progress.onNodeStatus(4, new ClusterProgress.NodeStatus("Up", Map.of("validator-0", 5L))));
    }

    @Test
    void aClusterWithoutValidatorsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ClusterProgress(0));
    }

    @Test
    void theLogTailGivesCompleteLinesOnceEach(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("supervisor.log");
        LogTail tail = new LogTail(file);
        assertEquals(List.of(), tail.newLines(), "no file yet");
        append(file, "[cluster 17:00:01] starting Cassandra\n[cluster 17:00:10] cassandra up");
        assertEquals(List.of("[cluster 17:00:01] starting Cassandra"), tail.newLines(), "the partial line waits");
        assertEquals(List.of(), tail.newLines());
        append(file, " at 127.0.0.1:9042 — ok\r\nsupervisor: cluster started\n");
        assertEquals(List.of("[cluster 17:00:10] cassandra up at 127.0.0.1:9042 — ok", "supervisor: cluster started"),
                tail.newLines());
        Files.writeString(file, "a fresh log\n");
        assertEquals(List.of("a fresh log"), tail.newLines(), "a truncated file is read from its start");
    }

    @Test
    void theLogTailReadsABoundedAmountPerCall(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.log");
        String line = "x".repeat(999) + "\n";
        append(file, line.repeat(200)); // 200,000 bytes
        int total = 0;
        int calls = 0;
        LogTail tail = new LogTail(file);
        List<String> lines;
        while (!(lines = tail.newLines()).isEmpty()) {
            calls++;
            total += lines.size();
            lines.forEach(l -> assertEquals(999, l.length()));
            assertTrue(lines.size() * 1000 <= LogTail.MAX_BYTES_PER_CALL, "bounded: " + lines.size());
        }
        assertEquals(200, total);
        assertEquals(4, calls, "65,536 bytes per call hold 65 lines: 65 + 65 + 65 + 5");
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void eachPollOfUpPrintsWhatAppearedSinceTheLastOne(@TempDir Path runDir) throws Exception {
        ClusterProgress progress = new ClusterProgress(4);
        LogTail log = new LogTail(runDir.resolve("supervisor.log"));
        append(runDir.resolve("supervisor.log"), "[cluster 17:00:01] starting Cassandra (data in /r/cassandra)\n");
        assertEquals("cluster:   0 s  starting Cassandra (data in /r/cassandra)\n", poll(progress, log, runDir, 0));
        assertEquals("", poll(progress, log, runDir, 1), "nothing new");
        append(runDir.resolve("supervisor.log"), "[cluster 17:00:10] cassandra up at 127.0.0.1:9042 (pid 7) in 9120 ms\n");
        Files.createDirectories(runDir.resolve("node-2"));
        Files.writeString(runDir.resolve("node-2").resolve("status.json"), "{\"timeMillis\": " + System.currentTimeMillis()
                + ", \"selfStatus\": \"Up\", \"validators\": {\"validator-1\": {\"height\": 2}}}");
        assertEquals(String.join("\n", "cluster:  12 s  cassandra up at 127.0.0.1:9042 (pid 7) in 9120 ms",
                "cluster:  12 s  node-2 joined the cluster (1 up)",
                "cluster:  12 s  first commit: validator-1 on node-2 at height 2", ""), poll(progress, log, runDir, 12));
        Files.writeString(runDir.resolve("node-2").resolve("status.json"), "{\"timeMillis\": 1, \"selfStatus\": \"Up\","
                + " \"validators\": {\"validator-3\": {\"height\": 2}}}");
        assertEquals("", poll(progress, log, runDir, 13), "a stale status file (a node that stopped writing) is not news");
    }

    private static String poll(ClusterProgress progress, LogTail log, Path runDir, long seconds) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ClusterControl.printNewSteps(progress, log, runDir, 4, seconds,
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
