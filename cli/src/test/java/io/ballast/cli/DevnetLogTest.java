package io.ballast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** bin/ballast devnet: log lines go to DIR/ballast.log, on the console only with --verbose. */
class DevnetLogTest {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger("io.ballast.cli.DevnetLogTest");

    /** What logback's console appender wrote to System.err while {@code action} ran. */
    private static String console(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutVerboseTheFileGetsTheLinesAndTheConsoleNone(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        String before = console(() -> LOG.warn("before-routing"));
        assertTrue(before.contains("before-routing"), "the console appender is there to begin with: " + before);
        String during = console(() -> {
            try (DevnetLog log = DevnetLog.route(data, false)) {
                assertEquals(data.resolve("ballast.log"), log.file());
                LOG.warn("quiet-console-line");
                LoggerFactory.getLogger("org.apache.pekko.cluster.Cluster").warn("pekko-warning-line");
            }
        });
        assertFalse(during.contains("quiet-console-line") || during.contains("pekko-warning-line"), during);
        String file = Files.readString(data.resolve("ballast.log"));
        assertTrue(file.contains("WARN") && file.contains("quiet-console-line") && file.contains("pekko-warning-line"), file);
        String after = console(() -> LOG.warn("after-routing"));
        assertTrue(after.contains("after-routing"), "close() puts the console back: " + after);
        assertFalse(Files.readString(data.resolve("ballast.log")).contains("after-routing"), "and the file is detached");
    }

    @Test
    void verboseShowsTheLinesOnTheConsoleAndStillWritesTheFile(@TempDir Path dir) throws Exception {
        String during = console(() -> {
            try (DevnetLog log = DevnetLog.route(dir, true)) {
                assertEquals(dir.resolve("ballast.log"), log.file());
                LOG.warn("verbose-line");
            }
        });
        assertTrue(during.contains("verbose-line"), during);
        assertTrue(Files.readString(dir.resolve("ballast.log")).contains("verbose-line"));
    }

    @Test
    void theDevnetConsoleHasOnlyItsOwnLinesAndSaysWhereTheLogIs(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream stray = new ByteArrayOutputStream();
        CliRun devnet;
        try {
            System.setOut(new PrintStream(stray, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stray, true, StandardCharsets.UTF_8));
            devnet = CliRun.of("devnet", "--data-dir", data.toString(), "--fresh", "--no-traders", "--seconds", "4",
                    "--http-port", "0");
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        assertEquals(0, devnet.exitCode(), devnet.out() + devnet.err() + stray);
        assertEquals("", stray.toString(StandardCharsets.UTF_8), "nothing on the process's own stdout/stderr");
        assertEquals("", devnet.err());
        List<String> lines = devnet.out().lines().toList();
        assertEquals("devnet: logs in " + data.resolve("ballast.log") + " (--verbose shows them here)", lines.get(0));
        for (String line : lines) {
            assertTrue(line.startsWith("devnet: ") || line.startsWith("height "), "a devnet line, not a log line: " + line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("height ")), devnet.out());
        String log = Files.readString(data.resolve("ballast.log"));
        assertTrue(log.lines().anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO|WARN) .*")),
                "the node's log lines are in the file: " + log.substring(0, Math.min(log.length(), 500)));
    }
}
