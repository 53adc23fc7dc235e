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
 * @param stress         the measured stress of the scenarios built for the resilience report ({@link #MEASURED})
 * @param optionsFeedback the delta/gamma feedback loop ({@link FeedbackLoop}): options on the index, volatility
 *                       jumps, gamma hedgers flood small blocks; liquidations are audited against the true price
 * @param churn          validator churn on a staking genesis ({@link Churn}): validators join by bonding, leave by
 *                       unbonding, one is jailed for downtime and unjails, a Byzantine one equivocates at an epoch's
 *                       last height and is slashed in the next epoch; the staking invariants are checked per block
 */
public record Scenario(String name, boolean crashes, boolean pauses, boolean partitions, boolean flapping,
                       boolean lossy, Byzantine byzantine, boolean lyingOracles, boolean votesLostBeforeHeal,
                       Stress stress, boolean optionsFeedback, boolean churn) {

    public Scenario(String name, boolean crashes, boolean pauses, boolean partitions, boolean flapping,
                    boolean lossy, Byzantine byzantine, boolean lyingOracles, boolean votesLostBeforeHeal,
                    Stress stress, boolean optionsFeedback) {
        this(name, crashes, pauses, partitions, flapping, lossy, byzantine, lyingOracles, votesLostBeforeHeal, stress,
                optionsFeedback, false);
    }

    public Scenario(String name, boolean crashes, boolean pauses, boolean partitions, boolean flapping,
                    boolean lossy, Byzantine byzantine, boolean lyingOracles) {
        this(name, crashes, pauses, partitions, flapping, lossy, byzantine, lyingOracles, false, Stress.NONE, false);
    }

    public Scenario(String name, boolean crashes, boolean pauses, boolean partitions, boolean flapping,
                    boolean lossy, Byzantine byzantine, boolean lyingOracles, boolean votesLostBeforeHeal) {
        this(name, crashes, pauses, partitions, flapping, lossy, byzantine, lyingOracles, votesLostBeforeHeal,
                Stress.NONE, false);
    }

    private static Scenario measured(String name, Stress stress) {
        return new Scenario(name, false, false, false, false, false, Byzantine.NONE, false, false, stress, false);
    }

    /** What the scenarios of {@link #MEASURED} add during the fault phase (and nothing else). */
    public enum Stress {
        NONE,
        /**
         * Every message to or from a drawn set of 1..n validators is delayed by a drawn 100–800 ms (±10 % per
         * message): slow links, not lost ones.
         */
        LATENCY,
        /**
         * 200 more traders (leveraged positions, then small trades, one transaction in flight each) join one by one
         * over the fault phase and stop at the heal: blocks (of at most 64 transactions) fill up and the mempool deepens; three sharp price
         * moves of 6–15 % liquidate some of them at different fills. The market charges liquidation slippage for
         * congestion.
         */
        CONGESTION,
        /**
         * The price falls 25–45 % within 1–3 s; every oracle operator is silent for 2.6–5 s from the fall on (safe
         * mode; the outage ends at the heal at the latest); 24 more leveraged traders; an insurance fund of 500 USD,
         * so deficits reach auto-deleveraging and the pool.
         */
        MARKET_CRASH,
        /**
         * Honest validators crash one at a time, f + 1 of them, so the stake online falls below the 2/3 quorum;
         * all of them restart at the heal.
         */
        STAKE_THRESHOLD
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
        ANY,
        /** TWINS, WITHHOLDING, CENSORSHIP or GARBAGE, drawn per seed (churn with Byzantine behaviour besides equivocation). */
        ANY_BUT_EQUIVOCATION
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
     * Scenarios that measure (the resilience report's, {@code bin/ballast report}, the options feedback loop and the
     * validator churn on a staking genesis), run by name only: they are not in {@link #ALL}, so {@code --scenario all}
     * and CI's seed sets (seed i runs scenario i mod |ALL|) stay what they were. Every invariant still holds in them.
     */
    public static final List<Scenario> MEASURED = List.of(
            measured("latency", Stress.LATENCY),
            measured("congestion", Stress.CONGESTION),
            measured("market-crash", Stress.MARKET_CRASH),
            measured("stake-threshold", Stress.STAKE_THRESHOLD),
            new Scenario("options-feedback", false, true, false, false, true, Byzantine.NONE, false, false, Stress.NONE,
                    true),
            new Scenario("churn", false, false, false, false, true, Byzantine.EQUIVOCATION, false, false, Stress.NONE,
                    false, true),
            new Scenario("churn-byzantine", false, false, true, false, true, Byzantine.ANY_BUT_EQUIVOCATION, false, false,
                    Stress.NONE, false, true));

    public static Scenario named(String name) {
        for (List<Scenario> list : List.of(ALL, MEASURED)) {
            for (Scenario scenario : list) {
                if (scenario.name.equals(name)) {
                    return scenario;
                }
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + names() + " and "
                + measuredNames());
    }

    public static List<String> measuredNames() {
        List<String> names = new ArrayList<>();
        for (Scenario scenario : MEASURED) {
            names.add(scenario.name);
        }
        return names;
    }

    /** Names of {@link #ALL}. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Scenario scenario : ALL) {
            names.add(scenario.name);
        }
        return names;
    }
}
