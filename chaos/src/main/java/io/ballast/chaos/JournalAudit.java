package io.ballast.chaos;

import io.ballast.actors.validator.BlockLog;
import io.ballast.actors.chain.TxReceipt;
import io.ballast.core.app.LedgerApplication;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.Receipt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Reads every validator's block log from the journal and checks: no height has two different committed
 * blocks (within one journal or across journals); the longest log is contiguous from genesis; re-executing
 * it yields, for every receipt a client was told is final, the same receipt; and no transaction was applied twice.
 *
 * <p>One transaction (one hash) can be <em>included</em> in more than one block: a client resubmits it after a
 * time-out and a lagging validator's mempool still holds it after it committed. The ledger's strict nonces reject
 * every later inclusion ({@code BAD_NONCE}), so it is applied at most once. An acknowledged receipt is therefore
 * checked against all inclusions ({@link #check}): an accepted ack must be the one accepted inclusion; a rejected
 * ack must be one of the inclusions, and none of them may have been accepted (else the client was told "rejected"
 * about a transaction that applied).
 */
public final class JournalAudit {
    /** A line of an ack log (the HTTP load's, or the suite's HTTP checks'). */
    public record Ack(String txHash, long height, int index, boolean accepted, String code) {
        public static Ack of(io.ballast.api.model.TxReceiptView receipt) {
            return new Ack(receipt.txHash(), receipt.height(), receipt.index(), receipt.accepted(), receipt.code());
        }

        /** The ack log's line for this receipt (what {@link #readAcks} reads back). */
        public String line() {
            return txHash + " " + height + " " + index + " " + accepted + " " + code + "\n";
        }
    }

    /**
     * @param heights  last committed height in each validator's journal
     * @param problems empty when the journals are consistent and nothing acknowledged is lost
     * @param lost     acknowledged receipts missing or different after replay
     */
    public record Result(Map<String, Long> heights, long replayedHeight, int acknowledged, int lost, List<String> problems,
                         Map<Long, String> rootsByHeight) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private JournalAudit() {}

    public static List<Ack> readAcks(Path ackLog) throws IOException {
        List<Ack> acks = new ArrayList<>();
        if (!Files.exists(ackLog)) {
            return acks;
        }
        for (String line : Files.readAllLines(ackLog)) {
            String[] f = line.trim().split(" ");
            if (f.length == 5) {
                acks.add(new Ack(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2]), Boolean.parseBoolean(f[3]), f[4]));
            }
        }
        return acks;
    }

    public static Result audit(ActorSystem<?> observer, Genesis genesis, List<String> validatorIds, List<Ack> acks)
            throws Exception {
        List<String> problems = new ArrayList<>();
        Map<String, Long> heights = new TreeMap<>();
        Map<Long, String> hashByHeight = new HashMap<>();
        List<CommittedBlock> longest = List.of();
        for (String id : validatorIds) {
            List<CommittedBlock> blocks = BlockLog.readAll(observer, id).toCompletableFuture().get(120, TimeUnit.SECONDS);
            long last = 0;
            for (CommittedBlock block : blocks) {
                String hash = block.block().hash().toHex();
                String other = hashByHeight.putIfAbsent(block.height(), hash);
                if (other != null && !other.equals(hash)) {
                    problems.add("two committed blocks at height " + block.height() + ": " + other + " and " + hash
                            + " (" + id + ")");
                }
                last = Math.max(last, block.height());
            }
            heights.put(id, last);
            if (blocks.size() > longest.size() && !blocks.isEmpty() && blocks.get(0).height() == 1) {
                longest = blocks;
            }
        }
        Map<String, List<TxReceipt>> inclusions = new HashMap<>();
        Map<Long, String> roots = new HashMap<>();
        long replayedHeight = replay(genesis, longest, inclusions, roots, problems);
        int lost = check(acks, inclusions, problems);
        return new Result(heights, replayedHeight, acks.size(), lost, problems, roots);
    }

    /**
     * Checks every ack against the inclusions of its transaction (in height order) and every transaction for a
     * second acceptance; returns how many acks are lost or contradicted (the first 10 described in {@code problems}).
     */
    static int check(List<Ack> acks, Map<String, List<TxReceipt>> inclusions, List<String> problems) {
        int twice = 0;
        for (Map.Entry<String, List<TxReceipt>> entry : inclusions.entrySet()) {
            if (entry.getValue().stream().filter(TxReceipt::accepted).count() > 1 && twice++ < 10) {
                problems.add("transaction " + entry.getKey() + " applied more than once: " + entry.getValue());
            }
        }
        int lost = 0;
        for (Ack ack : acks) {
            List<TxReceipt> included = inclusions.getOrDefault(ack.txHash(), List.of());
            boolean anyAccepted = included.stream().anyMatch(TxReceipt::accepted);
            boolean matches = included.stream().anyMatch(r -> r.height() == ack.height() && r.index() == ack.index()
                    && r.accepted() == ack.accepted() && r.code().equals(ack.code()));
            if (!matches || (!ack.accepted() && anyAccepted)) {
                lost++;
                if (lost <= 10) {
                    problems.add("acknowledged " + ack + " but the journal has " + (included.isEmpty() ? "no such transaction"
                            : included));
                }
            }
        }
        return lost;
    }

    private static long replay(Genesis genesis, List<CommittedBlock> blocks, Map<String, List<TxReceipt>> inclusions,
                               Map<Long, String> roots, List<String> problems) {
        LedgerApplication app = new LedgerApplication(genesis, 10_000);
        long expected = 1;
        for (CommittedBlock block : blocks) {
            if (block.height() < expected) {
                continue; // the same block persisted again after a restart (already checked identical)
            }
            if (block.height() != expected) {
                problems.add("the longest block log jumps from " + (expected - 1) + " to " + block.height());
                break;
            }
            for (Receipt receipt : LedgerApplication.resultOf(app.execute(block)).receipts()) {
                inclusions.computeIfAbsent(receipt.txHash().toHex(), hash -> new ArrayList<>(1))
                        .add(TxReceipt.of(block.height(), receipt));
            }
            roots.put(block.height(), app.stateRoot().toHex());
            expected++;
        }
        return expected - 1;
    }
}
