package io.ballast.chaos;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of one process from {@code /proc/PID/stat} (user + system clock ticks, fields 14 and 15), so a benchmark
 * step can report each JVM's CPU as a percentage of one core. Linux only; -1 where {@code /proc} is unreadable.
 */
final class ProcessCpu {
    /** {@code getconf CLK_TCK} on Linux (USER_HZ is 100 on every mainstream kernel build). */
    static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {}

    /** One thread's name (the kernel keeps 15 characters) and its user + system CPU seconds so far. */
    record ThreadCpu(String name, double seconds) {}

    /** User + system CPU seconds of {@code pid} so far, or -1 if the process is gone or /proc is missing. */
    static double cpuSeconds(long pid) {
        try {
            return seconds(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException goneOrNotLinux) {
            return -1;
        }
    }

    /** Every live thread of {@code pid} by thread id (empty if the process is gone or /proc is missing). */
    static Map<Long, ThreadCpu> threads(long pid) {
        Map<Long, ThreadCpu> threads = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    threads.put(Long.parseLong(task.getFileName().toString()), new ThreadCpu(name, seconds(stat)));
                } catch (IOException | RuntimeException ended) {
                    // the thread ended between the listing and the read: its CPU stays in the process's total
                }
            }
        } catch (IOException | RuntimeException goneOrNotLinux) {
            return Map.of();
        }
        return threads;
    }

    private static double seconds(String stat) {
        // the command name (field 2) is in parentheses and may contain spaces: split after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long user = Long.parseLong(fields[11]); // field 14 of the whole line
        long system = Long.parseLong(fields[12]); // field 15
        return (double) (user + system) / TICKS_PER_SECOND;
    }

    /** CPU % of one core between two readings {@code wallSeconds} apart (-1 if either reading failed). */
    static double percent(double before, double after, double wallSeconds) {
        if (before < 0 || after < 0 || wallSeconds <= 0) {
            return -1;
        }
        return 100.0 * (after - before) / wallSeconds;
    }
}
