package io.ballast.core.consensus;

/**
 * Tunables of one validator. All durations are in milliseconds of the host's clock; they drive
 * local timers only and never anything validators must agree on, except the chain-wide parameters
 * ({@code maxBlockTxs}, {@code maxBlockBytes}, {@code maxTxBytes}, {@code maxBlockEvidence},
 * {@code epochLengthBlocks}, {@code reputationWindowBlocks}), which decide block validity and leaders:
 * a ledger chain takes those from its genesis ({@code LedgerApplication.consensusConfig}).
 *
 * @param roundTimeoutBaseMillis   round-0 timeout of each step (propose, prevote, precommit)
 * @param roundTimeoutMaxMillis    cap of the exponential backoff
 * @param backoffPercent           each further round multiplies the timeout by this / 100 (e.g. 150)
 * @param emptyBlockDelayMillis    a leader with nothing to propose waits this long before an empty block
 * @param maxBlockTxs              transactions per block
 * @param maxBlockBytes            sum of transaction bytes per block
 * @param maxTxBytes               largest single transaction
 * @param maxBlockEvidence         evidence records per block
 * @param laneCapacities           mempool capacity of lanes 0 (oracle/liquidation/margin), 1 (withdrawals), 2 (trades)
 * @param epochLengthBlocks        heights per epoch (at least 2); validator sets change only between epochs
 * @param reputationWindowBlocks   leaders that failed a round within this many committed blocks are skipped
 * @param syncWindowBlocks         committed blocks kept in memory to serve peers; farther behind ⇒ snapshot
 * @param snapshotIntervalBlocks   the application is snapshotted at heights divisible by this
 * @param syncRetryMillis          a sync request without answer may be repeated after this long
 * @param syncBatchBlocks          committed blocks per sync response
 * @param futureRoundWindow        votes/proposals more than this many rounds ahead are dropped
 * @param maxFutureHeightMessages  messages for height+1 buffered until this validator gets there
 * @param maxMessageBytes          larger inbound messages are dropped undecoded
 * @param maxSnapshotBytes         largest application snapshot accepted
 * @param maxPendingEvidence       evidence waiting to be put in a block
 * @param retryAfterMillis         what a LANE_FULL rejection tells the submitter to wait
 * @param minBlockIntervalMillis   a round-0 leader waits this long after the previous commit before
 *                                 proposing even when transactions are waiting, so that blocks batch
 *                                 them (CometBFT's timeout_commit); 0 proposes at once
 */
