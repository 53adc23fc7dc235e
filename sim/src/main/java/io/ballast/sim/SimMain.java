package io.ballast.sim;

import io.ballast.core.consensus.SafetyRules;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bin/ballast sim --seeds N [--scenario NAME|all] [--validators N] [--seed S] [--threads T]}: a picocli command
 * (bin/ballast mounts it as its {@code sim} subcommand; {@link #run} is the same command on its own).
 *
 * <p>Runs seeds S .. S+N−1 (S defaults to 1; {@code --seed S} alone runs just S); with
 * {@code --scenario all} (the default) seed i runs scenario i mod 12. Progress goes to {@code err};
 * the per-scenario table and every violation with its replay command go to {@code out}. Exit code
 * 0 when every invariant held, 1 on a violation, 2 on bad arguments. {@code --scenario options-feedback}
 * (not part of {@code all}) also prints what the options feedback loop measured per seed. {@code --unsafe lock|persist}
 * switches one safety rule off on every validator (planted-bug runs only; the replay command of such
 * a violation carries it). {@code --observe-ms M} runs each seed M simulated ms longer after its liveness check
 * passed (the report's seeds: latency after the heal), and the replay command carries it. The scenarios built for the
 * report and the validator churn on a staking genesis ({@link Scenario#MEASURED}: {@code churn},
 * {@code churn-byzantine}, which also print what the churn did per seed) run by name; {@code all} means the
 * {@link Scenario#ALL} list.
 */
@Command(name = "sim", description = {"The deterministic simulator: real consensus and ledger under seeded crashes,"
        + " partitions, lossy links, Byzantine validators (equivocation, twins, withholding, censorship, garbage) and lying"
        + " oracles; validator churn on a staking genesis (churn, churn-byzantine: joins, leaves, downtime jailing, slashing"
        + " across an epoch boundary); prints per-scenario results, and the replay command of any violation. Progress on"
        + " stderr."})
public final class SimMain implements Callable<Integer> {
    /** Shell completion of --scenario: all, then every scenario by name. */
    static final class ScenarioNames extends ArrayList<String> {
        ScenarioNames() {
            add("all");
            addAll(Scenario.names());
            addAll(Scenario.measuredNames());
        }
    }

    @Spec
    private CommandSpec spec;
    @Option(names = "--seeds", paramLabel = "N", description = "seeds to run (default 100, or 1 with --seed)")
    private Integer seeds;
    @Option(names = "--scenario", paramLabel = "NAME", completionCandidates = ScenarioNames.class,
            description = "a scenario, or all (default ${DEFAULT-VALUE}): ${COMPLETION-CANDIDATES}")
    private String scenarioName = "all";
    @Option(names = "--validators", paramLabel = "N", description = "validators, 4..10 (default: each scenario's own)")
    private int validators;
    @Option(names = "--seed", paramLabel = "S", description = "first seed (default 1)")
    private Long firstSeed;
    @Option(names = "--threads", paramLabel = "T", description = "threads, 1..64 (default ${DEFAULT-VALUE})")
    private int threads = 1;
    @Option(names = "--observe-ms", paramLabel = "M",
            description = "simulated ms to keep running after the liveness check, 0.." + SimOptions.MAX_OBSERVE_MILLIS)
    private long observeMillis;
    @Option(names = "--unsafe", paramLabel = "lock|persist",
            description = "planted-bug runs: switch one safety rule off on every validator")
    private String unsafe;
    private final PrintStream out;
    private final PrintStream err;

    public SimMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** The command on its own (tests, replay commands): exit code 0, 1 on a violation, 2 on bad arguments. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        CommandLine sim = new CommandLine(new SimMain(out, err));
        // in bin/ballast's tree the root gives every command its help option; on its own, sim adds it here
        sim.getCommandSpec().addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        return sim.setSeparator(" ").setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args.toArray(String[]::new));
    }

    @Override
    public Integer call() {
        int seedCount = seeds != null ? seeds : firstSeed != null ? 1 : 100;
        if (seedCount < 1 || threads < 1 || threads > 64) {
            throw usage("--seeds ≥ 1 and --threads in 1..64");
        }
        if (validators != 0 && (validators < 4 || validators > 10)) {
            throw usage("--validators must be within 4..10");
        }
        if (observeMillis < 0 || observeMillis > SimOptions.MAX_OBSERVE_MILLIS) {
            throw usage("--observe-ms must be within 0.." + SimOptions.MAX_OBSERVE_MILLIS);
        }
        List<Scenario> scenarios;
        SafetyRules rules;
        try {
            scenarios = scenarioName.equals("all") ? Scenario.ALL : List.of(Scenario.named(scenarioName));
            rules = SimOptions.rulesNamed(unsafe);
        } catch (IllegalArgumentException unknown) {
            throw usage(unknown.getMessage());
        }
        if (!rules.isSafe()) {
            err.println("sim: UNSAFE test run: safety rule '" + unsafe + "' switched off on every validator");
        }
        List<SimOptions> plan = new ArrayList<>();
        for (SimOptions options : SimRunner.plan(scenarios, firstSeed != null ? firstSeed : 1, seedCount, validators, rules,
                rules)) {
            plan.add(options.withObserveMillis(observeMillis));
        }
        List<SeedResult> results = SimRunner.runAll(plan, threads, err);
        List<SimRunner.Summary> summaries = SimRunner.summarize(results);
        SimRunner.print(summaries, out);
        SimRunner.printOptionsLoop(results, out);
        SimRunner.printChurn(results, out);
        long violations = results.stream().filter(r -> !r.ok()).count();
        out.println(results.size() + " seeds, " + violations + " violations");
        return violations == 0 ? 0 : 1;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
