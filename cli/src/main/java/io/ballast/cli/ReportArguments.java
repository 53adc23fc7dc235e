package io.ballast.cli;

import io.ballast.report.FaultClass;
import io.ballast.report.PlantedBug;
import io.ballast.report.ReportOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The command line of {@code bin/ballast report}, parsed into what the command runs (and nothing else). */
final class ReportArguments {
    static final String USAGE = "report [--quick | --seeds N] [--seed S] [--out DIR] [--cluster] [--class C,...]"
            + " [--validators 4,7] [--threads T] [--unsafe lock|persist]";

    /** @param cluster also run the chaos suite's faults on real JVMs */
    record Request(ReportOptions options, Path outDir, boolean cluster) {}

    private ReportArguments() {}

    static Request parse(List<String> arguments) {
        Args args = Args.parse(arguments, Set.of("quick", "cluster")).allowOnly(Set.of("quick", "seeds", "seed", "out",
                "cluster", "class", "validators", "threads", "unsafe"));
        if (!args.positionals().isEmpty()) {
            throw new UsageException("report takes no positional arguments: " + args.positionals());
        }
        if (args.flag("quick") && args.flag("seeds")) {
            throw new UsageException("--quick is --seeds " + ReportOptions.QUICK_SEEDS + ": give one of them");
        }
        int seeds = args.flag("quick") ? ReportOptions.QUICK_SEEDS
                : (int) args.longOption("seeds", ReportOptions.DEFAULT_SEEDS, 1, ReportOptions.MAX_SEEDS);
        long firstSeed = args.longOption("seed", 1, 1, Long.MAX_VALUE / 2);
        int threads = (int) args.longOption("threads", Runtime.getRuntime().availableProcessors(), 1, 64);
        List<Integer> validators = ReportOptions.DEFAULT_VALIDATORS;
        if (args.flag("validators")) {
            validators = new ArrayList<>();
            for (String n : args.option("validators", "").split(",")) {
                validators.add(integer(n, "--validators"));
            }
        }
        List<FaultClass> classes = List.of(FaultClass.values());
        if (args.flag("class")) {
            classes = new ArrayList<>();
            for (String id : args.option("class", "").split(",")) {
                classes.add(known(() -> FaultClass.byId(id.strip())));
            }
        }
        PlantedBug bug = args.flag("unsafe") ? known(() -> PlantedBug.byId(args.option("unsafe", ""))) : PlantedBug.NONE;
        List<Integer> counts = validators;
        List<FaultClass> chosen = classes;
        ReportOptions options = known(() -> new ReportOptions(firstSeed, seeds, counts, chosen, bug, threads));
        return new Request(options, Path.of(args.option("out", "report")), args.flag("cluster"));
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
