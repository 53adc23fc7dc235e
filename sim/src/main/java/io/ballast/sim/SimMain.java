package io.ballast.sim;

import io.ballast.core.consensus.SafetyRules;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bin/ballast sim --seeds N [--scenario NAME|all] [--validators N] [--seed S] [--threads T]}.
 *
 * <p>Runs seeds S .. S+N−1 (S defaults to 1; {@code --seed S} alone runs just S); with
 * {@code --scenario all} (the default) seed i runs scenario i mod 12. Progress goes to {@code err};
 * the per-scenario table and every violation with its replay command go to {@code out}. Exit code
 * 0 when every invariant held, 1 on a violation, 2 on bad arguments. {@code --scenario options-feedback}
 * (not part of {@code all}) also prints what the options feedback loop measured per seed. {@code --unsafe lock|persist}
 * switches one safety rule off on every validator (planted-bug runs only; the replay command of such
 * a violation carries it). {@code --observe-ms M} runs each seed M simulated ms longer after its liveness check
 * passed (the report's seeds: latency after the heal), and the replay command carries it. The scenarios built for the
 * report ({@link Scenario#MEASURED}) run by name; {@code all} means the {@link Scenario#ALL} list.
 */
public final class SimMain {
    private SimMain() {}

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Integer seeds = null;
        long firstSeed = 1;
        boolean seedGiven = false;
        String scenarioName = "all";
        int validators = 0;
        int threads = 1;
        String unsafe = null;
        long observeMillis = 0;
        try {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--seeds" -> seeds = Integer.parseInt(value(args, ++i, arg));
                    case "--seed" -> {
                        firstSeed = Long.parseLong(value(args, ++i, arg));
                        seedGiven = true;
                    }
                    case "--scenario" -> scenarioName = value(args, ++i, arg);
                    case "--validators" -> validators = Integer.parseInt(value(args, ++i, arg));
                    case "--threads" -> threads = Integer.parseInt(value(args, ++i, arg));
                    case "--unsafe" -> unsafe = value(args, ++i, arg);
                    case "--observe-ms" -> observeMillis = Long.parseLong(value(args, ++i, arg));
                    case "--help", "-h" -> {
                        out.println(usage());
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
            if (seeds == null) {
                seeds = seedGiven ? 1 : 100;
            }
            if (seeds < 1 || threads < 1 || threads > 64) {
                throw new IllegalArgumentException("--seeds ≥ 1 and --threads in 1..64");
            }
            if (validators != 0 && (validators < 4 || validators > 10)) {
                throw new IllegalArgumentException("--validators must be within 4..10");
            }
            List<Scenario> scenarios = scenarioName.equals("all") ? Scenario.ALL : List.of(Scenario.named(scenarioName));
            SafetyRules rules = SimOptions.rulesNamed(unsafe);
            if (!rules.isSafe()) {
                err.println("sim: UNSAFE test run: safety rule '" + unsafe + "' switched off on every validator");
            }
            if (observeMillis < 0 || observeMillis > SimOptions.MAX_OBSERVE_MILLIS) {
                throw new IllegalArgumentException("--observe-ms must be within 0.." + SimOptions.MAX_OBSERVE_MILLIS);
            }
            List<SimOptions> plan = new java.util.ArrayList<>();
            for (SimOptions options : SimRunner.plan(scenarios, firstSeed, seeds, validators, rules, rules)) {
                plan.add(options.withObserveMillis(observeMillis));
            }
            List<SeedResult> results = SimRunner.runAll(plan, threads, err);
            List<SimRunner.Summary> summaries = SimRunner.summarize(results);
            SimRunner.print(summaries, out);
            SimRunner.printOptionsLoop(results, out);
            long violations = results.stream().filter(r -> !r.ok()).count();
            out.println(results.size() + " seeds, " + violations + " violations");
            return violations == 0 ? 0 : 1;
        } catch (IllegalArgumentException bad) {
            err.println("sim: " + bad.getMessage());
            err.println(usage());
            return 2;
        }
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args.get(i);
    }

    static String usage() {
        return "usage: ballast sim [--seeds N] [--scenario all|" + String.join("|", Scenario.names()) + "|"
                + String.join("|", Scenario.measuredNames()) + "] [--validators 4..10] [--seed S] [--threads T]"
                + " [--observe-ms M] [--unsafe lock|persist (planted-bug runs)]";
    }
}
