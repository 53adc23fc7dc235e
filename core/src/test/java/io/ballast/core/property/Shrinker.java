package io.ballast.core.property;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Proposes smaller versions of a failing input, most aggressive first. {@link PropertyCheck} takes
 * the first proposal that still fails and asks again, until none fails.
 */
@FunctionalInterface
public interface Shrinker<T> {

    /** A smaller input and what was taken away ("first 3 of 8 blocks"). */
    record Candidate<T>(T value, String step) {}

    List<Candidate<T>> candidates(T failing);

    /** No shrinking: the generated input is reported as it is. */
    static <T> Shrinker<T> none() {
        return failing -> List.of();
    }

    /**
     * Shorter lists: every proper prefix, shortest first (so the first one that fails is the shortest failing
     * prefix), then the list without one element, for each element.
     *
     * @param minSize the shortest list the generator could have produced
     * @param noun    what an element is called in the step descriptions ("blocks")
     */
    static <E> List<Candidate<List<E>>> shorterLists(List<E> list, int minSize, String noun) {
        List<Candidate<List<E>>> out = new ArrayList<>();
        for (int k = minSize; k < list.size(); k++) {
            out.add(new Candidate<>(List.copyOf(list.subList(0, k)), "first " + k + " of " + list.size() + " " + noun));
        }
        if (list.size() > minSize) {
            for (int i = 0; i < list.size(); i++) {
                List<E> without = new ArrayList<>(list);
                without.remove(i);
                out.add(new Candidate<>(List.copyOf(without), "without " + noun + " " + i));
            }
        }
        return out;
    }

    /** Simpler numbers than {@code x}: 0, then half of it, then one step closer to 0 (distinct, never {@code x}). */
    static List<Long> towardZero(long x) {
        List<Long> out = new ArrayList<>();
        for (long v : new long[] {0, x / 2, x - Long.signum(x)}) {
            if (v != x && !out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    /** Candidates for a part of a value, each rebuilt into a whole value. */
    static <T, P> List<Candidate<T>> map(List<Candidate<P>> parts, Function<P, T> rebuild) {
        return parts.stream().map(c -> new Candidate<>(rebuild.apply(c.value()), c.step())).toList();
    }
}
