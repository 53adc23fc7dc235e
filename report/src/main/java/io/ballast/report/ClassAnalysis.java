package io.ballast.report;

import io.ballast.sim.SeedMetrics;
import io.ballast.sim.SeedResult;
import java.util.ArrayList;
import java.util.List;

/** Turns one class's seeds into its {@link ClassReport}: finality, the hangover after the heal, recovery, market. */
final class ClassAnalysis {
    private final CampaignResult campaign;
    private final Provenance provenance;

    ClassAnalysis(CampaignResult campaign, Provenance provenance) {
        this.campaign = campaign;
        this.provenance = provenance;
    }

    /** Every class of the campaign; the baseline ({@link FaultClass#NONE}) comes first and judges the others. */
    List<ClassReport> all() {
        List<ClassReport> reports = new ArrayList<>();
        List<ClassReport.AtValidators> baseline = null;
        for (FaultClass faultClass : campaign.options().classes()) {
            List<ClassReport.AtValidators> byN = new ArrayList<>();
            for (int n : campaign.options().validators()) {
                byN.add(at(faultClass, n));
            }
            if (faultClass == FaultClass.NONE) {
                baseline = byN;
            }
            if (baseline == null) {
                throw new IllegalStateException("the baseline class runs first");
            }
            reports.add(new ClassReport(faultClass, Verdicts.verdict(byN, baseline), byN));
        }
        return reports;
    }

    /** The largest finality without faults at {@code n}: the healthy bound latency after a heal is read against. */
    long noFaultMaxMillis(int n) {
        long max = 0;
        for (SeedResult result : campaign.seeds(FaultClass.NONE, n)) {
            for (SeedMetrics.TxSample tx : result.metrics().transactions()) {
                max = Math.max(max, tx.finalityMillis());
            }
        }
        return max;
    }

    private ClassReport.AtValidators at(FaultClass c, int n) {
        List<SeedResult> seeds = campaign.seeds(c, n);
        long violations = seeds.stream().filter(r -> !r.ok()).count();
        return new ClassReport.AtValidators(n, provenance.options().classCommand(c, n),
                provenance.total(seeds.size(), Unit.COUNT, c, n), provenance.total(violations, Unit.COUNT, c, n),
                finality(c, n, seeds), hangover(c, n, seeds), recovery(c, n, seeds), market(c, n, seeds));
    }

    private ClassReport.Finality finality(FaultClass c, int n, List<SeedResult> seeds) {
        Samples finality = new Samples();
        for (SeedResult result : seeds) {
            for (SeedMetrics.TxSample tx : result.metrics().transactions()) {
                finality.add(tx.finalityMillis(), result.seed());
            }
        }
        return new ClassReport.Finality(provenance.total(finality.size(), Unit.COUNT, c, n),
                provenance.rank(finality, 50, Unit.MILLISECONDS, c, n),
                provenance.rank(finality, 99, Unit.MILLISECONDS, c, n),
                provenance.max(finality, Unit.MILLISECONDS, c, n),
                provenance.series("n = " + n, Unit.MILLISECONDS, Unit.PERMILLE, c, n, finality.cdf()));
    }

    private ClassReport.Hangover hangover(FaultClass c, int n, List<SeedResult> seeds) {
        long bound = noFaultMaxMillis(n);
        Samples hangover = new Samples();
        Samples afterHeal = new Samples();
        long stillElevated = 0;
        for (SeedResult result : seeds) {
            SeedMetrics m = result.metrics();
            if (m.healMillis() < 0) {
                continue; // stopped by a violation before the heal
            }
            long lastSlowCommit = -1;
            SeedMetrics.TxSample last = null;
            for (SeedMetrics.TxSample tx : m.transactions()) {
                if (tx.committedMillis() > m.healMillis() && tx.finalityMillis() > bound) {
                    lastSlowCommit = Math.max(lastSlowCommit, tx.committedMillis());
                }
                if (tx.submittedMillis() >= m.healMillis()) {
                    afterHeal.add(tx.finalityMillis(), result.seed());
                }
                if (last == null || tx.committedMillis() >= last.committedMillis()) {
                    last = tx;
                }
            }
            hangover.add(lastSlowCommit < 0 ? 0 : lastSlowCommit - m.healMillis(), result.seed());
            if (last != null && last.finalityMillis() > bound) {
                stillElevated++;
            }
        }
        return new ClassReport.Hangover(provenance.total(bound, Unit.MILLISECONDS, FaultClass.NONE, n),
                provenance.rank(hangover, 50, Unit.MILLISECONDS, c, n),
                provenance.rank(hangover, 99, Unit.MILLISECONDS, c, n),
                provenance.rank(hangover, 100, Unit.MILLISECONDS, c, n),
                provenance.total(stillElevated, Unit.COUNT, c, n),
                provenance.rank(afterHeal, 99, Unit.MILLISECONDS, c, n));
    }

    private ClassReport.Recovery recovery(FaultClass c, int n, List<SeedResult> seeds) {
        Samples rounds = new Samples();
        Samples millis = new Samples();
        for (SeedResult result : seeds) {
            if (result.recoverMillis() >= 0) {
                rounds.add(result.recoverRounds(), result.seed());
                millis.add(result.recoverMillis(), result.seed());
            }
        }
        return new ClassReport.Recovery(provenance.total(millis.size(), Unit.COUNT, c, n),
                provenance.rank(rounds, 50, Unit.ROUNDS, c, n), provenance.max(rounds, Unit.ROUNDS, c, n),
                provenance.rank(millis, 50, Unit.MILLISECONDS, c, n), provenance.rank(millis, 99, Unit.MILLISECONDS, c, n),
                provenance.max(millis, Unit.MILLISECONDS, c, n));
    }

    private ClassReport.Market market(FaultClass c, int n, List<SeedResult> seeds) {
        long liquidations = 0;
        long improper = 0;
        long safeMode = 0;
        long badDebt = 0;
        long draws = 0;
        long adl = 0;
        long absorbed = 0;
        Samples slippage = new Samples();
        for (SeedResult result : seeds) {
            SeedMetrics m = result.metrics();
            for (SeedMetrics.LiquidationSample liquidation : m.liquidations()) {
                liquidations++;
                improper += liquidation.proper() ? 0 : 1;
                slippage.add(liquidation.slippagePpm(), result.seed());
            }
            if (c == FaultClass.OPTIONS_FEEDBACK) { // the loop's audit at the true price and volatility counts too
                improper = Math.addExact(improper, OptionsAnalysis.loop(result).improperLiquidations());
            }
            safeMode += m.safeModeBlocks();
            badDebt = Math.addExact(badDebt, m.solvency().badDebtUsd());
            draws += m.solvency().insuranceDraws();
            adl += m.solvency().adlEvents();
            absorbed = Math.addExact(absorbed, m.solvency().poolAbsorbedUsd());
        }
        return new ClassReport.Market(provenance.total(liquidations, Unit.COUNT, c, n),
                provenance.total(improper, Unit.COUNT, c, n), provenance.total(safeMode, Unit.COUNT, c, n),
                provenance.rank(slippage, 50, Unit.PPM, c, n), provenance.max(slippage, Unit.PPM, c, n),
                provenance.total(badDebt, Unit.MICRO_USD, c, n), provenance.total(draws, Unit.COUNT, c, n),
                provenance.total(adl, Unit.COUNT, c, n), provenance.total(absorbed, Unit.MICRO_USD, c, n));
    }
}
