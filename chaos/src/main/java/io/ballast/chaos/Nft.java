package io.ballast.chaos;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Network faults between per-node loopback addresses with nftables: one table {@code inet ballast_chaos_<pid>}
 * owned by this JVM, one output-hook chain on {@code lo}; rules drop (all, or a random N %) of the packets
 * from one 127.0.0.x address to another. {@link #heal()} flushes the chain, {@link #close()} deletes the
 * table (also from a shutdown hook). Only 127.0.0.0/8 addresses are accepted. No nft: fails loudly.
 */
public final class Nft implements AutoCloseable {
    private final String table;
    private final Thread hook;
    private boolean closed;

    private Nft(String table) {
        this.table = table;
        this.hook = new Thread(this::deleteTable, "nft-cleanup-" + table);
    }

    /** Creates the table and chain; throws if nft is missing or not permitted. */
    public static Nft create() {
        Nft nft = new Nft("ballast_chaos_" + ProcessHandle.current().pid());
        Runtime.getRuntime().addShutdownHook(nft.hook);
        nft.run("add table inet " + nft.table + "\n"
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

    /** Removes every rule (the table stays for the next fault). */
    public void heal() {
        run("flush chain inet " + table + " out\n");
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            deleteTable();
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
