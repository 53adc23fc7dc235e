package io.ballast.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict follows from the numbers: violations, improper liquidations, then p99 against twice the baseline's. */
class VerdictsTest {
    private static Metric m(long value) {
        return new Metric(value, Unit.COUNT, null, "bin/ballast report");
    }

    private static ClassReport.AtValidators at(int n, long violations, long improper, Long p99) {
        Metric p = p99 == null ? null : new Metric(p99, Unit.MILLISECONDS, 1L, "bin/ballast report");
        return new ClassReport.AtValidators(n, "bin/ballast report", m(1), m(violations),
                new ClassReport.Finality(m(1), p, p, p, new Series("", Unit.MILLISECONDS, Unit.PERMILLE, null,
                        "bin/ballast report", List.of())),
                null, null, new ClassReport.Market(m(0), m(improper), m(0), null, null, m(0), m(0), m(0), m(0)));
    }

    @Test
    void slowerOnlyPastTwiceTheBaselineP99AtTheSameValidatorCount() {
        List<ClassReport.AtValidators> base = List.of(at(4, 0, 0, 100L), at(7, 0, 0, 300L));
        assertEquals(ClassReport.Verdict.HELD, Verdicts.verdict(List.of(at(4, 0, 0, 200L), at(7, 0, 0, 600L)), base));
        assertEquals(ClassReport.Verdict.SLOWER, Verdicts.verdict(List.of(at(4, 0, 0, 201L), at(7, 0, 0, 300L)), base));
        assertEquals(ClassReport.Verdict.HELD, Verdicts.verdict(List.of(at(7, 0, 0, 500L)), base), "read against n = 7");
        assertEquals(ClassReport.Verdict.HELD, Verdicts.verdict(List.of(at(4, 0, 0, null)), base), "no receipts");
    }

    @Test
    void aViolationOrAnImproperLiquidationIsRedWhateverTheLatency() {
        List<ClassReport.AtValidators> base = List.of(at(4, 0, 0, 100L));
        assertEquals(ClassReport.Verdict.VIOLATED, Verdicts.verdict(List.of(at(4, 1, 0, 50L)), base));
        assertEquals(ClassReport.Verdict.VIOLATED, Verdicts.verdict(List.of(at(4, 0, 1, 50L)), base));
    }
}
