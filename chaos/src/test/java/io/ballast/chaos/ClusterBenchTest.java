package io.ballast.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Smoke test of {@code bin/ballast bench cluster}: a tiny run (4 nodes on Cassandra, 64 accounts, 3 s steps: closed loop
 * C = 4 and 16, at most two open-loop rates, the half-load step) must print its table, write the JSON summary with the
 * issue's fields and pass the journal audit. No timing assertion: the figures depend on the machine.
 */
@Tag("cluster")
class ClusterBenchTest {
    @Test
    void tinyBenchPrintsATableWritesTheJsonAndPassesTheAudit() throws Exception {
        Path runDir = Path.of("target", "bench-run-" + ProcessHandle.current().pid()).toAbsolutePath();
        Path json = runDir.resolve("bench.json");
        String classpath = Files.readString(Path.of(System.getProperty("ballast.chaos.node-classpath-file"))).strip();
        ClusterBench.Options options = new ClusterBench.Options(runDir, 4, 64, Duration.ofSeconds(3), Duration.ofSeconds(5),
                List.of(4, 16), 2, Duration.ofSeconds(1), json, classpath, true, "", System.out);

        ClusterBench.Result result = ClusterBench.run(options);

        assertEquals(0, result.exitCode(), "bench exit code; audit " + (result.audit() == null ? "not run"
                : result.audit().problems()));
        assertTrue(result.audit().ok() && result.audit().lost() == 0, "audit: " + result.audit().problems());
        assertTrue(result.audit().acknowledged() > 64, "the steps' receipts were audited besides the 64 deposits: "
                + result.audit().acknowledged());
        assertTrue(result.rows().size() >= 4, "closed C=4, C=16, >= 1 open-loop rate, half load: " + result.rows());
        assertTrue(result.table().lines().count() == result.rows().size() + 1, result.table());
        assertTrue(result.table().startsWith("step"), result.table());
        assertTrue(result.rows().stream().anyMatch(r -> r.accepted() > 0), "some step committed transactions");
        @SuppressWarnings("unchecked")
        Map<String, Object> account = (Map<String, Object>) result.summary().get("cpuAccount");
        assertTrue(account != null && "closed C=16".equals(account.get("step")), "the busiest closed step was recorded: "
                + result.summary().keySet());
        assertTrue(((Number) account.get("totalMicrosPerTx")).doubleValue() > 0
                && ((Number) account.get("executionSamples")).longValue() > 0, "CPU account: " + account);
        for (ClusterBench.Row row : result.rows()) {
            assertEquals(6, row.cpuPercent().size(), "CPU of 4 nodes, Cassandra and the load: " + row.cpuPercent());
        }
        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        for (String field : List.of("committedTxPerSecMax", "finalityP50MsAtHalfLoad", "finalityP99MsAtHalfLoad",
                "signatureBoundTxPerSec", "verificationsPerTxPerNode")) {
            assertTrue(summary.path(field).isNumber(), field + " in " + summary);
        }
        assertTrue(summary.path("signatureBoundTxPerSec").asDouble() > 0, summary.toString());
        assertTrue(summary.path("audit").path("ok").asBoolean(), summary.path("audit").toString());
        assertEquals(result.rows().size(), summary.path("steps").size());
    }
}
