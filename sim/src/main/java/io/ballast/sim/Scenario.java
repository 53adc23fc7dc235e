package io.ballast.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A named fault model: which faults the seeded adversary may draw during the fault phase of a run.
 * Everything a scenario enables is still drawn per seed (when, where, how long, how much).
 *
 * @param crashes        honest validators crash and restart from their durable store (also right after signing)
 * @param pauses         honest validators stop processing for a while (their inbox and timers wait)
 * @param partitions     random two-sided partitions, sometimes one-way
 * @param flapping       partitions that appear and heal every few tens to hundreds of milliseconds
 * @param lossy          drops, duplicates, reordering and long delays
 * @param byzantine      what the Byzantine validators (stake &lt; 1/3) do
 * @param lyingOracles   up to f oracle operators report wild prices and replay stale reports
 * @param votesLostBeforeHeal in the last 0.3–2 s before the heal most votes are dropped and honest validators
 *                       crash right after signing (they restart at the heal): progress after the heal must not
 *                       depend on anything sent before it
 * @param optionsFeedback the delta/gamma feedback loop ({@link FeedbackLoop}): options on the index, volatility
 *                       jumps, gamma hedgers flood small blocks; liquidations are audited against the true price
 */
public record Scenario(String name, boolean crashes, boolean pauses, boolean partitions, boolean flapping,
                       boolean lossy, Byzantine byzantine, boolean lyingOracles, boolean votesLostBeforeHeal,
                       boolean optionsFeedback) {

    public Scenario(String name, boolean crashes, boolean pauses, boolean partitions, boolean flapping,
                    boolean lossy, Byzantine byzantine, boolean lyingOracles) {
        this(name, crashes, pauses, partitions, flapping, lossy, byzantine, lyingOracles, false, false);
    }

    public Scenario(String name, boolean crashes, boolean pauses, boolean partitions, boolean flapping,
                    boolean lossy, Byzantine byzantine, boolean lyingOracles, boolean votesLostBeforeHeal) {
        this(name, crashes, pauses, partitions, flapping, lossy, byzantine, lyingOracles, votesLostBeforeHeal, false);
    }

    /** Behaviours of Byzantine validators (at most f of them; twins count as one). */
    public enum Byzantine {
        NONE,
        /** Leader sends two different proposals (always fresh, ignoring its lock) and double-votes. */
        EQUIVOCATION,
        /** Two validator instances share one key, each connected to a different part of the network. */
        TWINS,
        /** Withholds its votes (all, or to some peers) and sometimes its proposals. */
        WITHHOLDING,
        /** As leader, never includes some accounts' transactions (drops them before its mempool). */
        CENSORSHIP,
        /** Garbage and oversized messages, flipped bytes (invalid signatures), forged transactions in its blocks. */
        GARBAGE,
        /** WITHHOLDING or TWINS, drawn per seed (the votes-lost-before-heal scenario: no spare vote after the heal). */
        WITHHOLDING_OR_TWINS,
        /** A random one of the above per seed (the combined scenario). */
        ANY
    }

    public static final List<Scenario> ALL = List.of(
            new Scenario("happy", false, false, false, false, false, Byzantine.NONE, false),
            new Scenario("crash-restart", true, true, false, false, false, Byzantine.NONE, false),
            new Scenario("partition", false, false, true, false, false, Byzantine.NONE, false),
            new Scenario("flapping", false, false, true, true, false, Byzantine.NONE, false),
            new Scenario("lossy", false, false, false, false, true, Byzantine.NONE, false),
            new Scenario("byzantine-equivocation", true, false, true, false, true, Byzantine.EQUIVOCATION, false),
            new Scenario("twins", true, false, true, false, true, Byzantine.TWINS, false),
            new Scenario("withholding", false, false, false, false, true, Byzantine.WITHHOLDING, false),
            new Scenario("censorship", false, false, false, false, true, Byzantine.CENSORSHIP, false),
            new Scenario("garbage", false, false, false, false, true, Byzantine.GARBAGE, false),
            new Scenario("lying-oracles", false, false, false, false, true, Byzantine.NONE, true),
            new Scenario("combined", true, true, true, true, true, Byzantine.ANY, true),
            new Scenario("lost-before-heal", true, false, true, false, true, Byzantine.WITHHOLDING_OR_TWINS, false,
                    true));

    /**
     * Measurement scenarios: run by name only ({@code --scenario options-feedback}), not by {@code all}, so the
     * seed-to-scenario map of {@code all} and CI's seed sets stay as they were. Every invariant still holds in them.
     */
    public static final List<Scenario> MEASUREMENTS = List.of(
            new Scenario("options-feedback", false, true, false, false, true, Byzantine.NONE, false, false, true));

    public static Scenario named(String name) {
        for (Scenario scenario : ALL) {
            if (scenario.name.equals(name)) {
                return scenario;
            }
        }
        for (Scenario scenario : MEASUREMENTS) {
            if (scenario.name.equals(name)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + names());
    }

    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Scenario scenario : ALL) {
            names.add(scenario.name);
        }
        for (Scenario scenario : MEASUREMENTS) {
            names.add(scenario.name);
        }
        return names;
    }
}
