package io.ballast.chaos;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a committed transaction's CPU goes, by component, in µs per transaction: each node JVM's CPU over a step
 * ({@code /proc}), of which its JIT compiler threads and its VM and GC threads (per-thread CPU, {@code /proc/PID/task})
 * are their own components and the rest (the Java threads) is split by where the node's flight recording's execution
 * samples were; Cassandra's CPU whole. A sample belongs to the first frame from the top of its stack whose class a
 * component claims, so time in a JDK collection called by the ledger counts as the ledger's.
 */
final class CpuAccount {
    /** Components in the order a sample's frames are matched against them (most specific first). */
    enum Component {
        SIGNATURES("Ed25519 signatures", "io.ballast.core.crypto.Ed25519", "org.bouncycastle."),
        HASHING("hashing (SHA-256, Merkle)", "io.ballast.core.crypto.", "sun.security.provider.SHA"),
        LEDGER("ledger execution", "io.ballast.core.ledger.", "io.ballast.core.app.", "io.ballast.core.math.",
                "io.ballast.core.oracle.", "io.ballast.core.options."),
        CONSENSUS("consensus core", "io.ballast.core.consensus."),
        ENCODING("encoding and JSON", "io.ballast.core.encoding.", "io.ballast.core.json.", "com.fasterxml.jackson."),
        SERIALIZATION("serializers", "io.ballast.persistence.", "org.apache.pekko.serialization."),
        JOURNAL("journal client (Pekko Persistence, Cassandra driver)", "org.apache.pekko.persistence.", "com.datastax.",
                "io.netty."),
        HTTP("HTTP API", "io.ballast.api.", "org.apache.pekko.http."),
        REMOTING("remoting (Artery)", "org.apache.pekko.remote.", "io.aeron.", "org.agrona."),
        NODE_ACTORS("node actors (validator host, follower, projections, oracle)", "io.ballast."),
        PEKKO("Pekko runtime (dispatch, streams, cluster, sharding)", "org.apache.pekko.", "scala."),
        OTHER("JDK and other (no component on the stack)");

        final String label;
        private final String[] prefixes;

        Component(String label, String... prefixes) {
            this.label = label;
            this.prefixes = prefixes;
        }

        boolean claims(String className) {
            for (String prefix : prefixes) {
                if (className.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }

    static final String GC = "garbage collection and VM operations";
    static final String JIT = "JIT compilation";
    static final String CASSANDRA = "Cassandra (journal store)";

    /** One node over a step: its CPU, the part of it in compiler and in VM/GC threads, and its execution samples. */
    record NodeCpu(double cpuSeconds, double jitSeconds, double gcSeconds, Map<Component, Long> samples) {
        long sampleCount() {
            return samples.values().stream().mapToLong(Long::longValue).sum();
        }

        /** From two readings of the node's threads ({@link ProcessCpu#threads}) and its recording's samples. */
        static NodeCpu of(double cpuSeconds, Map<Long, ProcessCpu.ThreadCpu> before, Map<Long, ProcessCpu.ThreadCpu> after,
                          Map<Component, Long> samples) {
            double jit = 0;
            double gc = 0;
            for (Map.Entry<Long, ProcessCpu.ThreadCpu> thread : after.entrySet()) {
                ProcessCpu.ThreadCpu earlier = before.get(thread.getKey());
                double used = thread.getValue().seconds() - (earlier == null ? 0 : earlier.seconds());
                String name = thread.getValue().name();
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    jit += used;
                } else if (name.equals("VM Thread") || name.startsWith("GC Thread") || name.startsWith("G1 ")) {
                    gc += used;
                }
            }
            return new NodeCpu(cpuSeconds, jit, gc, samples);
        }
    }

    /** A recording's execution samples by component. */
    static Map<Component, Long> samples(Path recording) throws IOException {
        Map<Component, Long> samples = new EnumMap<>(Component.class);
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    List<String> classes = new ArrayList<>();
                    if (event.getStackTrace() != null) {
                        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                            classes.add(frame.getMethod().getType().getName());
                        }
                    }
                    samples.merge(classify(classes), 1L, Long::sum);
                }
            }
        }
        return samples;
    }

    /**
     * @param transactions      committed transactions the CPU is divided by
     * @param microsPerTx       by component label (then GC, JIT, Cassandra), µs of CPU per committed transaction,
     *                          summed over the nodes
     * @param totalMicrosPerTx  their sum
     * @param samples           execution samples the split rests on
     */
    record Account(long transactions, Map<String, Double> microsPerTx, double totalMicrosPerTx, long samples) {}

    private CpuAccount() {}

    /** The component of a sample whose stack's classes are {@code classesTopFirst}. */
    static Component classify(List<String> classesTopFirst) {
        for (String className : classesTopFirst) {
            for (Component component : Component.values()) {
                if (component.claims(className)) {
                    return component;
                }
            }
        }
        return Component.OTHER;
    }

    /** The account of a step over its nodes and Cassandra's CPU in the same time. */
    static Account of(List<NodeCpu> nodes, double cassandraCpuSeconds, long transactions) {
        if (transactions <= 0) {
            throw new IllegalArgumentException("no committed transaction to divide the CPU by");
        }
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Component component : Component.values()) {
            seconds.put(component.label, 0.0);
        }
        seconds.put(GC, 0.0);
        seconds.put(JIT, 0.0);
        long sampleTotal = 0;
        for (NodeCpu node : nodes) {
            double cpu = Math.max(0, node.cpuSeconds());
            double jit = Math.min(cpu, Math.max(0, node.jitSeconds()));
            double gc = Math.min(cpu - jit, Math.max(0, node.gcSeconds()));
            seconds.merge(JIT, jit, Double::sum);
            seconds.merge(GC, gc, Double::sum);
            double sampled = cpu - jit - gc;
            long count = node.sampleCount();
            sampleTotal += count;
            for (Component component : Component.values()) {
                double share = count == 0 ? (component == Component.OTHER ? 1 : 0)
                        : (double) node.samples().getOrDefault(component, 0L) / count;
                seconds.merge(component.label, sampled * share, Double::sum);
            }
        }
        seconds.put(CASSANDRA, Math.max(0, cassandraCpuSeconds));
        Map<String, Double> micros = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Double> entry : seconds.entrySet()) {
            double perTx = entry.getValue() * 1e6 / transactions;
            micros.put(entry.getKey(), Math.round(perTx * 10) / 10.0);
            total += perTx;
        }
        return new Account(transactions, micros, Math.round(total * 10) / 10.0, sampleTotal);
    }

    /** The account as a table: component, µs per transaction, share of the total. */
    static String table(Account account) {
        StringBuilder table = new StringBuilder(String.format("%-60s %12s %7s%n", "component", "µs/tx", "share"));
        account.microsPerTx().entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> table.append(String.format("%-60s %12.1f %6.1f%%%n", e.getKey(), e.getValue(),
                        account.totalMicrosPerTx() == 0 ? 0 : 100 * e.getValue() / account.totalMicrosPerTx())));
        table.append(String.format("%-60s %12.1f %6.1f%%%n", "total (all nodes + Cassandra)", account.totalMicrosPerTx(),
                100.0));
        return table.toString();
    }
}
