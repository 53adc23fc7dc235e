package io.ballast.report;

import io.ballast.sim.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * A row of the report: one simulator scenario, run under seeds at every validator count of the campaign. The
 * description says in words what the scenario breaks (it is the same text for every campaign; the numbers never
 * are).
 */
public enum FaultClass {
    NONE("none", "happy", "No fault: the baseline every other class is read against."),
    CRASH_RESTART("crash-restart", "crash-restart",
            "Honest validators crash (also right after signing) and restart from what they persisted; others pause."),
    PARTITION("partition", "partition", "Random two-sided partitions of 0.1–1.6 s, half of them one-way."),
    FLAPPING("flapping", "flapping", "A partition that appears for 20–200 ms and heals for 50–500 ms, over and over."),
    LOSSY("lossy", "lossy", "1–12 % of messages dropped, up to 10 % duplicated, up to 15 % delayed by 50–950 ms."),
    LATENCY("latency", "latency", "Every message to or from 1..n validators is 100–800 ms late (±10 %)."),
    EQUIVOCATION("byzantine-equivocation", "byzantine-equivocation",
            "Byzantine leaders (< 1/3 of the stake) fork their proposals and double-vote; partitions, loss and crashes."),
    TWINS("twins", "twins", "Two instances share one Byzantine key, each talking to its own side of per-round partitions."),
    WITHHOLDING("withholding", "withholding", "Byzantine validators withhold their votes and some proposals."),
    CENSORSHIP("censorship", "censorship",
            "A Byzantine validator drops every transaction of two traders it has chosen to censor."),
    GARBAGE("garbage", "garbage", "Random bytes, oversized messages, broken signatures and forged transactions."),
    LYING_ORACLES("lying-oracles", "lying-oracles",
            "One of four oracle operators reports wild prices, replays old reports and backdates new ones."),
    COMBINED("combined", "combined", "Everything above at once, with one Byzantine behaviour drawn per seed."),
    LOST_BEFORE_HEAL("lost-before-heal", "lost-before-heal",
            "In the last seconds before the heal most votes are lost and honest validators crash right after voting."),
    CONGESTION("congestion", "congestion",
            "200 more traders join one by one until blocks are full and the mempool is deep; three sharp price moves."),
    STAKE_THRESHOLD("stake-threshold", "stake-threshold",
            "Honest validators crash one at a time until more than 1/3 of the stake is down; all return at the heal."),
    MARKET_CRASH("market-crash", "market-crash",
            "The price falls 25–45 % in 1–3 s while every oracle is silent for 2.6–5 s; the insurance fund is 500 USD."),
    OPTIONS_FEEDBACK("options-feedback", "options-feedback",
            "Options on the index; the true volatility jumps 6–10× while 24 option traders delta-hedge into blocks of 24 "
                    + "transactions, with message loss and paused validators; every liquidation is audited at the true "
                    + "price and volatility."),
    CHURN("churn", "churn",
            "On a staking genesis: two validators join by bonding, one unbonds and leaves, one is down past the downtime "
                    + "window and jailed, then unjails; a Byzantine one equivocates at an epoch's last height and is "
                    + "slashed in the next epoch; message loss.");

    private final String id;
    private final String scenario;
    private final String description;

    FaultClass(String id, String scenario, String description) {
        this.id = id;
        this.scenario = scenario;
        this.description = description;
    }

    /** The name on the command line and in report.json. */
    public String id() {
        return id;
    }

    public Scenario scenario() {
        return Scenario.named(scenario);
    }

    public String description() {
        return description;
    }

    public static FaultClass byId(String id) {
        for (FaultClass c : values()) {
            if (c.id.equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown class '" + id + "'; known: " + ids());
    }

    public static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (FaultClass c : values()) {
            ids.add(c.id);
        }
        return ids;
    }
}
