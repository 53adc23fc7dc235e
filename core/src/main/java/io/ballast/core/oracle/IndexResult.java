package io.ballast.core.oracle;

/** What the oracle rule concludes for one market at one block time. */
public sealed interface IndexResult {
    /** A usable index: the median of the fresh, non-outlier reports. */
    record Fresh(long price, long timestampMillis, int reportsUsed, int outliersDropped) implements IndexResult {}

    /** Safe mode: no usable index now. {@code reason} says why, for receipts and status pages. */
    record Stale(String reason, int freshReports) implements IndexResult {}
}
