package io.ballast.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bench's small measures: Prometheus counters, /proc CPU time, raw Ed25519 verification rate. */
class BenchMeasuresTest {
    @Test
    void sumsEverySampleOfACounter() {
        String exposition = String.join("\n",
                "# HELP ballast_signature_verifications_total Ed25519 verifications",
                "# TYPE ballast_signature_verifications_total counter",
                "ballast_signature_verifications_total{purpose=\"api\"} 7.0",
                "ballast_signature_verifications_total{purpose=\"admission\"} 1200.0",
                "ballast_signature_verifications_total_created{purpose=\"api\"} 1.7E9",
                "ballast_other_total 5.0");
        assertEquals(1207, ClusterBench.sumCounter(exposition, "ballast_signature_verifications_total"));
    }

    @Test
    void measuresRawVerificationsAfterTheWarmUp() {
        double perSecond = ClusterBench.rawVerifiesPerSecond(java.time.Duration.ofMillis(500));
        assertTrue(perSecond > 0 && Double.isFinite(perSecond), Double.toString(perSecond));
    }

    @Test
    void readsThisProcessCpuTime() {
        double before = ProcessCpu.cpuSeconds(ProcessHandle.current().pid());
        long sink = 0;
        for (long i = 0; i < 50_000_000L; i++) {
            sink += i ^ (sink >>> 3);
        }
        double after = ProcessCpu.cpuSeconds(ProcessHandle.current().pid());
        assertTrue(sink != 42 && before >= 0 && after >= before, before + " -> " + after);
        assertEquals(-1, ProcessCpu.cpuSeconds(Long.MAX_VALUE));
        assertEquals(-1, ProcessCpu.percent(-1, 2, 1));
        assertEquals(50.0, ProcessCpu.percent(1, 1.5, 1), 1e-9);
    }
}
