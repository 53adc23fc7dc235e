package io.ballast.report;

/** The unit of a number in the report (its name in report.json). */
public enum Unit {
    MILLISECONDS("ms"),
    ROUNDS("rounds"),
    COUNT("count"),
    /** Parts per million. */
    PPM("ppm"),
    MICRO_USD("micro-USD"),
    /** Voting power, as in the validator set. */
    STAKE("stake"),
    /** Parts per thousand: the cumulative share of a CDF. */
    PERMILLE("permille"),
    /** A block height. */
    HEIGHT("height"),
    /** A ratio in parts per million: 7,300,000 is 7.3×. */
    RATIO_PPM("ratio-ppm");

    private final String symbol;

    Unit(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
