package io.ballast.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of one process from {@code /proc/PID/stat} (user + system clock ticks, fields 14 and 15), so a benchmark
 * step can report each JVM's CPU as a percentage of one core. Linux only; -1 where {@code /proc} is unreadable.
 */
final class ProcessCpu {
    /** {@code getconf CLK_TCK} on Linux (USER_HZ is 100 on every mainstream kernel build). */
    static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {}

    /** User + system CPU seconds of {@code pid} so far, or -1 if the process is gone or /proc is missing. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) is in parentheses and may contain spaces: split after the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long user = Long.parseLong(fields[11]); // field 14 of the whole line
            long system = Long.parseLong(fields[12]); // field 15
            return (double) (user + system) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException goneOrNotLinux) {
            return -1;
        }
    }

    /** CPU % of one core between two readings {@code wallSeconds} apart (-1 if either reading failed). */
    static double percent(double before, double after, double wallSeconds) {
        if (before < 0 || after < 0 || wallSeconds <= 0) {
            return -1;
        }
        return 100.0 * (after - before) / wallSeconds;
    }
}
