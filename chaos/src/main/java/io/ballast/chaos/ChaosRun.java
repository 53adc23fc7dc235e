package io.ballast.chaos;

import io.ballast.core.math.Percentiles;
import com.fasterxml.jackson.databind.JsonNode;
import io.ballast.actors.validator.ValidatorIds;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Faults against a {@link LocalCluster}, one at a time, each measured the same way: inject, hold (polling the
 * nodes' status files every 200 ms), heal, restart any node that died or was downed, wait until every
 * validator commits again with one state root, then audit the journals against the receipts the HTTP load
 * ({@link HttpLoad}) acknowledged as final. Every wait is bounded.
 */
public final class ChaosRun {
    /**
     * @param detectMillis   injection → a surviving node reports a member unreachable or gone (-1: never)
     * @param commitsMillis  injection → the chain is 5 blocks past its height at injection (-1: not within the run)
     * @param healedMillis   injection → every validator back, same root at a common height (-1: not within bound)
     * @param progressDuring blocks committed while the fault was active
     */
    public record Row(String fault, long detectMillis, long commitsMillis, long healedMillis, long p50Millis,
                      long p99Millis, long progressDuring, long ackedDuring, long ackedTotal, int lost,
                      List<String> problems) {
        public static String header() {
            return String.format("%-34s %9s %10s %9s %7s %7s %8s %7s %8s %5s", "fault", "detect ms", "commits ms",
                    "healed ms", "p50 ms", "p99 ms", "blocks", "acked", "acked Σ", "lost");
        }

        @Override
        public String toString() {
            return String.format("%-34s %9d %10d %9d %7d %7d %8d %7d %8d %5d", fault, detectMillis, commitsMillis,
                    healedMillis, p50Millis, p99Millis, progressDuring, ackedDuring, ackedTotal, lost);
        }
    }

    private final LocalCluster cluster;
    private final Nft nft;
    private final PrintStream out;
    private final List<Row> rows = new ArrayList<>();
    private final Duration healBound;

    public ChaosRun(LocalCluster cluster, Nft nft, PrintStream out, Duration healBound) {
        this.cluster = cluster;
        this.nft = nft;
        this.out = out;
        this.healBound = healBound;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    // ---- the faults -------------------------------------------------------------------------------

    public Row killNode(int node, Duration down) {
        return fault("kill -9 " + cluster.name(node), () -> cluster.kill(node), down, () -> { });
    }

    /** kill -9 of the oldest validator host: it runs the validators' sharding coordinator. */
    public Row killCoordinator(Duration down) {
        int node = coordinatorNode();
        return fault("kill -9 coordinator " + cluster.name(node), () -> cluster.kill(node), down, () -> { });
    }

    public Row pause(int node, Duration paused) {
        return fault("SIGSTOP " + cluster.name(node) + " " + paused.toSeconds() + " s", () -> cluster.pause(node), paused,
                () -> cluster.resume(node));
    }

    /** Cuts every link between {@code node} and the other validator hosts, both ways. */
    public Row isolate(int node, Duration hold) {
        return fault("partition " + cluster.name(node) + " | rest", () -> cutOff(node), hold, nft::heal);
    }

    public Row oneWay(int from, int to, Duration hold) {
        return fault("one-way " + cluster.name(from) + " -> " + cluster.name(to),
                () -> nft.oneWay(LocalCluster.address(from), LocalCluster.address(to)), hold, nft::heal);
    }

    /** {@code node} cut off from the other validator hosts and reconnected every {@code period}, for {@code hold}. */
    public Row flapping(int node, Duration period, Duration hold) {
        Thread[] flapper = new Thread[1];
        return fault("flapping " + cluster.name(node) + " | rest every " + period.toMillis() + " ms", () -> {
            flapper[0] = new Thread(() -> {
                long end = System.nanoTime() + hold.toNanos();
                boolean cut = false;
                for (int flips = 0; flips < 1_000 && System.nanoTime() < end && !Thread.currentThread().isInterrupted(); flips++) {
                    if (cut) {
                        nft.heal();
                    } else {
                        cutOff(node);
                    }
                    cut = !cut;
                    try {
                        Thread.sleep(period.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "flapper");
            flapper[0].setDaemon(true);
            flapper[0].start();
        }, hold, () -> {
            flapper[0].interrupt();
            try {
                flapper[0].join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            nft.heal();
        });
    }

    /**
     * Cuts {@code node} off from every other member: a partial cut (a third member still seeing both sides)
     * makes every validator host "indirectly connected" to the split-brain resolver, which then downs all of them.
     */
    private void cutOff(int node) {
        for (int other = 1; other <= cluster.nodes(); other++) {
            if (other != node) {
                nft.partition(LocalCluster.address(node), LocalCluster.address(other));
            }
        }
    }

    /** {@code percent} % loss on every link of {@code node}. */
    public Row loss(int node, int percent, Duration hold) {
        return fault(percent + "% loss on " + cluster.name(node) + " links", () -> {
            for (int other = 1; other <= cluster.nodes(); other++) {
                if (other != node) {
                    nft.loss(LocalCluster.address(node), LocalCluster.address(other), percent);
                }
            }
        }, hold, nft::heal);
    }

    /**
     * {@code delayMillis} added to every packet on every link of {@code node}, both ways (to and from every other
     * node; Cassandra and the HTTP load on 127.0.0.1 are not delayed): its round trips grow by twice that.
     */
    public Row latency(int node, long delayMillis, Duration hold) {
        long delayedBefore = nft.delayedPackets();
        Row row = fault("+" + delayMillis + " ms latency on " + cluster.name(node) + " links", () -> {
            for (int other = 1; other <= cluster.nodes(); other++) {
                if (other != node) {
                    nft.delay(LocalCluster.address(node), LocalCluster.address(other), delayMillis);
                    nft.delay(LocalCluster.address(other), LocalCluster.address(node), delayMillis);
                }
            }
        }, hold, nft::heal);
        long delayed = nft.delayedPackets() - delayedBefore;
        out.printf("[chaos] %d packets went through the delay programs%n", delayed);
        if (delayed > 0) {
            return row;
        }
        // queue rules bypass when nothing listens: a fault that delayed nothing must not pass as survived
        List<String> problems = new ArrayList<>(row.problems());
        problems.add("no packet went through the delay programs");
        Row failed = new Row(row.fault(), row.detectMillis(), row.commitsMillis(), row.healedMillis(), row.p50Millis(),
                row.p99Millis(), row.progressDuring(), row.ackedDuring(), row.ackedTotal(), row.lost(), problems);
        rows.set(rows.size() - 1, failed);
        return failed;
    }

    /** kill -9 of one node while two others lose {@code percent} % of their packets to each other. */
    public Row killWithLoss(int killed, int a, int b, int percent, Duration hold) {
        return fault("kill -9 " + cluster.name(killed) + " + " + percent + "% loss " + cluster.name(a) + "<->"
                + cluster.name(b), () -> {
                    nft.loss(LocalCluster.address(a), LocalCluster.address(b), percent);
                    cluster.kill(killed);
                }, hold, nft::heal);
    }

    /** Every node killed with SIGKILL at once, then all restarted: the chain continues from Cassandra. */
    public Row fullRestart(Duration down) {
        return fault("full stop (kill -9 all) + restart", () -> {
            for (int node = 1; node <= cluster.nodes(); node++) {
                cluster.process(node).ifPresent(p -> p.signal("KILL"));
            }
            for (int node = 1; node <= cluster.nodes(); node++) {
                cluster.kill(node);
            }
        }, down, () -> { });
    }

    /**
     * Through every node's HTTP API: {@code GET /v1/status}, then {@code perNode} deposits signed by the
     * collateral authority, each {@code POST /v1/tx?wait=final}; every receipt the API acknowledges is appended
     * to the HTTP ack log and audited against the journals like the load's.
     */
    public Row httpWaitFinal(int perNode) {
        long t0 = System.currentTimeMillis();
        long h0 = cluster.maxHeight();
        List<Long> latencies = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int acked = 0;
        io.ballast.core.crypto.KeyPair authority;
        try {
            authority = io.ballast.api.client.KeyFile.read(cluster.sharedDir().resolve(
                    io.ballast.cluster.GenesisFiles.AUTHORITY_KEY_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        io.ballast.api.client.Transactions txs = new io.ballast.api.client.Transactions(cluster.genesis().chainId());
        for (int node = 1; node <= cluster.nodes(); node++) {
            io.ballast.api.client.BallastClient client = new io.ballast.api.client.BallastClient(cluster.httpUri(node),
                    Duration.ofSeconds(20));
            try {
                io.ballast.api.model.StatusView status = client.status();
                if (status.height() <= 0) {
                    problems.add(cluster.name(node) + " /v1/status height " + status.height());
                }
            } catch (RuntimeException e) {
                problems.add(cluster.name(node) + " /v1/status: " + e.getMessage());
                continue;
            }
            for (int k = 0; k < perNode; k++) {
                io.ballast.core.crypto.KeyPair account = io.ballast.core.crypto.Ed25519.keyPairFromLabel(
                        "chaos/http/" + t0 + "/" + node + "/" + k);
                io.ballast.api.model.TxReceiptView receipt = null;
                for (int attempt = 0; attempt < 5 && receipt == null; attempt++) {
                    long start = System.nanoTime();
                    try {
                        long nonce = client.nextNonce(authority.publicKey());
                        receipt = client.submitAndWait(txs.deposit(authority, nonce, account.publicKey(), "1000"));
                        latencies.add((System.nanoTime() - start) / 1_000_000);
                    } catch (RuntimeException refusedOrPending) {
                        LocalCluster.sleep(300); // a nonce read from an index one block behind: read again
                    }
                }
                if (receipt == null) {
                    problems.add(cluster.name(node) + ": no receipt through HTTP after 5 attempts");
                    continue;
                }
                acked++;
                try {
                    java.nio.file.Files.writeString(cluster.httpAckLog(), receipt.txHash() + " " + receipt.height() + " "
                                    + receipt.index() + " " + receipt.accepted() + " " + receipt.code() + "\n",
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        Collections.sort(latencies);
        JournalAudit.Result audit = audit();
        problems.addAll(audit.problems());
        Row row = new Row("HTTP wait=final on every node", 0, 0, System.currentTimeMillis() - t0,
                Percentiles.nearestRank(latencies, 50, -1), Percentiles.nearestRank(latencies, 99, -1), cluster.maxHeight() - h0, acked,
                audit.acknowledged(), audit.lost(), problems);
        rows.add(row);
        out.println("[chaos] " + row + (problems.isEmpty() ? "" : "  PROBLEMS: " + problems));
        return row;
    }

    // ---- measurement -------------------------------------------------------------------------------

    private Row fault(String name, Runnable inject, Duration hold, Runnable heal) {
        long h0 = cluster.maxHeight();
        long acks0 = ackCount();
        int members0 = liveMembers();
        out.printf("[chaos] %s: height %d, %d acked so far%n", name, h0, acks0);
        long t0 = System.currentTimeMillis();
        long detect = -1;
        long commits = -1;
        long hMax = h0;
        try {
            inject.run();
            long holdEnd = t0 + hold.toMillis();
            while (System.currentTimeMillis() < holdEnd) {
                long now = System.currentTimeMillis();
                if (detect < 0 && faultSeen(members0)) {
                    detect = now - t0;
                }
                hMax = Math.max(hMax, cluster.maxHeight());
                if (commits < 0 && hMax >= h0 + 5) {
                    commits = now - t0;
                }
                LocalCluster.sleep(200);
            }
        } finally {
            heal.run();
        }
        long healStart = System.currentTimeMillis();
        long progress = hMax - h0;
        long acksDuring = ackCount() - acks0;
        long[] latency = latencyPercentiles(t0, healStart);
        long healed = awaitHealed(h0) ? System.currentTimeMillis() - t0 : -1;
        if (commits < 0 && LocalCluster.await(Duration.ofSeconds(30), () -> cluster.maxHeight() >= h0 + 5)) {
            commits = System.currentTimeMillis() - t0;
        }
        if (detect < 0 && name.startsWith("full stop")) {
            detect = 0;
        }
        JournalAudit.Result audit = audit();
        List<String> problems = new ArrayList<>(audit.problems());
        if (healed < 0) {
            problems.add("not healed within " + healBound.toSeconds() + " s: placement " + cluster.placement()
                    + ", heights " + heights());
        }
        Row row = new Row(name, detect, commits, healed, latency[0], latency[1], progress, acksDuring,
                audit.acknowledged(), audit.lost(), problems);
        rows.add(row);
        out.println("[chaos] " + Row.header());
        out.println("[chaos] " + row + (problems.isEmpty() ? "" : "  PROBLEMS: " + problems));
        return row;
    }

    private boolean faultSeen(int members0) {
        for (int node = 1; node <= cluster.nodes(); node++) {
            Optional<JsonNode> status = cluster.status(node);
            if (status.isPresent() && (status.get().path("unreachable").size() > 0
                    || status.get().path("members").size() < members0)) {
                return true;
            }
        }
        return false;
    }

    private int liveMembers() {
        int max = 0;
        for (int node = 1; node <= cluster.nodes(); node++) {
            max = Math.max(max, cluster.status(node).map(s -> s.path("members").size()).orElse(0));
        }
        return max;
    }

    /**
     * Restarts nodes that died (killed, or exited after the split-brain resolver downed them) and waits until the
     * cluster is whole again: every process alive and Up with nothing unreachable, one validator per node (after
     * rebalancing), all validators past {@code h0} with the same state root at a common height, and the HTTP load
     * getting receipts acknowledged as final again.
     */
    public boolean awaitHealed(long h0) {
        long acks = ackCount();
        boolean load = cluster.hasLoad();
        return LocalCluster.await(healBound, () -> {
            restartDeadNodes();
            return membershipWhole() && placementSpread() && rootsAgree(h0) && (!load || ackCount() > acks);
        });
    }

    private void restartDeadNodes() {
        for (int node = 1; node <= cluster.nodes(); node++) {
            if (cluster.process(node).isEmpty()) {
                try {
                    cluster.startNode(node);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private boolean membershipWhole() {
        int expected = cluster.nodes();
        for (int node = 1; node <= cluster.nodes(); node++) {
            Optional<JsonNode> status = cluster.status(node);
            if (status.isEmpty() || !"Up".equals(status.get().path("selfStatus").asText())
                    || status.get().path("unreachable").size() > 0 || status.get().path("members").size() != expected) {
                return false;
            }
            for (JsonNode member : status.get().path("members")) {
                if (!member.asText().endsWith(" Up")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Every validator hosted, and no node hosting two while there are enough nodes for one each. */
    private boolean placementSpread() {
        Map<String, Integer> placement = cluster.placement();
        if (placement.size() < LocalCluster.VALIDATORS) {
            return false;
        }
        long hosts = placement.values().stream().distinct().count();
        return hosts >= Math.min(cluster.nodes(), LocalCluster.VALIDATORS);
    }

    /** Every validator past h0, and the same root at the lowest of their latest heights. */
    private boolean rootsAgree(long h0) {
        List<JsonNode> validators = new ArrayList<>();
        for (int node = 1; node <= cluster.nodes(); node++) {
            cluster.status(node).ifPresent(s -> s.path("validators").forEach(validators::add));
        }
        if (validators.size() < LocalCluster.VALIDATORS) {
            return false;
        }
        long common = Long.MAX_VALUE;
        for (JsonNode validator : validators) {
            common = Math.min(common, validator.path("height").asLong());
        }
        if (common <= h0) {
            return false;
        }
        String root = null;
        for (JsonNode validator : validators) {
            String mine = validator.path("roots").path(Long.toString(common)).asText(null);
            if (mine == null) {
                return false;
            }
            if (root != null && !root.equals(mine)) {
                throw new IllegalStateException("validators disagree on the state root at height " + common);
            }
            root = mine;
        }
        return true;
    }

    public Map<String, Long> heights() {
        Map<String, Long> heights = new java.util.TreeMap<>();
        for (int node = 1; node <= cluster.nodes(); node++) {
            cluster.status(node).ifPresent(s -> s.path("validators").fields()
                    .forEachRemaining(e -> heights.put(e.getKey(), e.getValue().path("height").asLong())));
        }
        return heights;
    }

    /** The node whose address is the oldest validator host in the fresh status files. */
    public int coordinatorNode() {
        for (int node = 1; node <= cluster.nodes(); node++) {
            Optional<JsonNode> status = cluster.status(node);
            if (status.isPresent()) {
                String oldest = status.get().path("oldestHost").asText("");
                for (int candidate = 1; candidate <= cluster.nodes(); candidate++) {
                    if (oldest.contains("@" + LocalCluster.address(candidate) + ":")) {
                        return candidate;
                    }
                }
            }
        }
        throw new IllegalStateException("no node reports the oldest validator host");
    }

    public JournalAudit.Result audit() {
        try {
            List<JournalAudit.Ack> acks = new ArrayList<>(JournalAudit.readAcks(cluster.ackLog()));
            acks.addAll(JournalAudit.readAcks(cluster.httpAckLog()));
            return JournalAudit.audit(cluster.observer(), cluster.genesis(), new ValidatorIds(cluster.genesis()).all(), acks);
        } catch (Exception e) {
            throw new IllegalStateException("journal audit failed: " + e, e);
        }
    }

    private long ackCount() {
        try {
            Path log = cluster.ackLog();
            if (!Files.exists(log)) {
                return 0;
            }
            try (var lines = Files.lines(log)) {
                return lines.count();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** p50 and p99 of the HTTP load's time to finality (failovers included) for receipts acknowledged between from and to. */
    private long[] latencyPercentiles(long fromMillis, long toMillis) {
        List<Long> samples = HttpLoad.latencies(cluster.ackLog(), fromMillis, toMillis + 1_000);
        return new long[] {Percentiles.nearestRank(samples, 50, -1), Percentiles.nearestRank(samples, 99, -1)};
    }

    public String table() {
        StringBuilder table = new StringBuilder(Row.header()).append('\n');
        for (Row row : rows) {
            table.append(row).append('\n');
        }
        return table.toString();
    }
}
