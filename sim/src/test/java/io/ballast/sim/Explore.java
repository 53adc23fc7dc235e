package io.ballast.sim;

import io.ballast.core.consensus.SafetyRules;

/** Manual exploration (not a test): java ... Explore scenario lock|persist|safe all|honest from to [validators]. */
public final class Explore {
    public static void main(String[] args) {
        Scenario scenario = Scenario.named(args[0]);
        SafetyRules rules = switch (args[1]) {
            case "lock" -> SafetyRules.unsafeWithoutLock();
            case "persist" -> SafetyRules.unsafeWithoutPersistBeforeSign();
            default -> SafetyRules.SAFE;
        };
        boolean all = args[2].equals("all");
        long from = Long.parseLong(args[3]);
        long to = Long.parseLong(args[4]);
        int validators = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        int found = 0;
        long against = 0;
        long partial = 0;
        long doubles = 0;
        long healHeights = 0;
        long start = System.nanoTime();
        for (long seed = from; seed <= to; seed++) {
            Simulation sim = new Simulation(new SimOptions(scenario, seed, validators, rules, all ? rules : SafetyRules.SAFE));
            SeedResult r = sim.run();
            against += sim.prevotesAgainstLock;
            partial += sim.partialCommits;
            doubles += sim.honestDoubleVotes;
            healHeights += sim.healHeight() == null ? 0 : sim.healHeight();
            if (!r.ok()) {
                found++;
                System.out.println("seed " + seed + " n=" + r.validators() + " " + r.violation());
            }
        }
        System.out.println("found " + found + " in " + (to - from + 1) + " seeds, " + (System.nanoTime() - start) / 1_000_000 + " ms; prevotes against the lock " + against + "; partial commits " + partial + "; heights at heal " + healHeights + "; honest double votes " + doubles);
    }
}
