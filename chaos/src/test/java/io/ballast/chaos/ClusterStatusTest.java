package io.ballast.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cluster status} from a run dir's files: the table, and the same data with {@code --json}. */
class ClusterStatusTest {
    private static String status(Path runDir, boolean json) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, ClusterControl.status(runDir, 2, json, new PrintStream(out, true, StandardCharsets.UTF_8)));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void tableAndJsonShowTheSameNodes(@TempDir Path runDir) throws Exception {
        Files.createDirectories(runDir.resolve("node-1"));
        Files.writeString(runDir.resolve("node-1").resolve("status.json"), "{\"timeMillis\": " + System.currentTimeMillis()
                + ", \"selfStatus\": \"Up\", \"validators\": {\"validator-0\": {\"height\": 81}, \"validator-2\": {\"height\": 83}},"
                + " \"entities\": {\"MarginAccount\": 2, \"Liquidator\": 1}, \"unreachable\": []}");
        Files.createDirectories(runDir.resolve("node-2")); // no status file: a node not (yet) reporting

        String table = status(runDir, false);
        assertTrue(table.lines().anyMatch(l -> l.matches("node-1 +127\\.0\\.0\\.11 +- +dead +Up +validator-0\\(81\\)"
                + " validator-2\\(83\\) +2 +1  \\[\\]")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("node-2 +127\\.0\\.0\\.12 +- +dead +\\? +- +-  -")), table);
        assertTrue(table.contains("height 83; time to finality (HTTP load, last 10 s): p50 -1 ms, p99 -1 ms over 0 transactions"),
                table);

        JsonNode json = new ObjectMapper().readTree(status(runDir, true));
        assertEquals(83, json.path("height").asLong());
        assertEquals(2, json.path("nodes").size());
        JsonNode node1 = json.path("nodes").get(0);
        assertEquals("node-1", node1.path("node").asText());
        assertEquals("Up", node1.path("member").asText());
        assertEquals(81, node1.path("validators").path("validator-0").asLong());
        assertEquals(2, node1.path("entities").path("MarginAccount").asInt());
        assertTrue(node1.path("pid").isNull() && !node1.path("alive").asBoolean());
        assertTrue(json.path("nodes").get(1).path("member").isNull());
        assertEquals(0, json.path("finality").path("transactions").asLong());
    }
}
