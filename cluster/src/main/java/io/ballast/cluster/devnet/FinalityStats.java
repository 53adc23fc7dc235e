package io.ballast.cluster.devnet;

import io.ballast.actors.chain.TxReceipt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Times from submission to a committed receipt, as clients measured them (thread-safe). The
 * printer drains an interval's samples; {@link #finalized()} keeps every receipt acknowledged as
 * final when {@code keepReceipts} is on (tests check none is lost across restarts).
 */
public final class FinalityStats {
    private final boolean keepReceipts;
    private final Map<String, TxReceipt> finalized = new ConcurrentHashMap<>();
    private final List<Long> intervalMillis = new ArrayList<>();
    private long totalFinal;
    private long totalRefused;
    private final Map<String, Long> refusedBy = new java.util.HashMap<>();

    public FinalityStats(boolean keepReceipts) {
        this.keepReceipts = keepReceipts;
    }

    public synchronized void recordFinal(TxReceipt receipt, long latencyMillis) {
        intervalMillis.add(latencyMillis);
        totalFinal++;
        if (keepReceipts) {
            finalized.put(receipt.txHash(), receipt);
        }
    }

    /** A transaction that did not reach a receipt: refused by the mempool ({@code why} = its reason) or timed out. */
    public synchronized void recordRefused(String why) {
        totalRefused++;
        refusedBy.merge(why, 1L, Long::sum);
    }

    /** Refusals by reason. */
    public synchronized Map<String, Long> refusedBy() {
        return new java.util.TreeMap<>(refusedBy);
    }

    /** Sorted latencies since the last call. */
    public synchronized List<Long> drainInterval() {
        List<Long> drained = new ArrayList<>(intervalMillis);
        intervalMillis.clear();
        Collections.sort(drained);
        return drained;
    }

    public synchronized long totalFinal() {
        return totalFinal;
    }

    public synchronized long totalRefused() {
        return totalRefused;
    }

    /** Receipts acknowledged as final, by transaction hash (empty unless keeping receipts). */
    public Map<String, TxReceipt> finalized() {
        return Map.copyOf(finalized);
    }
}
