package io.ballast.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The verdict of a class and its paragraph in plain words, both computed from the class's numbers (report.json holds
 * the verdict and the numbers, never the words).
 */
final class Verdicts {
    /** SLOWER when p99 finality exceeds the no-fault p99 by more than this factor. */
    static final int SLOWER_FACTOR = 2;

    private Verdicts() {}

    static ClassReport.Verdict verdict(List<ClassReport.AtValidators> byN, List<ClassReport.AtValidators> baseline) {
        boolean slower = false;
        for (ClassReport.AtValidators at : byN) {
            if (at.violations().value() > 0 || at.market().improperLiquidations().value() > 0) {
                return ClassReport.Verdict.VIOLATED;
            }
            ClassReport.AtValidators base = find(baseline, at.validators());
            Metric p99 = at.finality().p99();
            Metric baseP99 = base == null ? null : base.finality().p99();
            slower |= p99 != null && baseP99 != null && p99.value() > SLOWER_FACTOR * baseP99.value();
        }
        return slower ? ClassReport.Verdict.SLOWER : ClassReport.Verdict.HELD;
    }

    /**
     * The options feedback loop's verdict: VIOLATED when a seed broke an invariant or the audit found one improper
     * liquidation (an account liquidated that was at or above maintenance at the true price and volatility); SLOWER
     * when the clients' p99 finality from the volatility jump on exceeds {@link #SLOWER_FACTOR} × the no-fault p99 at
     * the same validator count; HELD otherwise.
     */
    static ClassReport.Verdict options(List<OptionsReport.AtValidators> byN) {
        boolean slower = false;
        for (OptionsReport.AtValidators at : byN) {
            if (at.violations().value() > 0 || at.improper().value() > 0) {
                return ClassReport.Verdict.VIOLATED;
            }
            Metric p99 = at.load().afterJumpP99();
            Metric baseP99 = at.load().baselineP99();
            slower |= p99 != null && baseP99 != null && p99.value() > SLOWER_FACTOR * baseP99.value();
        }
        return slower ? ClassReport.Verdict.SLOWER : ClassReport.Verdict.HELD;
    }

    /** The options section's paragraph, from its numbers. */
    static String optionsParagraph(OptionsReport report) {
        List<String> sentences = new ArrayList<>();
        for (OptionsReport.AtValidators at : report.byValidators()) {
            long improper = at.improper().value();
            sentences.add("With " + at.validators() + " validators the true volatility jumped "
                    + Format.value(at.volJumpP50()) + " at the median (at most " + Format.value(at.volJumpMax())
                    + "); " + plural(at.liquidations().value(), "account") + " liquidated (" + plural(at.perpFills().value(),
                    "perpetual fill") + ", " + plural(at.optionFills().value(), "option fill") + "), "
                    + (improper == 0 ? "none" : improper + " (IMPROPER)") + " of them above maintenance at the true price "
                    + "and volatility; " + plural(at.safeModeBlocks().value(), "block") + " of "
                    + Format.value(at.blocks()) + " in safe mode, " + Format.value(at.fullBlocks()) + " full. Client "
                    + "transactions were final within " + Format.value(at.load().afterJumpP99()) + " at p99 from the "
                    + "jump on, " + Format.value(at.load().beforeJumpP99()) + " before it and "
                    + Format.value(at.load().baselineP99()) + " without faults.");
        }
        long expired = report.byValidators().stream().mapToLong(at -> at.seriesExpired().value()).sum();
        long delayed = report.byValidators().stream().mapToLong(at -> at.settlementsDelayed().value()).sum();
        sentences.add(expired == 0 ? "No option series reached its expiry within a run, so settlement on a stale index "
                + "was not exercised." : plural(expired, "expiry") + " within the runs; " + delayed
                + " of them waited for a fresh index before settling.");
        return String.join(" ", sentences);
    }

    static String word(ClassReport.Verdict verdict) {
        return switch (verdict) {
            case HELD -> "held";
            case SLOWER -> "held, slower";
            case VIOLATED -> "violated";
        };
    }

    private static ClassReport.AtValidators find(List<ClassReport.AtValidators> list, int n) {
        for (ClassReport.AtValidators at : list) {
            if (at.validators() == n) {
                return at;
            }
        }
        return null;
    }

    static String paragraph(ReportModel model, ClassReport report) {
        ClassReport baseline = model.classReport(FaultClass.NONE);
        List<String> sentences = new ArrayList<>();
        sentences.add(lead(report));
        sentences.add(finality(report, baseline));
        if (report.faultClass() != FaultClass.NONE) {
            String recovery = recovery(report);
            if (recovery != null) {
                sentences.add(recovery);
            }
            sentences.add(hangover(report));
        }
        String market = market(report);
        if (market != null) {
            sentences.add(market);
        }
        String special = special(model, report.faultClass());
        if (special != null) {
            sentences.add(special);
        }
        return String.join(" ", sentences);
    }

