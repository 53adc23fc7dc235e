package io.ballast.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The rules that send packets to an NFQUEUE. This kernel has no nft {@code queue} expression (CONFIG_NFT_QUEUE
 * is off) but has the xtables NFQUEUE target, so these rules go through {@code iptables} (the nf_tables back end
 * wraps the target): one chain {@code BALLAST_DELAY_<pid>} of our own in the {@code filter} table, entered from
 * {@code OUTPUT} by one jump for packets leaving on {@code lo}. Rules carry {@code --queue-bypass}: while no
 * program listens on the queue, packets pass undelayed (a dead delayer means no delay, never a black hole).
 * The chain is created on first use; {@link #delete()} removes the jump and the chain (the {@code filter} table
 * and its empty base chains may be shared with other users of iptables and stay). No iptables: fails loudly.
 */
final class QueueRules {
    private static final long COMMAND_TIMEOUT_SECONDS = 15;
    private final String chain;
    private boolean created;

    QueueRules(String chain) {
        if (!chain.matches("[A-Z0-9_]{1,28}")) {
            throw new IllegalArgumentException("iptables chain name " + chain);
        }
        this.chain = chain;
    }

    String chain() {
        return chain;
    }

    synchronized boolean created() {
        return created;
    }

    /** Queues every packet from {@code from} to {@code to} (both already checked to be 127.x) to {@code queue}. */
    synchronized void add(String from, String to, int queue) {
        if (!created) {
            // a chain left by an earlier JVM with the same pid (killed before its hook ran) is reused, emptied
            iptables(succeeds("-S", chain) ? "-F" : "-N", chain);
            created = true;
            if (!succeeds("-C", "OUTPUT", "-o", "lo", "-j", chain)) {
                iptables("-I", "OUTPUT", "-o", "lo", "-j", chain);
            }
        }
        iptables("-A", chain, "-o", "lo", "-s", from, "-d", to, "-j", "NFQUEUE", "--queue-num",
                Integer.toString(queue), "--queue-bypass");
    }

    synchronized void flush() {
        if (created) {
            iptables("-F", chain);
        }
    }

    /** Removes the jump and the chain; best effort (also runs from a shutdown hook). */
    synchronized void delete() {
        if (!created) {
            return;
        }
        run("-D", "OUTPUT", "-o", "lo", "-j", chain); // each may fail if removed before
        run("-F", chain);
        run("-X", chain);
        created = false;
    }

    static boolean succeeds(String... args) {
        return run(args).exitCode() == 0;
    }

    /** Runs {@code iptables -w ARGS}; throws with its output on failure. */
    static String iptables(String... args) {
        Result result = run(args);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("iptables failed (" + result.exitCode() + "): " + result.output().strip()
                    + "\ncommand: iptables -w " + String.join(" ", args));
        }
        return result.output();
    }

    private record Result(int exitCode, String output) {}

    private static Result run(String... args) {
        List<String> command = new ArrayList<>(List.of("iptables", "-w"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("iptables did not finish in " + COMMAND_TIMEOUT_SECONDS + " s: " + command);
            }
            return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("iptables is needed for latency (NFQUEUE) rules "
                    + "(apt-get install -y --no-install-recommends iptables): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
