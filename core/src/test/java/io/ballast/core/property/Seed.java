package io.ballast.core.property;

import java.util.Locale;

/**
 * One try of a seeded property: the seed its input is generated from, and where it stands in the
 * run. Shown as the name of each {@code @ParameterizedTest} invocation, so a failing try names its
 * seed even before the failure message does.
 *
 * @param value  the seed: the same value generates the same input on any JVM
 * @param test   {@code Class#method} of the property, for the replay command
 * @param index  1-based try number
 * @param tries  how many tries this run makes (1 when a seed is replayed)
 */
public record Seed(long value, String test, int index, int tries) {

    /** A fresh generator for this seed. */
    public Gen gen() {
        return new Gen(value);
    }

    /** The seed as {@code -Dballast.seed} accepts it. */
    public String hex() {
        return String.format(Locale.ROOT, "0x%016x", value);
    }

    /** The command that runs exactly this try again. */
    public String replayCommand() {
        String className = test.substring(0, test.indexOf('#'));
        String simpleName = className.substring(className.lastIndexOf('.') + 1);
        return "mvn -B -o test -pl core -Dtest='" + simpleName + test.substring(test.indexOf('#')) + "' -D"
                + Seeds.SEED_PROPERTY + "=" + hex();
    }

    /** Whether this run replays one seed given on the command line (coverage minimums are then not checked). */
    public static boolean replaying() {
        return System.getProperty(Seeds.SEED_PROPERTY) != null;
    }

    /** Parses {@code 0x}-prefixed hexadecimal (as printed) or decimal. */
    public static long parse(String text) {
        String t = text.trim();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            return Long.parseUnsignedLong(t.substring(2), 16);
        }
        return Long.parseLong(t);
    }

    @Override
    public String toString() {
        return "try " + index + "/" + tries + ", seed " + hex();
    }
}