    private static String lead(ClassReport report) {
        long seeds = sum(report, at -> at.seeds());
        long violations = sum(report, at -> at.violations());
        long improper = sum(report, at -> at.market().improperLiquidations());
        String verdict = switch (report.verdict()) {
            case HELD -> "Held.";
            case SLOWER -> "Held, but slower.";
            case VIOLATED -> "VIOLATED.";
        };
        String safety = violations == 0 ? "every invariant held" : plural(violations, "run") + " broke an invariant (see Safety)";
        String liquidation = improper == 0 ? "" : "; " + plural(improper, "position") + " liquidated on a price no honest "
                + "oracle reported";
        long perN = report.byValidators().get(0).seeds().value();
        return verdict + " " + plural(perN, "seed") + (report.byValidators().size() > 1 ? " at each of " : " at ")
                + counts(report) + " validators (" + seeds + " runs): " + safety + liquidation + ".";
    }

    private static String finality(ClassReport report, ClassReport baseline) {
        String measured = perN(report, at -> at.finality().p50() == null ? "no transaction got a receipt"
                : Format.value(at.finality().p50()) + " at the median, " + Format.value(at.finality().p99())
                + " at p99 and " + Format.value(at.finality().max()) + " at worst");
        if (report.faultClass() == FaultClass.NONE) {
            return "Without faults, client transactions were final within " + measured + "; that worst case is the "
                    + "healthy bound the other classes are read against after their heal.";
        }
        String base = perN(baseline, at -> Format.value(at.finality().p99()) + " at p99");
        return "Client transactions were final within " + measured + " (no faults: " + base + ").";
    }

    private static String recovery(ClassReport report) {
        long recovered = sum(report, at -> at.recovery().seeds());
        if (recovered == 0) {
            return null;
        }
        return "After the heal the first block followed within " + perN(report, at -> at.recovery().millisP50() == null
                ? "none" : Format.value(at.recovery().millisP50()) + " (p99 " + Format.value(at.recovery().millisP99())
                + ", at most " + plural(at.recovery().roundsMax().value(), "extra round") + ")") + ".";
    }

    private static String hangover(ClassReport report) {
        long still = sum(report, at -> at.hangover().stillElevatedSeeds());
        String back = perN(report, at -> at.hangover().p50() == null ? "unmeasured"
                : Format.value(at.hangover().p50()) + " at the median and " + Format.value(at.hangover().p99())
                + " at p99 (bound " + Format.value(at.hangover().noFaultMax()) + ")");
        return "Latency was back under the no-fault worst case " + back + " after the heal"
                + (still == 0 ? "." : "; in " + still + " seeds it was still above it when the run ended.");
    }

    private static String market(ClassReport report) {
        long liquidations = sum(report, at -> at.market().liquidations());
        long safeMode = sum(report, at -> at.market().safeModeBlocks());
        long badDebt = sum(report, at -> at.market().badDebtUsd());
        if (liquidations == 0 && safeMode == 0 && badDebt == 0) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (liquidations > 0) {
            long improper = sum(report, at -> at.market().improperLiquidations());
            parts.add(plural(liquidations, "position") + " liquidated, " + (improper == 0
                    ? "none on a price no honest oracle reported" : improper + " on a price no honest oracle reported"));
        }
        if (safeMode > 0) {
            parts.add(plural(safeMode, "block") + " in safe mode (no liquidations on a stale price)");
        }
        if (badDebt > 0) {
            parts.add("deficits of " + Format.usd(badDebt) + " covered (" + plural(sum(report,
                    at -> at.market().insuranceDraws()), "insurance draw") + ", " + plural(sum(report,
                    at -> at.market().adlEvents()), "ADL event") + ", " + Format.usd(sum(report,
                    at -> at.market().poolAbsorbedUsd())) + " by the pool)");
        }
        return capitalize(String.join("; ", parts)) + ".";
    }

