package io.ballast.report;

import io.ballast.sim.Invariant;
import java.util.List;

/** Seeds run per class, the invariants checked while they ran, and every violation with the seed that shows it. */
public record SafetyReport(Status status, List<ClassSeeds> classes, List<Check> checks, List<Violation> violations) {
    public SafetyReport {
        classes = List.copyOf(classes);
        checks = List.copyOf(checks);
        violations = List.copyOf(violations);
        if ((status == Status.VIOLATED) == violations.isEmpty()) {
            throw new IllegalArgumentException("the status is VIOLATED exactly when there are violations");
        }
    }

    public enum Status {
        HELD,
        VIOLATED
    }

    public record ClassSeeds(FaultClass faultClass, int validators, Metric seeds, Metric violations) {}

    /** @param checks how often the invariant was checked over the whole campaign */
    public record Check(Invariant invariant, Metric checks) {}

    /**
     * @param replay the simulator command that replays the seed to the same violation
     */
    public record Violation(FaultClass faultClass, int validators, long seed, Invariant invariant, String message,
                            String replay, String command) {}
}
