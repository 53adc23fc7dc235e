package io.ballast.sim;

/** What the simulator checks while a seed runs; a {@link SimViolation} names the one that failed. */
public enum Invariant {
    AGREEMENT("agreement", "one block hash per height across all honest validators, restarted ones included"),
    STATE_ROOT("state-root", "one state root per height across honest validators"),
    VALIDITY("validity", "every accepted receipt's signature verifies; no transaction accepted at two heights or twice in a block"),
    CONSERVATION("conservation", "collateral + pool cash + insurance fund (+ bonded stake and reward pool on a staking "
            + "genesis) = net deposits after every execution"),
    STALE_LIQUIDATION("stale-liquidation", "no position liquidated while its market is in safe mode"),
    LIVENESS("liveness", "after the heal every honest validator commits past the heal height and every client "
            + "transaction submitted before it gets a receipt within the bound"),
    HALT("halt", "no new height is committed more than 1 s after the stake online fell to 2/3 or less"),
    CRASH("crash", "no honest validator throws or fails to restore from its own store"),
    BYZANTINE_CRASH("byzantine-crash", "the validator code under a Byzantine host does not throw either"),
    IMPROPER_LIQUIDATION("improper-liquidation", "no liquidation that would not have happened at the true price and "
            + "volatility (scenario options-feedback, audited by a replica ledger)"),
    VALIDATOR_SET("validator-set", "on a staking genesis: every voting power backed by its bond, an applied election "
            + "gives each member its bond, at least 4 validators certify every block, no election moves more than a "
            + "third of the power, and consensus signs with the ledger's certifying set"),
    SLASHING("slashing", "on a staking genesis: no offender slashed twice for equivocation, none slashed for downtime "
            + "while jailed"),
    RUNAWAY("runaway", "a seed ends within " + Simulation.MAX_EVENTS + " events");

    private final String label;
    private final String checks;

    Invariant(String label, String checks) {
        this.label = label;
        this.checks = checks;
    }

    /** The short name printed in violations (and accepted nowhere as input). */
    public String label() {
        return label;
    }

    /** What is checked, in one sentence. */
    public String checks() {
        return checks;
    }
}
