package io.ballast.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.chaos.CpuAccount.Component;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.crypto.Signature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuAccountTest {
    @TempDir
    Path dir;

    @Test
    void aSampleBelongsToTheFirstFrameFromTheTopThatAComponentClaims() {
        assertEquals(Component.LEDGER, CpuAccount.classify(List.of("java.util.HashMap", "io.ballast.core.ledger.Ledger",
                "io.ballast.core.consensus.Validator")), "a JDK map under the ledger is the ledger's");
        assertEquals(Component.SIGNATURES, CpuAccount.classify(List.of("org.bouncycastle.math.ec.rfc8032.Ed25519",
                "io.ballast.core.crypto.Ed25519", "io.ballast.core.ledger.Ledger")));
        assertEquals(Component.HASHING, CpuAccount.classify(List.of("sun.security.provider.SHA2",
                "java.security.MessageDigest", "io.ballast.core.crypto.Hashing")));
        assertEquals(Component.JOURNAL, CpuAccount.classify(List.of("io.netty.channel.epoll.Native")));
        assertEquals(Component.HTTP, CpuAccount.classify(List.of("org.apache.pekko.http.impl.engine.parsing.HttpHeaderParser",
                "org.apache.pekko.stream.impl.fusing.GraphInterpreter")));
        assertEquals(Component.NODE_ACTORS, CpuAccount.classify(List.of("io.ballast.actors.chain.ChainFollower")));
        assertEquals(Component.PEKKO, CpuAccount.classify(List.of("java.util.concurrent.ForkJoinPool",
                "org.apache.pekko.dispatch.Mailbox")));
        assertEquals(Component.OTHER, CpuAccount.classify(List.of("java.lang.Thread")));
        assertEquals(Component.OTHER, CpuAccount.classify(List.of()), "a sample without a stack");
    }

    @Test
    void theNodesCpuLessJitAndGcThreadsIsSplitBySamplesAndDividedByTheTransactions() {
        Map<Component, Long> first = new EnumMap<>(Component.class);
        first.put(Component.SIGNATURES, 30L);
        first.put(Component.LEDGER, 10L);
        Map<Component, Long> second = new EnumMap<>(Component.class);
        second.put(Component.SIGNATURES, 5L);
        second.put(Component.PEKKO, 15L);
        List<CpuAccount.NodeCpu> nodes = List.of(
                new CpuAccount.NodeCpu(1.0, 0.2, 0.2, first),   // 0.2 s JIT, 0.2 s GC of 1.0 s
                new CpuAccount.NodeCpu(0.5, 0.0, 0.1, second)); // 0.1 s GC of 0.5 s

        CpuAccount.Account account = CpuAccount.of(nodes, 0.3, 1_000);

        // node 1: 0.6 s sampled = 0.45 signatures + 0.15 ledger; node 2: 0.4 s = 0.1 signatures + 0.3 Pekko
        assertEquals(550.0, account.microsPerTx().get(Component.SIGNATURES.label));
        assertEquals(150.0, account.microsPerTx().get(Component.LEDGER.label));
        assertEquals(300.0, account.microsPerTx().get(Component.PEKKO.label));
        assertEquals(300.0, account.microsPerTx().get(CpuAccount.GC));
        assertEquals(200.0, account.microsPerTx().get(CpuAccount.JIT));
        assertEquals(300.0, account.microsPerTx().get(CpuAccount.CASSANDRA));
        assertEquals(1_800.0, account.totalMicrosPerTx(), "every second of CPU is accounted once: (1.0 + 0.5 + 0.3) s");
        assertEquals(60, account.samples());
        assertTrue(CpuAccount.table(account).contains("total (all nodes + Cassandra)"));
        assertThrows(IllegalArgumentException.class, () -> CpuAccount.of(nodes, 0, 0));
    }

    @Test
    void compilerAndVmThreadsAreTheirOwnComponentsByTheirDeltas() {
        Map<Long, ProcessCpu.ThreadCpu> before = Map.of(
                1L, new ProcessCpu.ThreadCpu("C2 CompilerThre", 5.0),
                2L, new ProcessCpu.ThreadCpu("VM Thread", 1.0),
                3L, new ProcessCpu.ThreadCpu("ballast-pekko.a", 7.0));
        Map<Long, ProcessCpu.ThreadCpu> after = Map.of(
                1L, new ProcessCpu.ThreadCpu("C2 CompilerThre", 5.5),
                2L, new ProcessCpu.ThreadCpu("VM Thread", 1.25),
                3L, new ProcessCpu.ThreadCpu("ballast-pekko.a", 9.0),
                4L, new ProcessCpu.ThreadCpu("C1 CompilerThre", 0.25)); // started during the step

        CpuAccount.NodeCpu node = CpuAccount.NodeCpu.of(3.0, before, after, Map.of());

        assertEquals(0.75, node.jitSeconds(), 1e-9);
        assertEquals(0.25, node.gcSeconds(), 1e-9);
    }

    @Test
    void theThreadsOfThisJvmAreReadFromProc() {
        Map<Long, ProcessCpu.ThreadCpu> threads = ProcessCpu.threads(ProcessHandle.current().pid());
        assertTrue(threads.values().stream().anyMatch(t -> t.name().equals("VM Thread")), "threads: " + threads.values());
        assertTrue(threads.values().stream().allMatch(t -> t.seconds() >= 0));
        assertTrue(ProcessCpu.threads(-1).isEmpty(), "no such process");
    }

    @Test
    void aRealRecordingOfSignatureVerificationIsAccountedToSignatures() throws Exception {
        KeyPair key = Ed25519.keyPairFromLabel("cpu-account");
        byte[] message = "a trade's signing message".getBytes(StandardCharsets.UTF_8);
        Signature signature = Ed25519.sign(key, message);
        Path file = dir.resolve("verify.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(5));
            recording.start();
            long end = System.nanoTime() + 1_500_000_000L;
            int verified = 0;
            while (System.nanoTime() < end) {
                verified += Ed25519.verify(key.publicKey(), message, signature) ? 1 : 0;
            }
            recording.stop();
            recording.dump(file);
            assertTrue(verified > 0);
        }

        Map<Component, Long> samples = CpuAccount.samples(file);

        long count = samples.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(count >= 20, "samples: " + samples);
        assertTrue(samples.getOrDefault(Component.SIGNATURES, 0L) * 2 > count, "most samples are in Ed25519: " + samples);
    }
}
