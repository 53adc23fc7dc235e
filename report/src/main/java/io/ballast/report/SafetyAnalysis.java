package io.ballast.report;

import io.ballast.sim.Invariant;
import io.ballast.sim.SeedMetrics;
import io.ballast.sim.SeedResult;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Builds the {@link SafetyReport}. */
final class SafetyAnalysis {
    private SafetyAnalysis() {}

    static SafetyReport build(CampaignResult campaign, Provenance provenance) {
        ReportOptions options = campaign.options();
        List<SafetyReport.ClassSeeds> classes = new ArrayList<>();
        List<SafetyReport.Violation> violations = new ArrayList<>();
        Map<Invariant, Long> checks = new EnumMap<>(Invariant.class);
        for (Invariant invariant : Invariant.values()) {
            checks.put(invariant, 0L);
        }
        for (FaultClass c : options.classes()) {
            for (int n : options.validators()) {
                List<SeedResult> seeds = campaign.seeds(c, n);
                long violated = 0;
                for (SeedResult result : seeds) {
                    count(checks, result);
                    if (!result.ok()) {
                        violated++;
                        violations.add(new SafetyReport.Violation(c, n, result.seed(), result.violated(),
                                result.violation(), result.replayCommand(), options.seedCommand(c, n, result.seed())));
                    }
                }
                classes.add(new SafetyReport.ClassSeeds(c, n, provenance.total(seeds.size(), Unit.COUNT, c, n),
                        provenance.total(violated, Unit.COUNT, c, n)));
            }
        }
        List<SafetyReport.Check> checked = new ArrayList<>();
        for (Map.Entry<Invariant, Long> entry : checks.entrySet()) {
            checked.add(new SafetyReport.Check(entry.getKey(), new Metric(entry.getValue(), Unit.COUNT, null,
                    options.command())));
        }
        return new SafetyReport(violations.isEmpty() ? SafetyReport.Status.HELD : SafetyReport.Status.VIOLATED,
                classes, checked, violations);
    }

    /** What each invariant was checked on: commits, executions, receipts, steps or whole seeds. */
    private static void count(Map<Invariant, Long> checks, SeedResult result) {
        SeedMetrics.Checks c = result.metrics().checks();
        add(checks, Invariant.AGREEMENT, c.commits());
        add(checks, Invariant.STATE_ROOT, c.commits());
        add(checks, Invariant.VALIDITY, c.receipts());
        add(checks, Invariant.CONSERVATION, c.executions());
        add(checks, Invariant.STALE_LIQUIDATION, c.executions());
        add(checks, Invariant.LIVENESS, c.liveness() ? 1 : 0);
        add(checks, Invariant.HALT, c.halt() ? 1 : 0);
        add(checks, Invariant.CRASH, c.steps());
        add(checks, Invariant.BYZANTINE_CRASH, c.steps());
        add(checks, Invariant.RUNAWAY, 1);
    }

    private static void add(Map<Invariant, Long> checks, Invariant invariant, long count) {
        checks.merge(invariant, count, Math::addExact);
    }
}
