package io.ballast.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM started by this JVM: output appended to a log file, stdin a pipe from us (the child's
 * OrphanGuard exits when it closes). Signals go only to this pid, which we started.
 */
public final class NodeProcess {
    private final Process process;

    private NodeProcess(Process process) {
        this.process = process;
    }

    static NodeProcess start(List<String> command, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new NodeProcess(builder.start());
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -NAME pid} (STOP, CONT, KILL, TERM) on this process only. */
    public void signal(String name) {
        if (!process.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGCONT (a paused JVM cannot run its hooks), SIGTERM, then SIGKILL of the tree after {@code grace}. */
    public void terminate(Duration grace) {
        signal("CONT");
        signal("TERM");
        if (!awaitExit(grace)) {
            destroyTree();
        }
    }

    /** SIGKILL of our descendants and the process itself. */
    public void destroyTree() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }
}
