package io.ballast.chaos;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Network faults between per-node loopback addresses with nftables: one table {@code inet ballast_chaos_<pid>}
 * owned by this JVM, one output-hook chain on {@code lo}; rules drop (all, or a random N %) of the packets
 * from one 127.0.0.x address to another. Latency: packets are queued to user space ({@link QueueRules}, NFQUEUE)
 * and released by an {@link NfqDelayer} after the delay, one program per delay value. {@link #heal()} flushes
 * the rules and stops the delayers, {@link #close()} also deletes the table and the queue chain (also from a
 * shutdown hook). Only 127.0.0.0/8 addresses are accepted. No nft (or, for latency, no iptables or gcc): fails
 * loudly.
 */
public final class Nft implements AutoCloseable {
    /** A delayer lives for one fault; this only bounds one that nothing stopped. */
    static final Duration DELAYER_MAX_RUN = Duration.ofMinutes(30);
    static final int MAX_DELAY_MILLIS = 60_000;
    /** NFQUEUE numbers are global to the machine: each JVM takes a block of its own (by pid), 16 delay values. */
    private static final int QUEUE_BASE = 20_000;
    private static final int QUEUES_PER_JVM = 16;

    private final String table;
    private final Path workDir;
    private long delayedPackets;
    private final QueueRules queueRules;
    private final Map<Long, NfqDelayer> delayers = new ConcurrentHashMap<>();
    private final Thread hook;
    private int nextQueueOffset;
    private boolean closed;

    private Nft(long pid, Path workDir) {
        this.table = "ballast_chaos_" + pid;
        this.workDir = workDir.toAbsolutePath();
        this.queueRules = new QueueRules("BALLAST_DELAY_" + pid);
        this.hook = new Thread(this::cleanUp, "nft-cleanup-" + table);
    }

    /**
     * Creates the table and chain; throws if nft is missing or not permitted. {@code workDir} receives the
     * latency program (compiled on the first {@link #delay}) and its log {@code nfq-delay.log}.
     */
    public static Nft create(Path workDir) {
        Nft nft = new Nft(ProcessHandle.current().pid(), workDir);
        Runtime.getRuntime().addShutdownHook(nft.hook);
        run("add table inet " + nft.table + "\n"
                + "add chain inet " + nft.table + " out { type filter hook output priority 0; policy accept; }\n");
        return nft;
    }

    public String table() {
        return table;
    }

    /** Drops every packet between a and b, both ways. */
    public void partition(String a, String b) {
        oneWay(a, b);
        oneWay(b, a);
    }

    /** Drops every packet from {@code from} to {@code to} (the reverse direction still flows). */
    public void oneWay(String from, String to) {
        rule(from, to, "drop");
    }

    /** Drops {@code percent} % of the packets between a and b, both ways. */
    public void loss(String a, String b, int percent) {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("loss percent " + percent);
        }
        rule(a, b, "numgen random mod 100 < " + percent + " drop");
        rule(b, a, "numgen random mod 100 < " + percent + " drop");
    }

    /**
     * Delays every packet from {@code from} to {@code to} by {@code delayMillis} (the reverse direction is not
     * delayed). Packets between one pair stay in order.
     */
    public synchronized void delay(String from, String to, long delayMillis) {
        loopback(from);
        loopback(to);
        if (delayMillis < 1 || delayMillis > MAX_DELAY_MILLIS) {
            throw new IllegalArgumentException("delay " + delayMillis + " ms: must be 1.." + MAX_DELAY_MILLIS);
        }
        if (closed) {
            throw new IllegalStateException("closed");
        }
        NfqDelayer delayer = delayers.get(delayMillis);
        if (delayer == null) {
            delayer = startDelayer(delayMillis);
            delayers.put(delayMillis, delayer);
        }
        queueRules.add(from, to, delayer.queueNumber());
    }

    private NfqDelayer startDelayer(long delayMillis) {
        if (delayers.size() >= QUEUES_PER_JVM) {
            throw new IllegalStateException("at most " + QUEUES_PER_JVM + " different delays at once");
        }
        Path binary = NfqDelayProgram.compile(workDir);
        int base = QUEUE_BASE + (int) (ProcessHandle.current().pid() % 1_000) * QUEUES_PER_JVM;
        for (int attempt = 0; attempt < QUEUES_PER_JVM; attempt++) {
            int queue = base + nextQueueOffset;
            nextQueueOffset = (nextQueueOffset + 1) % QUEUES_PER_JVM;
            if (delayers.values().stream().anyMatch(d -> d.queueNumber() == queue)) {
                continue;
            }
            try {
                return NfqDelayer.start(binary, queue, delayMillis, DELAYER_MAX_RUN, workDir.resolve("nfq-delay.log"));
            } catch (NfqDelayer.QueueRefusedException takenByAnotherProcess) {
                // another JVM whose pid shares our block: try the next number
            }
        }
        throw new IllegalStateException("no free NFQUEUE number in " + base + ".." + (base + QUEUES_PER_JVM - 1));
    }

    /** The running delay programs by delay (for tests). */
    Map<Long, NfqDelayer> delayers() {
        return Map.copyOf(delayers);
    }

    /** The iptables chain that holds the queue rules (for tests). */
    String queueChain() {
        return queueRules.chain();
    }

    /** Removes every rule and stops the delay programs (the table stays for the next fault). */
    public synchronized void heal() {
        try {
            run("flush chain inet " + table + " out\n");
        } finally {
            stopDelays();
        }
    }

    /** Rules first, so nothing new is queued; each program then releases what it holds as it exits. */
    private void stopDelays() {
        queueRules.flush();
        for (NfqDelayer delayer : delayers.values()) {
            delayer.close();
            delayedPackets += NfqDelayer.packetsAtExit(workDir.resolve("nfq-delay.log"), delayer.queueNumber());
        }
        delayers.clear();
    }

    /** Packets the delay programs held and released, summed over the programs stopped so far. */
    public synchronized long delayedPackets() {
        return delayedPackets;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            cleanUp();
            closed = true;
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
    }

    private void rule(String from, String to, String verdict) {
        loopback(from);
        loopback(to);
        run("add rule inet " + table + " out oifname \"lo\" ip saddr " + from + " ip daddr " + to + " " + verdict + "\n");
    }

    private static void loopback(String address) {
        if (!address.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            throw new IllegalArgumentException("not a loopback address: " + address);
        }
    }

    /** Best effort, also from the shutdown hook: every step runs even if an earlier one failed. */
    private void cleanUp() {
        try {
            queueRules.delete();
        } finally {
            try {
                delayers.values().forEach(NfqDelayer::close);
                delayers.clear();
            } finally {
                deleteTable();
            }
        }
    }

    private void deleteTable() {
        try {
            run("delete table inet " + table + "\n");
        } catch (RuntimeException alreadyGone) {
            // deleted before, or never created
        }
    }

    /** Runs {@code nft -f -} with the script on stdin; throws with nft's output on failure. */
    static void run(String script) {
        try {
            Process nft = new ProcessBuilder("nft", "-f", "-").redirectErrorStream(true).start();
            try (OutputStream in = nft.getOutputStream()) {
                in.write(script.getBytes(StandardCharsets.UTF_8));
            }
            if (!nft.waitFor(15, TimeUnit.SECONDS)) {
                nft.destroyForcibly();
                throw new IllegalStateException("nft did not finish in 15 s: " + script);
            }
            String output = new String(nft.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (nft.exitValue() != 0) {
                throw new IllegalStateException("nft failed (" + nft.exitValue() + "): " + output.strip() + "\nscript: " + script);
            }
        } catch (IOException e) {
            throw new IllegalStateException("nft is not available (apt-get install -y --no-install-recommends nftables): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
