package io.ballast.cli;

import io.ballast.report.FaultClass;
import io.ballast.report.PlantedBug;
import io.ballast.report.ReportOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The options of {@code bin/ballast report}, and the request they make (what the command runs, nothing else). */
final class ReportArguments {
    /** @param cluster also run the chaos suite's faults on real JVMs */
    record Request(ReportOptions options, Path outDir, boolean cluster) {}

    /** --quick is a number of seeds: one or the other. */
    static final class Size {
        @Option(names = "--quick", description = "a few minutes: --seeds " + ReportOptions.QUICK_SEEDS)
        boolean quick;
        @Option(names = "--seeds", paramLabel = "N",
                description = "seeds per fault class and validator count, 1.." + ReportOptions.MAX_SEEDS
                        + " (default " + ReportOptions.DEFAULT_SEEDS + ")")
        Integer seeds;
    }

    @ArgGroup
    private Size size;
    @Option(names = "--seed", paramLabel = "S", description = "first seed (default ${DEFAULT-VALUE})")
    private long firstSeed = 1;
    @Option(names = "--out", paramLabel = "DIR", description = "where report.html and report.json go (default ${DEFAULT-VALUE})")
    private Path outDir = Path.of("report");
    @Option(names = "--cluster", description = "also the chaos suite's faults on real JVMs (Cassandra, node JVMs, nftables)")
    private boolean cluster;
    @Option(names = "--class", paramLabel = "C,...", description = "only these fault classes (default: all)")
    private String classes;
    @Option(names = "--validators", paramLabel = "4,7", description = "validator counts (default 4,7)")
    private String validators;
    @Option(names = "--threads", paramLabel = "T", description = "simulator threads, 1..64 (default: the number of cores)")
    private Integer threads;
    @Option(names = "--unsafe", paramLabel = "lock|persist",
            description = "planted-bug runs: switch one safety rule off on every validator")
    private String unsafe;

    /** Parses a report command line (without the word "report"); bad arguments throw picocli's or a {@link UsageException}. */
    static Request parse(List<String> arguments) {
        ReportArguments parsed = new ReportArguments();
        new CommandLine(parsed).setSeparator(" ").parseArgs(arguments.toArray(String[]::new));
        return parsed.request();
    }

    Request request() {
        int seeds = size == null || size.seeds == null ? (size != null && size.quick ? ReportOptions.QUICK_SEEDS
                : ReportOptions.DEFAULT_SEEDS) : Bounds.within("--seeds", size.seeds, 1, ReportOptions.MAX_SEEDS);
        Bounds.within("--seed", firstSeed, 1, Long.MAX_VALUE / 2);
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : Bounds.within("--threads", threads, 1, 64);
        List<Integer> counts = ReportOptions.DEFAULT_VALIDATORS;
        if (validators != null) {
            counts = new ArrayList<>();
            for (String n : validators.split(",")) {
                counts.add(integer(n, "--validators"));
            }
        }
        List<FaultClass> chosen = List.of(FaultClass.values());
        if (classes != null) {
            chosen = new ArrayList<>();
            for (String id : classes.split(",")) {
                chosen.add(known(() -> FaultClass.byId(id.strip())));
            }
        }
        PlantedBug bug = unsafe != null ? known(() -> PlantedBug.byId(unsafe)) : PlantedBug.NONE;
        List<Integer> validatorCounts = counts;
        List<FaultClass> faultClasses = chosen;
        ReportOptions options = known(() -> new ReportOptions(firstSeed, seeds, validatorCounts, faultClasses, bug, threadCount));
        return new Request(options, outDir, cluster);
    }

    private static int integer(String text, String flag) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " takes whole numbers separated by commas, got '" + text + "'");
        }
    }

    private static <T> T known(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