    private static String special(ReportModel model, FaultClass faultClass) {
        return switch (faultClass) {
            case CENSORSHIP -> model.censorship() == null ? null : "The censored traders' transactions were final within "
                    + String.join("; ", model.censorship().byValidators().stream().map(at -> Format.value(at.censored().p50())
                    + " at the median and " + Format.value(at.censored().p99()) + " at p99 against "
                    + Format.value(at.others().p50()) + " and " + Format.value(at.others().p99())
                    + " for everyone else (n = " + at.validators() + ")").toList()) + ".";
            case STAKE_THRESHOLD -> model.threshold() == null ? null : String.join(" ",
                    model.threshold().byValidators().stream().map(at -> "With " + at.validators() + " validators commits "
                            + "need " + Format.value(at.quorumStake()) + " of " + Format.value(at.totalStake())
                            + " stake; below it " + Format.value(at.heightsCommittedWhileHalted())
                            + " heights were committed, " + Format.value(at.forks()) + " seeds forked, and commits resumed "
                            + Format.value(at.recoverMillisP50()) + " after the stake returned (p99 "
                            + Format.value(at.recoverMillisP99()) + ").").toList());
            case CONGESTION -> {
                List<String> parts = new ArrayList<>();
                for (LiquidationReport.AtValidators at : model.liquidations().byValidators()) {
                    LiquidationReport.FillBucket low = at.buckets().get(0);
                    LiquidationReport.FillBucket full = at.buckets().get(at.buckets().size() - 1);
                    if (low.slippageP50() != null && full.slippageP50() != null) {
                        parts.add("with " + at.validators() + " validators liquidation slippage was "
                                + Format.value(full.slippageP50()) + " at the median in blocks at least 75 % full against "
                                + Format.value(low.slippageP50()) + " below 25 %");
                    }
                }
                yield parts.isEmpty() ? null : capitalize(String.join("; ", parts)) + " (all classes).";
            }
            case OPTIONS_FEEDBACK -> model.options() == null ? null : optionsParagraph(model.options());
            case CHURN -> model.corruption() == null ? null : corruption(model.corruption());
            case MARKET_CRASH -> model.solvency() == null ? null : String.join(" ",
                    model.solvency().byValidators().stream().map(at -> "With " + at.validators() + " validators the bad "
                            + "debt of a crash was " + Format.value(at.badDebtP50()) + " at the median (at most "
                            + Format.value(at.badDebtMax()) + ") and the pool's NAV fell by at most "
                            + Format.value(at.navDrawdownMax()) + ".").toList());
            default -> null;
        };
    }

    /** The cost of corruption in words, from its lowest ratio and the figures of the block where it fell lowest. */
    static String corruption(CorruptionReport report) {
        CorruptionReport.AtValidators worst = report.byValidators().get(0);
        for (CorruptionReport.AtValidators at : report.byValidators()) {
            if (at.lowestRatio().value() < worst.lowestRatio().value()) {
                worst = at;
            }
        }
        long blocks = 0;
        for (CorruptionReport.AtValidators at : report.byValidators()) {
            blocks += at.blocks().value();
        }
        String lowest = "Over " + plural(blocks, "block") + " on a staking genesis the cost of corruption fell as low as "
                + Format.value(report.lowestRatio()) + " of the collateral at risk (seed " + report.lowestRatio().seed()
                + ", " + worst.validators() + " genesis validators, " + Format.value(worst.validatorsAtLowest())
                + " in the set): a fork needs " + Format.value(worst.stakeToForkUsd()) + " of bonded stake and burns at "
                + "least " + Format.value(worst.slashableOnForkUsd()) + ", against " + Format.value(worst.collateralAtRiskUsd())
                + " at risk.";
        return lowest + switch (report.verdict()) {
            case COVERED -> " The ratio never fell below 1: after every block a fork would burn more than it could take.";
            case BELOW_ONE -> " The ratio fell below 1: a fork could gain more than the stake it burns, so the collateral "
                    + "at risk is not covered by slashing at these bonds.";
        };
    }

    private static long sum(ClassReport report, Function<ClassReport.AtValidators, Metric> metric) {
        long total = 0;
        for (ClassReport.AtValidators at : report.byValidators()) {
            Metric m = metric.apply(at);
            total += m == null ? 0 : m.value();
        }
        return total;
    }

    private static String counts(ClassReport report) {
        List<String> counts = report.byValidators().stream().map(at -> String.valueOf(at.validators())).toList();
        return counts.size() == 1 ? counts.get(0) : String.join(", ", counts.subList(0, counts.size() - 1)) + " and "
                + counts.get(counts.size() - 1);
    }

    /** One fragment per validator count: "X with 4 validators, Y with 7". */
    private static String perN(ClassReport report, Function<ClassReport.AtValidators, String> fragment) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < report.byValidators().size(); i++) {
            ClassReport.AtValidators at = report.byValidators().get(i);
            parts.add(fragment.apply(at) + (i == 0 ? " with " + at.validators() + " validators" : " with " + at.validators()));
        }
        return String.join(", ", parts);
    }

    static String plural(long count, String noun) {
        return Format.grouped(count) + " " + noun + (count == 1 ? "" : "s");
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
