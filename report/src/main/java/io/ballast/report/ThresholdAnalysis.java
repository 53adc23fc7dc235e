package io.ballast.report;

import io.ballast.sim.Invariant;
import io.ballast.sim.SeedMetrics;
import io.ballast.sim.SeedResult;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@link ThresholdReport} from the stake-threshold seeds (null when the class did not run). */
final class ThresholdAnalysis {
    /** Votes signed before the last crash may still complete a commit within this long (the simulator's rule too). */
    static final long GRACE_MILLIS = 1_000;
    private static final FaultClass CLASS = FaultClass.STAKE_THRESHOLD;

    private ThresholdAnalysis() {}

    /** The least stake that is more than 2/3 of {@code total} (what the API's status calls "commits need"). */
    static long quorumStake(long total) {
        return total * 2 / 3 + 1;
    }

    static ThresholdReport build(CampaignResult campaign, Provenance provenance) {
        if (!campaign.options().classes().contains(CLASS)) {
            return null;
        }
        List<ThresholdReport.AtValidators> byN = new ArrayList<>();
        for (int n : campaign.options().validators()) {
            byN.add(at(campaign.seeds(CLASS, n), n, provenance));
        }
        return new ThresholdReport(byN);
    }

    private static ThresholdReport.AtValidators at(List<SeedResult> seeds, int n, Provenance provenance) {
        SeedResult first = seeds.get(0);
        long total = first.metrics().totalStake();
        long quorum = quorumStake(total);
        List<ThresholdReport.Step> steps = new ArrayList<>();
        for (SeedMetrics.StakePoint point : first.metrics().stakeOnline()) {
            steps.add(new ThresholdReport.Step(provenance.ofSeed(point.millis(), Unit.MILLISECONDS, CLASS, n, first.seed()),
                    provenance.ofSeed(point.onlineStake(), Unit.STAKE, CLASS, n, first.seed()),
                    provenance.ofSeed(point.onlineStake() - quorum, Unit.STAKE, CLASS, n, first.seed())));
        }
        List<Series.Point> heights = new ArrayList<>();
        for (SeedMetrics.CommitPoint commit : first.metrics().commits()) {
            heights.add(new Series.Point(commit.millis(), commit.height()));
        }
        Samples halted = new Samples();
        Samples recoverMillis = new Samples();
        Samples recoverRounds = new Samples();
        long belowQuorum = 0;
        long committedWhileHalted = 0;
        long forks = 0;
        for (SeedResult result : seeds) {
            SeedMetrics m = result.metrics();
            long haltedMillis = 0;
            List<SeedMetrics.StakePoint> stake = m.stakeOnline();
            for (int i = 0; i < stake.size(); i++) {
                if (stake.get(i).onlineStake() >= quorum) {
                    continue;
                }
                long from = stake.get(i).millis();
                long until = i + 1 < stake.size() ? stake.get(i + 1).millis() : m.endMillis();
                haltedMillis += until - from;
                for (SeedMetrics.CommitPoint commit : m.commits()) {
                    if (commit.millis() > from + GRACE_MILLIS && commit.millis() < until) {
                        committedWhileHalted++;
                    }
                }
            }
            belowQuorum += haltedMillis > 0 ? 1 : 0;
            halted.add(haltedMillis, result.seed());
            if (result.violated() == Invariant.AGREEMENT || result.violated() == Invariant.STATE_ROOT) {
                forks++;
            }
            if (result.recoverMillis() >= 0) {
                recoverMillis.add(result.recoverMillis(), result.seed());
                recoverRounds.add(result.recoverRounds(), result.seed());
            }
        }
        return new ThresholdReport.AtValidators(n, provenance.configured(total, Unit.STAKE),
                provenance.configured(quorum, Unit.STAKE), provenance.total(seeds.size(), Unit.COUNT, CLASS, n),
                provenance.total(belowQuorum, Unit.COUNT, CLASS, n), steps,
                provenance.seedSeries("committed height", Unit.MILLISECONDS, Unit.HEIGHT, CLASS, n, first.seed(), heights),
                provenance.rank(halted, 50, Unit.MILLISECONDS, CLASS, n), provenance.max(halted, Unit.MILLISECONDS, CLASS, n),
                provenance.total(committedWhileHalted, Unit.COUNT, CLASS, n), provenance.total(forks, Unit.COUNT, CLASS, n),
                provenance.rank(recoverMillis, 50, Unit.MILLISECONDS, CLASS, n),
                provenance.rank(recoverMillis, 99, Unit.MILLISECONDS, CLASS, n),
                provenance.max(recoverMillis, Unit.MILLISECONDS, CLASS, n),
                provenance.max(recoverRounds, Unit.ROUNDS, CLASS, n));
    }
}
