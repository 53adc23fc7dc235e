package io.ballast.report;

import java.util.List;

/** Solvency under stress (class market-crash): who paid for the deficits, and the pool through the crash. */
public record SolvencyReport(List<AtValidators> byValidators) {
    public SolvencyReport {
        byValidators = List.copyOf(byValidators);
    }

    /**
     * @param badDebtP50       per seed, deficits of liquidated accounts (insurance drawn + ADL haircuts + pool absorbed)
     * @param navDrawdownMax   per seed, pool NAV at the start − its lowest value
     * @param nav              pool NAV over time in the first seed; {@code insurance} and {@code index} alongside
     */
    public record AtValidators(int validators, Metric seeds, Metric badDebtP50, Metric badDebtMax,
                               Metric insuranceDrawnUsd, Metric insuranceDraws, Metric adlEvents,
                               Metric adlHaircutUsd, Metric poolAbsorbedUsd, Metric navDrawdownMax,
                               Metric liquidations, Metric safeModeBlocks, Series nav, Series insurance,
                               Series index) {}
}
