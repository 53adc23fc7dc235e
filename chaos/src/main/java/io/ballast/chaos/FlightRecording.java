package io.ballast.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A flight recording in another JVM of this machine, started and stopped with the JDK's {@code jcmd}: execution
 * samples of its Java threads every 5 ms (what {@link CpuAccount} reads).
 */
final class FlightRecording {
    private static final String NAME = "ballast-bench";
    private static final long JCMD_TIMEOUT_SECONDS = 30;
    private static final String SETTINGS = String.join("\n",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<configuration version=\"2.0\" label=\"ballast bench\" description=\"CPU account of a benchmark step\">",
            "  <event name=\"jdk.ExecutionSample\"><setting name=\"enabled\">true</setting>"
                    + "<setting name=\"period\">5 ms</setting></event>",
            "</configuration>", "");

    private final long pid;
    private final Path file;

    private FlightRecording(long pid, Path file) {
        this.pid = pid;
        this.file = file;
    }

    /** Starts recording JVM {@code pid} into {@code file} (its settings file is written beside it). */
    static FlightRecording start(long pid, Path file) throws IOException {
        Path settings = file.resolveSibling("bench.jfc");
        Files.writeString(settings, SETTINGS, StandardCharsets.UTF_8);
        jcmd(pid, "JFR.start", "name=" + NAME, "settings=" + settings.toAbsolutePath(),
                "filename=" + file.toAbsolutePath());
        return new FlightRecording(pid, file);
    }

    /** Stops the recording; its file is complete when this returns. */
    Path stop() throws IOException {
        jcmd(pid, "JFR.stop", "name=" + NAME);
        if (!Files.isRegularFile(file)) {
            throw new IOException("JFR.stop on " + pid + " left no recording at " + file);
        }
        return file;
    }

    private static void jcmd(long pid, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        command.add(Long.toString(pid));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + JCMD_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), interrupted);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + output);
        }
    }
}
