package io.ballast.sim;

import java.util.List;

/**
 * The outcome of one seed.
 *
 * @param unsafeRules         null with the production safety rules, else the switched-off rule (planted-bug runs)
 * @param observeMillis       how long the run went on after the liveness check passed (0: it stopped there)
 * @param violated            null when every invariant held
 * @param finalityMillis      per client transaction: simulated ms from first submission to first commit
 * @param recoverRounds       round of the certificate of the first block committed after the heal (-1 if none)
 * @param recoverMillis       simulated ms from the heal to that commit (-1 if none)
 * @param committedTxs        transactions in committed blocks (all, client and adversarial)
 * @param simulatedMillis     simulated time of the whole run
 * @param traceHash           digest of every processed event and commit: equal for equal seeds
 * @param metrics             what the seed measured for the resilience report
 * @param optionsLoop         what the options feedback loop measured (scenario options-feedback); null otherwise
 * @param churn               what a seed on a staking genesis measured (the churn scenarios); null otherwise
 */
public record SeedResult(String scenario, long seed, int validators, String unsafeRules, long observeMillis,
                         Invariant violated, String violation, List<Long> finalityMillis, int recoverRounds,
                         long recoverMillis, long committedTxs, long simulatedMillis, long height, long events,
                         String traceHash, SeedMetrics metrics, OptionsLoopResult optionsLoop,
                         ChurnResult churn) {
    public SeedResult {
        finalityMillis = List.copyOf(finalityMillis);
    }

    /** A seed on a genesis without staking. */
    public SeedResult(String scenario, long seed, int validators, String unsafeRules, long observeMillis,
                      Invariant violated, String violation, List<Long> finalityMillis, int recoverRounds,
                      long recoverMillis, long committedTxs, long simulatedMillis, long height, long events,
                      String traceHash, SeedMetrics metrics, OptionsLoopResult optionsLoop) {
        this(scenario, seed, validators, unsafeRules, observeMillis, violated, violation, finalityMillis, recoverRounds,
                recoverMillis, committedTxs, simulatedMillis, height, events, traceHash, metrics, optionsLoop, null);
    }

    public boolean ok() {
        return violation == null;
    }

    /** The one command that replays this seed exactly. */
    public String replayCommand() {
        return "bin/ballast sim --scenario " + scenario + " --seed " + seed + " --validators " + validators
                + (observeMillis == 0 ? "" : " --observe-ms " + observeMillis)
                + (unsafeRules == null ? "" : " --unsafe " + unsafeRules);
    }
}
