package io.ballast.core.property;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts, over the tries of one property, how many reached each labelled branch, and fails (from an
 * {@code @AfterAll} method) when a branch was reached by fewer than its minimum share of tries: a
 * property that never reaches its interesting branch proves nothing. Not checked when one seed is
 * replayed.
 */
public final class Tally {
    private final String property;
    private final Map<String, Integer> reached = new TreeMap<>();
    private int tries;

    public Tally(String property) {
        this.property = property;
    }

    /** Records one try: for each label, whether the try reached it. */
    public synchronized void record(Map<String, Boolean> labels) {
        tries++;
        labels.forEach((label, hit) -> reached.merge(label, hit ? 1 : 0, Integer::sum));
    }

    /** Fails unless every label was reached by at least its minimum percentage of the recorded tries. */
    public synchronized void requireAtLeast(Map<String, Double> minimumPercent) {
        if (Seed.replaying() || tries == 0) {
            return;
        }
        StringBuilder missed = new StringBuilder();
        for (Map.Entry<String, Double> entry : new TreeMap<>(minimumPercent).entrySet()) {
            double percent = 100.0 * reached.getOrDefault(entry.getKey(), 0) / tries;
            if (percent < entry.getValue()) {
                missed.append(String.format(Locale.ROOT, "%n  %s: %.1f %% of tries, minimum %.1f %%",
                        entry.getKey(), percent, entry.getValue()));
            }
        }
        if (missed.length() > 0) {
            fail("coverage of " + property + " over " + tries + " tries is too low:" + missed + "\n  all: " + this);
        }
    }

    @Override
    public synchronized String toString() {
        StringBuilder out = new StringBuilder();
        reached.forEach((label, count) -> out.append(out.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.1f %%", label, 100.0 * count / tries)));
        return out.toString();
    }
}
