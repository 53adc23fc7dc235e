package io.ballast.report;

import java.util.List;

/**
 * The chaos suite's faults on real JVMs ({@code --cluster}): one row per fault, as the chaos module measures it.
 * Wall-clock numbers from a real cluster: they are not reproducible by seed, and the section says so.
 */
public record ClusterReport(Status status, String command, List<Fault> faults) {
    /** What runs the same faults again (on a fresh cluster: the numbers will differ, the verdicts should not). */
    public static final String COMMAND = "bin/ballast report --cluster";

    public ClusterReport {
        faults = List.copyOf(faults);
        if ((status == Status.RUN) == faults.isEmpty()) {
            throw new IllegalArgumentException("a run cluster section has rows, an unrun one none");
        }
    }

    public static final ClusterReport NOT_RUN = new ClusterReport(Status.NOT_RUN, COMMAND, List.of());

    public static ClusterReport of(List<Fault> faults) {
        return new ClusterReport(Status.RUN, COMMAND, faults);
    }

    public enum Status {
        /** The campaign ran the simulator only (no {@code --cluster}). */
        NOT_RUN,
        RUN
    }

    /**
     * One fault (times in ms from its injection; -1 = never or none).
     *
     * @param problems what the chaos run found wrong (empty when the fault was survived)
     */
    public record Fault(String fault, long detectMillis, long commitsMillis, long healedMillis, long p50Millis,
                        long p99Millis, long blocksDuring, long ackedDuring, long ackedTotal, long lost,
                        List<String> problems) {
        public Fault {
            problems = List.copyOf(problems);
        }

        public boolean survived() {
            return problems.isEmpty() && lost == 0 && healedMillis >= 0;
        }
    }
}
