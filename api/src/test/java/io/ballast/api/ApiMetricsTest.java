package io.ballast.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The exposition carries the build's version, the JVM's and the process's metrics beside Ballast's own. */
class ApiMetricsTest {

    @Test
    void buildInfoJvmAndProcessMetricsAreExposed() {
        String version = ApiMetrics.version();
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?"), "version from the build: " + version);
        String text = new String(new ApiMetrics(purpose -> 7, () -> 3).scrape(), StandardCharsets.UTF_8);
        assertTrue(text.contains("# TYPE ballast_build_info gauge"), text);
        assertTrue(text.contains("ballast_build_info{java_version=\"" + System.getProperty("java.version") + "\",version=\""
                + version + "\"} 1"), text);
        for (String name : new String[] {"jvm_memory_used_bytes", "jvm_gc_collection_seconds", "jvm_threads_current",
            "jvm_runtime_info", "process_cpu_seconds_total", "process_start_time_seconds", "process_open_fds"}) {
            assertTrue(text.contains("\n" + name), name + " missing");
        }
        assertTrue(text.contains("ballast_signature_verifications_total{purpose=\"api\"} 7.0"), text);
        assertTrue(text.contains("ballast_preverify_refusals_total 3.0"), text);
        // a second node in the same JVM gets its own registry with the same metrics
        assertTrue(new String(new ApiMetrics(purpose -> 7, () -> 3).scrape(), StandardCharsets.UTF_8).contains("\njvm_memory_used_bytes"));
    }
}
