package io.ballast.report;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one campaign runs: seeds {@code firstSeed .. firstSeed + seeds - 1} of every class at every validator count.
 * The baseline class {@link FaultClass#NONE} always runs too (latency after a heal is read against it). Threads change
 * how long it takes, never what it finds.
 *
 * @param seeds      seeds per class and validator count
 * @param validators validator counts, 4..10
 * @param classes    the classes to run, in report order (NONE included)
 * @param bug        a planted bug, or {@link PlantedBug#NONE}
 * @param threads    seeds run in parallel
 */
public record ReportOptions(long firstSeed, int seeds, List<Integer> validators, List<FaultClass> classes,
                            PlantedBug bug, int threads) {
    public static final int QUICK_SEEDS = 2;
    public static final int DEFAULT_SEEDS = 12;
    public static final int MAX_SEEDS = 10_000;
    public static final List<Integer> DEFAULT_VALIDATORS = List.of(4, 7);
    /** How long each seed runs on after its liveness check: the window in which the hangover is measured. */
    public static final long OBSERVE_MILLIS = 2_500;

    public ReportOptions {
        if (firstSeed < 1 || seeds < 1 || seeds > MAX_SEEDS) {
            throw new IllegalArgumentException("--seed ≥ 1 and --seeds within 1.." + MAX_SEEDS);
        }
        if (validators.isEmpty()) {
            throw new IllegalArgumentException("at least one validator count");
        }
        for (int n : validators) {
            if (n < 4 || n > 10) {
                throw new IllegalArgumentException("--validators must be within 4..10, got " + n);
            }
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("--threads within 1..64");
        }
        List<FaultClass> withBaseline = new ArrayList<>();
        for (FaultClass c : FaultClass.values()) {
            if (c == FaultClass.NONE || classes.contains(c)) {
                withBaseline.add(c);
            }
        }
        classes = List.copyOf(withBaseline);
        validators = validators.stream().distinct().sorted().toList();
    }

    public static ReportOptions defaults(int seeds, int threads) {
        return new ReportOptions(1, seeds, DEFAULT_VALIDATORS, List.of(FaultClass.values()), PlantedBug.NONE, threads);
    }

    public boolean allClasses() {
        return classes.size() == FaultClass.values().length;
    }

    /** The command that runs this campaign again (threads and the output directory aside). */
    public String command() {
        return command(allClasses() ? null : classes, validators, firstSeed, seeds);
    }

    /** The command that reproduces one class at one validator count over this campaign's seeds. */
    public String classCommand(FaultClass faultClass, int n) {
        return command(List.of(faultClass), List.of(n), firstSeed, seeds);
    }

    /** The command that reproduces every class of this campaign at one validator count. */
    public String validatorsCommand(int n) {
        return command(allClasses() ? null : classes, List.of(n), firstSeed, seeds);
    }

    /** The command whose report holds this one seed of a class (and the same seed of the baseline). */
    public String seedCommand(FaultClass faultClass, int n, long seed) {
        return command(List.of(faultClass), List.of(n), seed, 1);
    }

    private String command(List<FaultClass> only, List<Integer> counts, long first, int count) {
        StringBuilder command = new StringBuilder("bin/ballast report");
        if (only != null) {
            List<FaultClass> shown = only.stream().filter(c -> c != FaultClass.NONE || only.size() == 1).toList();
            command.append(" --class ").append(shown.stream().map(FaultClass::id).collect(Collectors.joining(",")));
        }
        if (!counts.equals(DEFAULT_VALIDATORS)) {
            command.append(" --validators ").append(counts.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        command.append(" --seed ").append(first).append(" --seeds ").append(count);
        if (bug != PlantedBug.NONE) {
            command.append(" --unsafe ").append(bug.id());
        }
        return command.toString();
    }
}
