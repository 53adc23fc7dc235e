package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * Pending transactions in three priority lanes (0 = oracle/liquidation/margin, 1 = withdrawals,
 * 2 = trades). Within a lane: higher priority fee first, then earlier arrival. Each lane is bounded;
 * a full lane rejects (never evicts). A transaction in a nonce stream ({@link TxCheck.Sequence}) goes into a
 * block only after the ones before it, so one that arrived early (gossip reorders, a client pipelines) waits
 * instead of failing in a block and taking every later one of its signer with it. Entries leave when a block
 * containing them commits, or all at once when a snapshot install skips blocks ({@link #clear}).
 */
public final class Mempool {
    private record Entry(Bytes32 hash, byte[] tx, int lane, long fee, long arrival, TxCheck.Sequence sequence) {}

    private static final Comparator<Entry> ORDER = Comparator.comparingLong((Entry e) -> -e.fee)
            .thenComparingLong(e -> e.arrival);

    private final ConsensusConfig config;
    private final List<TreeSet<Entry>> lanes = new ArrayList<>();
    private final Map<Bytes32, Entry> byHash = new HashMap<>();
    private final LinkedHashSet<Bytes32> recentlyCommitted = new LinkedHashSet<>();
    private final int recentlyCommittedCapacity;
    private long nextArrival;

    public Mempool(ConsensusConfig config) {
        this.config = config;
        long capacity = 0;
        for (int lane = 0; lane < ConsensusConfig.LANES; lane++) {
            lanes.add(new TreeSet<>(ORDER));
            capacity += config.laneCapacity(lane);
        }
        this.recentlyCommittedCapacity = (int) Math.min(1_000_000, capacity + config.maxBlockTxs() * 16L);
    }

    /** Admits a transaction after the application's check; see {@link TxResult}. */
    public TxResult add(byte[] tx, TxCheck check) {
        Bytes32 hash = Block.txHash(tx);
        if (byHash.containsKey(hash)) {
            return TxResult.duplicate(hash);
        }
        if (recentlyCommitted.contains(hash)) {
            return TxResult.rejected(hash, TxResult.RejectReason.ALREADY_COMMITTED, 0, "already committed");
        }
        if (tx.length > config.maxTxBytes()) {
            return TxResult.rejected(hash, TxResult.RejectReason.TOO_LARGE, 0,
                    tx.length + " bytes > " + config.maxTxBytes());
        }
        if (!check.valid()) {
            return TxResult.rejected(hash, TxResult.RejectReason.INVALID, 0, check.code(), check.reason());
        }
        TreeSet<Entry> lane = lanes.get(check.lane());
        if (lane.size() >= config.laneCapacity(check.lane())) {
            return TxResult.rejected(hash, TxResult.RejectReason.LANE_FULL, config.retryAfterMillis(),
                    "lane " + check.lane() + " holds " + lane.size() + " transactions");
        }
        Entry entry = new Entry(hash, tx.clone(), check.lane(), check.priorityFee(), nextArrival++, check.sequence());
        lane.add(entry);
        byHash.put(hash, entry);
        return TxResult.accepted(hash);
    }

    public boolean contains(Bytes32 hash) {
        return byHash.containsKey(hash);
    }

    public int size() {
        return byHash.size();
    }

    public int size(int lane) {
        return lanes.get(lane).size();
    }

    /**
     * The next block's transactions: lanes in order, each by fee then arrival, up to {@code maxTxs}
     * transactions and {@code maxBytes} bytes (a transaction that does not fit is skipped for smaller ones
     * behind it). A stream's transactions go in by number from {@code nextSequence}: one whose predecessor is
     * missing waits, and joins the block as soon as its predecessor does; one below the stream's next number
     * (used, or a second transaction with a number already taken) goes in to get its rejection receipt.
     * Nothing is removed.
     */
    public List<byte[]> reap(int maxTxs, int maxBytes, ToLongFunction<Bytes32> nextSequence) {
        Reaping reaping = new Reaping(maxTxs, maxBytes, nextSequence);
        for (TreeSet<Entry> lane : lanes) {
            for (Iterator<Entry> it = lane.iterator(); it.hasNext() && !reaping.full(); ) {
                reaping.offer(it.next());
            }
        }
        return reaping.chosen;
    }

    /** One block's selection: what is chosen, each stream's next number, and what waits for its predecessor. */
    private static final class Reaping {
        final List<byte[]> chosen = new ArrayList<>();
        private final int maxTxs;
        private final int maxBytes;
        private final ToLongFunction<Bytes32> nextSequence;
        private final Map<Bytes32, Long> nextNumber = new HashMap<>();
        private final Map<Bytes32, TreeMap<Long, Entry>> waiting = new HashMap<>();
        private long bytes;

        Reaping(int maxTxs, int maxBytes, ToLongFunction<Bytes32> nextSequence) {
            this.maxTxs = maxTxs;
            this.maxBytes = maxBytes;
            this.nextSequence = nextSequence;
        }

        boolean full() {
            return chosen.size() >= maxTxs;
        }

        void offer(Entry entry) {
            if (entry.sequence == null) {
                take(entry);
                return;
            }
            Bytes32 stream = entry.sequence.stream();
            long number = entry.sequence.number();
            long next = nextNumber.computeIfAbsent(stream, nextSequence::applyAsLong);
            if (number > next) {
                waiting.computeIfAbsent(stream, s -> new TreeMap<>()).putIfAbsent(number, entry);
            } else if (take(entry) && number == next) {
                // the stream moved: its successors that were waiting follow, in order, while they fit
                TreeMap<Long, Entry> successors = waiting.getOrDefault(stream, new TreeMap<>());
                long following = next + 1;
                for (Entry successor = successors.remove(following); successor != null && take(successor);
                        successor = successors.remove(following)) {
                    following++;
                }
                nextNumber.put(stream, following);
            }
        }

        private boolean take(Entry entry) {
            if (full() || bytes + entry.tx.length > maxBytes) {
                return false;
            }
            chosen.add(entry.tx);
            bytes += entry.tx.length;
            return true;
        }
    }

    /**
     * Empties the mempool; returns how many entries it held. After a snapshot install the skipped blocks never
     * pruned it: an entry may have committed there (accepted, or rejected with its nonce still unused), and
     * proposing it again could apply it after its final receipt. Clients resubmit what was not committed.
     */
    public int clear() {
        int dropped = byHash.size();
        for (TreeSet<Entry> lane : lanes) {
            lane.clear();
        }
        byHash.clear();
        return dropped;
    }

    /** Removes the transactions of a committed block and remembers their hashes (bounded) to refuse replays. */
    public void removeCommitted(List<byte[]> transactions) {
        for (byte[] tx : transactions) {
            Bytes32 hash = Block.txHash(tx);
            Entry entry = byHash.remove(hash);
            if (entry != null) {
                lanes.get(entry.lane).remove(entry);
            }
            recentlyCommitted.add(hash);
            if (recentlyCommitted.size() > recentlyCommittedCapacity) {
                Iterator<Bytes32> oldest = recentlyCommitted.iterator();
                oldest.next();
                oldest.remove();
            }
        }
    }
}
