package io.ballast.sim;

import io.ballast.core.consensus.SafetyRules;

public final class Debug {
    public static void main(String[] args) {
        Simulation sim = new Simulation(new SimOptions(Scenario.named(args[0]), Long.parseLong(args[1]), 0,
                SafetyRules.SAFE, SafetyRules.SAFE));
        SeedResult r = sim.run();
        System.out.println(r.violation() + "\nkind=" + sim.byzantineKind + " events=" + sim.events + " dropped="
                + sim.network.dropped + " delivered=" + sim.network.delivered);
        for (Endpoint e : sim.endpoints) {
            System.out.println(e.name() + " " + e.validator + " up=" + e.up + " crashes=" + e.crashes + " safety="
                    + e.validator.safetyState().height() + "/" + e.validator.safetyState().round() + "/"
                    + e.validator.safetyState().step() + " lockedRound=" + e.validator.safetyState().lockedRound()
                    + " awaitingSnapshot=" + e.validator.isAwaitingSnapshot() + " mempool=" + e.validator.mempool().size());
        }
    }
}