public record ConsensusConfig(
        long roundTimeoutBaseMillis,
        long roundTimeoutMaxMillis,
        int backoffPercent,
        long emptyBlockDelayMillis,
        int maxBlockTxs,
        int maxBlockBytes,
        int maxTxBytes,
        int maxBlockEvidence,
        int[] laneCapacities,
        int epochLengthBlocks,
        int reputationWindowBlocks,
        int syncWindowBlocks,
        int snapshotIntervalBlocks,
        long syncRetryMillis,
        int syncBatchBlocks,
        int futureRoundWindow,
        int maxFutureHeightMessages,
        int maxMessageBytes,
        int maxSnapshotBytes,
        int maxPendingEvidence,
        long retryAfterMillis,
        long minBlockIntervalMillis) {

    public static final int LANES = 3;

    /** Without a minimum block interval: a leader proposes as soon as it has transactions. */
    public ConsensusConfig(long roundTimeoutBaseMillis, long roundTimeoutMaxMillis, int backoffPercent,
                           long emptyBlockDelayMillis, int maxBlockTxs, int maxBlockBytes, int maxTxBytes,
                           int maxBlockEvidence, int[] laneCapacities, int epochLengthBlocks,
                           int reputationWindowBlocks, int syncWindowBlocks, int snapshotIntervalBlocks,
                           long syncRetryMillis, int syncBatchBlocks, int futureRoundWindow,
                           int maxFutureHeightMessages, int maxMessageBytes, int maxSnapshotBytes,
                           int maxPendingEvidence, long retryAfterMillis) {
        this(roundTimeoutBaseMillis, roundTimeoutMaxMillis, backoffPercent, emptyBlockDelayMillis, maxBlockTxs,
                maxBlockBytes, maxTxBytes, maxBlockEvidence, laneCapacities, epochLengthBlocks, reputationWindowBlocks,
                syncWindowBlocks, snapshotIntervalBlocks, syncRetryMillis, syncBatchBlocks, futureRoundWindow,
                maxFutureHeightMessages, maxMessageBytes, maxSnapshotBytes, maxPendingEvidence, retryAfterMillis, 0);
    }

    public ConsensusConfig {
        laneCapacities = laneCapacities.clone();
        require(roundTimeoutBaseMillis > 0, "roundTimeoutBaseMillis > 0");
        require(roundTimeoutMaxMillis >= roundTimeoutBaseMillis, "roundTimeoutMaxMillis >= base");
        require(backoffPercent >= 100 && backoffPercent <= 1_000, "backoffPercent in 100..1000");
        require(emptyBlockDelayMillis >= 0, "emptyBlockDelayMillis >= 0");
        require(maxBlockTxs >= 0 && maxBlockTxs <= 100_000, "maxBlockTxs in 0..100000");
        require(maxTxBytes > 0 && maxBlockBytes >= maxTxBytes, "0 < maxTxBytes <= maxBlockBytes");
        require(maxBlockEvidence >= 0 && maxBlockEvidence <= 1_000, "maxBlockEvidence in 0..1000");
        require(laneCapacities.length == LANES, "three lane capacities");
        for (int capacity : laneCapacities) {
            require(capacity > 0, "lane capacity > 0");
        }
        require(epochLengthBlocks >= 2, "epochLengthBlocks >= 2");
        require(reputationWindowBlocks >= 0 && reputationWindowBlocks <= syncWindowBlocks,
                "0 <= reputationWindowBlocks <= syncWindowBlocks");
        require(syncWindowBlocks >= 1, "syncWindowBlocks >= 1");
        require(snapshotIntervalBlocks >= 1, "snapshotIntervalBlocks >= 1");
        require(syncRetryMillis > 0, "syncRetryMillis > 0");
        require(syncBatchBlocks >= 1, "syncBatchBlocks >= 1");
        require(futureRoundWindow >= 1 && futureRoundWindow <= 1_000, "futureRoundWindow in 1..1000");
        require(maxFutureHeightMessages >= 0, "maxFutureHeightMessages >= 0");
        require(maxMessageBytes >= 1_024, "maxMessageBytes >= 1024");
        require(maxSnapshotBytes >= 0 && maxSnapshotBytes < Integer.MAX_VALUE - 1_000_000, "maxSnapshotBytes sane");
        require(maxPendingEvidence >= 0, "maxPendingEvidence >= 0");
        require(retryAfterMillis >= 0, "retryAfterMillis >= 0");
        require(minBlockIntervalMillis >= 0 && minBlockIntervalMillis <= roundTimeoutBaseMillis,
                "0 <= minBlockIntervalMillis <= roundTimeoutBaseMillis");
    }

    public ConsensusConfig withMinBlockInterval(long millis) {
        return new ConsensusConfig(roundTimeoutBaseMillis, roundTimeoutMaxMillis, backoffPercent,
                emptyBlockDelayMillis, maxBlockTxs, maxBlockBytes, maxTxBytes, maxBlockEvidence,
                laneCapacities, epochLengthBlocks, reputationWindowBlocks, syncWindowBlocks, snapshotIntervalBlocks,
                syncRetryMillis, syncBatchBlocks, futureRoundWindow, maxFutureHeightMessages, maxMessageBytes,
                maxSnapshotBytes, maxPendingEvidence, retryAfterMillis, millis);
    }

    /** How long a round-0 leader waits before proposing: the empty-block delay, or the minimum interval. */
    long proposeDelayMillis(boolean nothingToPropose) {
        return nothingToPropose ? Math.max(emptyBlockDelayMillis, minBlockIntervalMillis) : minBlockIntervalMillis;
    }

    /** Defaults for a LAN/WAN deployment of a handful of validators. */
    public static ConsensusConfig defaults() {
        return new ConsensusConfig(1_000, 30_000, 150, 200, 2_000, 1 << 20, 16 * 1024, 16,
                new int[] {10_000, 10_000, 50_000}, 1_000, 20, 200, 100, 1_000, 20, 10, 1_000,
                8 << 20, 256 << 20, 64, 500);
    }

    public ConsensusConfig withLaneCapacities(int lane0, int lane1, int lane2) {
        return new ConsensusConfig(roundTimeoutBaseMillis, roundTimeoutMaxMillis, backoffPercent,
                emptyBlockDelayMillis, maxBlockTxs, maxBlockBytes, maxTxBytes, maxBlockEvidence,
                new int[] {lane0, lane1, lane2}, epochLengthBlocks, reputationWindowBlocks, syncWindowBlocks,
                snapshotIntervalBlocks, syncRetryMillis, syncBatchBlocks, futureRoundWindow,
                maxFutureHeightMessages, maxMessageBytes, maxSnapshotBytes, maxPendingEvidence, retryAfterMillis,
                minBlockIntervalMillis);
    }

    public ConsensusConfig withEpochAndWindows(int epochLength, int reputationWindow, int syncWindow, int snapshotInterval) {
        return new ConsensusConfig(roundTimeoutBaseMillis, roundTimeoutMaxMillis, backoffPercent,
                emptyBlockDelayMillis, maxBlockTxs, maxBlockBytes, maxTxBytes, maxBlockEvidence,
                laneCapacities, epochLength, reputationWindow, syncWindow, snapshotInterval, syncRetryMillis,
                syncBatchBlocks, futureRoundWindow, maxFutureHeightMessages, maxMessageBytes, maxSnapshotBytes,
                maxPendingEvidence, retryAfterMillis, minBlockIntervalMillis);
    }

    /** A copy with these chain-wide parameters (the ones every validator of a chain must share). */
    public ConsensusConfig withChainParams(int maxTxs, int maxBytes, int maxTx, int maxEvidence, int epochLength,
                                           int reputationWindow) {
        return new ConsensusConfig(roundTimeoutBaseMillis, roundTimeoutMaxMillis, backoffPercent,
                emptyBlockDelayMillis, maxTxs, maxBytes, maxTx, maxEvidence, laneCapacities, epochLength,
                reputationWindow, syncWindowBlocks, snapshotIntervalBlocks, syncRetryMillis, syncBatchBlocks,
                futureRoundWindow, maxFutureHeightMessages, maxMessageBytes, maxSnapshotBytes, maxPendingEvidence,
                retryAfterMillis, minBlockIntervalMillis);
    }

    public ConsensusConfig withBatch(int maxTxs, int maxBytes) {
        return new ConsensusConfig(roundTimeoutBaseMillis, roundTimeoutMaxMillis, backoffPercent,
                emptyBlockDelayMillis, maxTxs, maxBytes, Math.min(maxTxBytes, maxBytes), maxBlockEvidence,
                laneCapacities, epochLengthBlocks, reputationWindowBlocks, syncWindowBlocks, snapshotIntervalBlocks,
                syncRetryMillis, syncBatchBlocks, futureRoundWindow, maxFutureHeightMessages, maxMessageBytes,
                maxSnapshotBytes, maxPendingEvidence, retryAfterMillis, minBlockIntervalMillis);
    }

    @Override
    public int[] laneCapacities() {
        return laneCapacities.clone();
    }

    int laneCapacity(int lane) {
        return laneCapacities[lane];
    }

    /**
     * Timeout of a step in {@code round}: base · (backoff/100)^round, capped. Rounds restart at 0
     * on every new height, so the backoff resets as soon as a block commits.
     */
    public long roundTimeoutMillis(int round) {
        long timeout = roundTimeoutBaseMillis;
        for (int i = 0; i < round && timeout < roundTimeoutMaxMillis; i++) {
            timeout = Math.max(timeout + 1, Math.multiplyExact(timeout, backoffPercent) / 100);
        }
        return Math.min(timeout, roundTimeoutMaxMillis);
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalArgumentException("ConsensusConfig: " + what);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsensusConfig c && toString().equals(c.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "ConsensusConfig[base=" + roundTimeoutBaseMillis + ", max=" + roundTimeoutMaxMillis
                + ", backoff%=" + backoffPercent + ", emptyDelay=" + emptyBlockDelayMillis + ", maxBlockTxs="
                + maxBlockTxs + ", maxBlockBytes=" + maxBlockBytes + ", maxTxBytes=" + maxTxBytes
                + ", maxBlockEvidence=" + maxBlockEvidence + ", lanes=" + java.util.Arrays.toString(laneCapacities)
                + ", epoch=" + epochLengthBlocks + ", reputationWindow=" + reputationWindowBlocks
                + ", syncWindow=" + syncWindowBlocks + ", snapshotInterval=" + snapshotIntervalBlocks
                + ", syncRetry=" + syncRetryMillis + ", syncBatch=" + syncBatchBlocks + ", futureRounds="
                + futureRoundWindow + ", futureMsgs=" + maxFutureHeightMessages + ", maxMsg=" + maxMessageBytes
                + ", maxSnapshot=" + maxSnapshotBytes + ", maxEvidence=" + maxPendingEvidence
                + ", retryAfter=" + retryAfterMillis + ", minBlockInterval=" + minBlockIntervalMillis + "]";
    }
}
