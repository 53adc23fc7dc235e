package io.ballast.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.ledger.SecurityView;

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
        // nothing indexed yet: the gauges exist at 0
        assertTrue(text.contains("\nballast_security_corruption_cost_ratio 0.0"), text);
        // a second node in the same JVM gets its own registry with the same metrics
        assertTrue(new String(new ApiMetrics(purpose -> 7, () -> 3).scrape(), StandardCharsets.UTF_8).contains("\njvm_memory_used_bytes"));
    }

    @Test
    void theCostOfCorruptionIsExposedAsGaugesInUsd() {
        ApiMetrics metrics = new ApiMetrics(purpose -> 0, () -> 0);
        // 4 validators, 4,000 USD power: halt 1,333.333334, fork 2,666.666667, 5 % of halt burnt, 100,000 at risk
        metrics.security(new SecurityView(4, 4_000_000_000L, 1_333_333_334L, 2_666_666_667L, 66_666_666L,
                100_000_000_000L, 666L, true));
        String text = new String(metrics.scrape(), StandardCharsets.UTF_8);
        for (String line : new String[] {"ballast_security_stake_to_halt_usd 1333.333334",
            "ballast_security_stake_to_fork_usd 2666.666667", "ballast_security_slashable_on_fork_usd 66.666666",
            "ballast_security_collateral_at_risk_usd 100000.0", "ballast_security_corruption_cost_ratio 6.66E-4",
            "ballast_security_warning 1.0", "ballast_security_validators 4.0"}) {
            assertTrue(text.contains("\n" + line + "\n"), line + " in\n" + text);
        }
        assertTrue(text.contains("# TYPE ballast_security_corruption_cost_ratio gauge"), text);
        metrics.security(new SecurityView(4, 4_000_000_000L, 1_333_333_334L, 2_666_666_667L, 66_666_666L, 0,
                Long.MAX_VALUE, false));
        String nothingAtRisk = new String(metrics.scrape(), StandardCharsets.UTF_8);
        assertTrue(nothingAtRisk.contains("\nballast_security_corruption_cost_ratio +Inf\n"), nothingAtRisk);
        assertTrue(nothingAtRisk.contains("\nballast_security_warning 0.0\n"), nothingAtRisk);
    }
}
