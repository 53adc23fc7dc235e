package io.ballast.report;

import java.util.List;

/** One fault class: its verdict and its numbers at each validator count. */
public record ClassReport(FaultClass faultClass, Verdict verdict, List<AtValidators> byValidators) {
    public ClassReport {
        byValidators = List.copyOf(byValidators);
    }

    /** The worst that happened, computed from the numbers (see {@link Verdicts}). */
    public enum Verdict {
        /** Every invariant held, no improper liquidation, and p99 finality within twice the no-fault p99. */
        HELD,
        /** Safe and live, but p99 finality more than twice the no-fault p99. */
        SLOWER,
        /** An invariant failed or a position was liquidated on a price no honest oracle saw. */
        VIOLATED
    }

    /**
     * @param command the command that reproduces every number of this class at this validator count
     */
    public record AtValidators(int validators, String command, Metric seeds, Metric violations, Finality finality,
                               Hangover hangover, Recovery recovery, Market market) {}

    /** Client transactions: first submission to first commit. Null percentiles when no transaction got a receipt. */
    public record Finality(Metric transactions, Metric p50, Metric p99, Metric max, Series cdf) {}

    /**
     * After the heal.
     *
     * @param noFaultMax          the healthy bound: the largest finality of the no-fault class at this validator count
     * @param p50                 per seed, heal → commit of the last transaction slower than the bound (0 if none)
     * @param stillElevatedSeeds  seeds whose last transaction was still slower than the bound when the run ended
     * @param afterHealP99        p99 finality of transactions submitted after the heal
     */
    public record Hangover(Metric noFaultMax, Metric p50, Metric p99, Metric max, Metric stillElevatedSeeds,
                           Metric afterHealP99) {}

    /** Heal → the first block committed after it (seeds that committed one). */
    public record Recovery(Metric seeds, Metric roundsP50, Metric roundsMax, Metric millisP50, Metric millisP99,
                           Metric millisMax) {}

    /**
     * The ledger's side: liquidations, safe mode and the loss waterfall, summed over the seeds. Liquidations are
     * perpetual fills; improper ones are fills at a mark outside the true price range, plus (class options-feedback)
     * accounts the loop's audit found at or above maintenance at the true price and volatility.
     */
    public record Market(Metric liquidations, Metric improperLiquidations, Metric safeModeBlocks, Metric slippageP50,
                         Metric slippageMax, Metric badDebtUsd, Metric insuranceDraws, Metric adlEvents,
                         Metric poolAbsorbedUsd) {}
}
