package io.ballast.core.property;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.opentest4j.AssertionFailedError;

/**
 * Runs one try of a seeded property: generates the input from the {@link Seed}, checks it, and on
 * failure shrinks the input and fails with a message that names the seed, the command that
 * replays it, the shrinking steps and the smallest input that still fails.
 *
 * <p>Only the first failing try of a property in a run is shrunk (when an implementation is broken, most tries
 * may fail); the others report their seed and input as generated.
 *
 * <p>Any {@link AssertionError} or {@link RuntimeException} is a failure (an exception out of the
 * code under test is as much a counterexample as a failed assertion). While shrinking, a smaller
 * input counts as failing only if it fails with the same kind of throwable.
 */
public final class PropertyCheck {
    /** Shrinking stops after this many extra runs of the property. */
    static final int MAX_SHRINK_RUNS = 400;
    /** Properties that have already shrunk a failure in this run: their later failures are reported as generated. */
    private static final Set<String> SHRUNK = ConcurrentHashMap.newKeySet();

    private PropertyCheck() {}

    /** Checks {@code property} on the input generated from {@code seed}. */
    public static <T> void check(Seed seed, Function<Gen, T> generator, Shrinker<T> shrinker, Consumer<T> property) {
        run(seed, generator, shrinker, input -> {
            property.accept(input);
            return null;
        });
    }

    /**
     * Checks {@code property} on the input generated from {@code seed}, and returns which labelled branches the
     * try reached, for a {@link Tally}. Inputs tried while shrinking are not counted.
     */
    public static <T> Map<String, Boolean> checkWithCoverage(Seed seed, Function<Gen, T> generator, Shrinker<T> shrinker,
                                                             Function<T, Map<String, Boolean>> property) {
        return run(seed, generator, shrinker, property);
    }

    private static <T, R> R run(Seed seed, Function<Gen, T> generator, Shrinker<T> shrinker, Function<T, R> property) {
        T input;
        try {
            input = generator.apply(seed.gen());
        } catch (RuntimeException e) {
            throw new AssertionFailedError(headline(seed) + "\n  the generator failed: " + e, e);
        }
        try {
            return property.apply(input);
        } catch (AssertionError | RuntimeException failure) {
            throw shrunk(seed, input, failure, shrinker, property);
        }
    }

    private static <T, R> AssertionFailedError shrunk(Seed seed, T input, Throwable original, Shrinker<T> shrinker,
                                                     Function<T, R> property) {
        T smallest = input;
        Throwable failure = original;
        List<String> steps = new ArrayList<>();
        int runs = 0;
        boolean first = SHRUNK.add(seed.test());
        boolean progress = first;
        while (progress && runs < MAX_SHRINK_RUNS) {
            progress = false;
            for (Shrinker.Candidate<T> candidate : shrinker.candidates(smallest)) {
                if (runs++ >= MAX_SHRINK_RUNS) {
                    break;
                }
                Throwable t = failureOf(property, candidate.value());
                if (t != null && t.getClass() == original.getClass()) {
                    smallest = candidate.value();
                    failure = t;
                    steps.add(candidate.step());
                    progress = true;
                    break;
                }
            }
        }
        StringBuilder message = new StringBuilder(headline(seed));
        message.append("\n  replay: ").append(seed.replayCommand());
        if (!first) {
            message.append("\n  not shrunk (an earlier try of this property was)\n  input: ").append(input);
        } else if (steps.isEmpty()) {
            message.append("\n  input (no smaller input fails): ").append(input);
        } else {
            message.append("\n  shrunk in ").append(runs).append(" runs, ").append(steps.size()).append(" steps: ")
                    .append(String.join("; ", steps.size() <= 8 ? steps
                            : List.of(steps.get(0), steps.get(1), steps.get(2), "…", steps.get(steps.size() - 2),
                                    steps.get(steps.size() - 1))));
            message.append("\n  smallest failing input: ").append(smallest);
        }
        message.append("\n  failure: ").append(failure);
        if (failure != original) {
            message.append("\n  failure of the generated input: ").append(original);
        }
        AssertionFailedError error = new AssertionFailedError(message.toString(), failure);
        if (failure != original) {
            error.addSuppressed(original);
        }
        return error;
    }

    private static <T, R> Throwable failureOf(Function<T, R> property, T input) {
        try {
            property.apply(input);
            return null;
        } catch (AssertionError | RuntimeException failure) {
            return failure;
        }
    }

    private static String headline(Seed seed) {
        return "property " + seed.test().substring(seed.test().lastIndexOf('.') + 1) + " failed on " + seed;
    }
}
