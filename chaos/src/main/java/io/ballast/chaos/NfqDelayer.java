package io.ballast.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One running {@code nfq_delay} child: bound to NFQUEUE {@code queueNumber}, it accepts each queued packet
 * {@code delayMillis} after it arrived. Its stdin is a pipe from this JVM (it exits when that closes, even after
 * {@code kill -9} of this JVM), it exits by itself after {@code maxRun}, and {@link #close()} stops it with
 * SIGTERM (it first releases every packet it holds). Its stderr (errors, final counters) is appended to a log.
 */
public final class NfqDelayer implements AutoCloseable {
    static final int MAX_PACKETS = 8192;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final int EXIT_QUEUE_REFUSED = 3;

    private final Process process;
    private final int queueNumber;
    private final long delayMillis;

    /** The queue number is owned by another process (or otherwise refused by the kernel): try another. */
    public static final class QueueRefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        QueueRefusedException(String message) {
            super(message);
        }
    }

    private NfqDelayer(Process process, int queueNumber, long delayMillis) {
        this.process = process;
        this.queueNumber = queueNumber;
        this.delayMillis = delayMillis;
    }

    /** Starts the program and returns once it has bound the queue; throws if it did not. */
    public static NfqDelayer start(Path binary, int queueNumber, long delayMillis, Duration maxRun, Path log) {
        if (queueNumber < 0 || queueNumber > 65_535) {
            throw new IllegalArgumentException("queue number " + queueNumber);
        }
        if (delayMillis < 1 || delayMillis > 60_000) {
            throw new IllegalArgumentException("delay " + delayMillis + " ms: must be 1..60000");
        }
        if (maxRun.toSeconds() < 1 || maxRun.toSeconds() > 86_400) {
            throw new IllegalArgumentException("max run " + maxRun + ": must be 1 s..24 h");
        }
        Process process;
        try {
            process = new ProcessBuilder(List.of(binary.toString(), Integer.toString(queueNumber),
                    Long.toString(delayMillis), Long.toString(maxRun.toSeconds()), Integer.toString(MAX_PACKETS)))
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("starting " + binary, e);
        }
        NfqDelayer delayer = new NfqDelayer(process, queueNumber, delayMillis);
        delayer.awaitReady(log);
        return delayer;
    }

    private void awaitReady(Path log) {
        CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = firstLine.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            close();
            throw new IllegalStateException("nfq_delay (queue " + queueNumber + ") not ready in " + READY_TIMEOUT
                    + "; see " + log, e);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (("ready queue=" + queueNumber).equals(line)) {
            return;
        }
        int exit = exitCode();
        if (exit == EXIT_QUEUE_REFUSED) {
            throw new QueueRefusedException("NFQUEUE " + queueNumber + " refused (in use by another process?); see " + log);
        }
        close();
        throw new IllegalStateException("nfq_delay (queue " + queueNumber + ") failed, exit " + exit + ", said '"
                + line + "'; see " + log);
    }

    private int exitCode() {
        try {
            if (process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    /**
     * The {@code packets=} counter of the last exit line that a program on {@code queue} wrote to {@code log}
     * (how many packets it held and released); 0 if there is none.
     */
    public static long packetsAtExit(Path log, int queue) {
        try {
            List<String> lines = java.nio.file.Files.exists(log) ? java.nio.file.Files.readAllLines(log) : List.of();
            for (int i = lines.size() - 1; i >= 0; i--) {
                java.util.regex.Matcher exit = java.util.regex.Pattern.compile("queue=" + queue + " exit=\\S+ packets=(\\d+)")
                        .matcher(lines.get(i));
                if (exit.find()) {
                    return Long.parseLong(exit.group(1));
                }
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int queueNumber() {
        return queueNumber;
    }

    public long delayMillis() {
        return delayMillis;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM (held packets are released first), SIGKILL after a grace period; waits until it is gone. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            process.getOutputStream().close();
        } catch (IOException alreadyClosed) {
            // the pipe only signals our liveness
        }
    }
}
