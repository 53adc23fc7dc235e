package io.ballast.cluster.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where validator shards go, as a pure function of (nodes with their failure domains, validator
 * stakes, current allocation). A validator goes to the node whose failure domain, then the node
 * itself, would hold the least stake with it (ties: fewest shards, then address), so stake spreads
 * across domains first and nodes second. BFT consensus halts when 1/3 or more of the stake is down:
 * {@link #concentrations} reports every node and domain at or above that, and {@link #shardToMove}
 * moves one validator at a time while that lowers the largest concentration.
 * Shards without a stake (other entity types) count 0 and are balanced by count.
 */
public final class StakePlacement {
    /** A node hosting a shard region, identified by its address, in a failure domain. */
    public record Node(String address, String domain) {}

    /** A node or domain holding {@code stake} of {@code totalStake} (≥ 1/3 is a single point of halt). */
    public record Concentration(String kind, String name, long stake, long totalStake) {
        public boolean haltsConsensus() {
            return 3 * stake >= totalStake && totalStake > 0;
        }

        @Override
        public String toString() {
            return kind + " " + name + " hosts " + stake + " of " + totalStake + " stake ("
                    + (totalStake == 0 ? 0 : 100 * stake / totalStake) + "%)";
        }
    }

    private final Map<String, Long> stakes;
    private final long totalStake;

    public StakePlacement(Map<String, Long> stakes) {
        this.stakes = Map.copyOf(stakes);
        this.totalStake = stakes.values().stream().mapToLong(Long::longValue).sum();
    }

    public long stakeOf(String shard) {
        return stakes.getOrDefault(shard, 0L);
    }

    public long totalStake() {
        return totalStake;
    }

    /** The node for a new shard. {@code nodes} must not be empty. */
    public Node allocate(String shard, List<Node> nodes, Map<Node, Set<String>> current) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no node to allocate " + shard + " to");
        }
        long stake = stakeOf(shard);
        Map<String, Long> domainStake = domainStakes(nodes, current);
        return nodes.stream().min(Comparator
                        .<Node>comparingLong(n -> domainStake.getOrDefault(n.domain(), 0L) + stake)
                        .thenComparingLong(n -> nodeStake(current.getOrDefault(n, Set.of())) + stake)
                        .thenComparingInt(n -> current.getOrDefault(n, Set.of()).size())
                        .thenComparing(Node::address))
                .orElseThrow();
    }

    /**
     * One shard whose move to another node lowers the largest domain (then node) stake, or empty
     * when no single move improves it. {@code inProgress} shards are left alone.
     */
    public Optional<String> shardToMove(List<Node> nodes, Map<Node, Set<String>> current, Set<String> inProgress) {
        long[] before = peaks(nodes, current);
        String best = null;
        long[] bestPeaks = before;
        for (Node from : nodes) {
            for (String shard : current.getOrDefault(from, Set.of())) {
                if (inProgress.contains(shard) || stakeOf(shard) == 0) {
                    continue;
                }
                Map<Node, Set<String>> without = copyWithout(current, from, shard);
                Node to = allocate(shard, nodes, without);
                if (to.equals(from)) {
                    continue;
                }
                without.computeIfAbsent(to, n -> new java.util.TreeSet<>()).add(shard);
                long[] after = peaks(nodes, without);
                if (lower(after, bestPeaks)) {
                    best = shard;
                    bestPeaks = after;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Every domain and node holding 1/3 or more of the stake. */
    public List<Concentration> concentrations(List<Node> nodes, Map<Node, Set<String>> current) {
        List<Concentration> found = new ArrayList<>();
        domainStakes(nodes, current).forEach((domain, stake) -> found.add(new Concentration("domain", domain, stake, totalStake)));
        for (Node node : nodes) {
            found.add(new Concentration("node", node.address(), nodeStake(current.getOrDefault(node, Set.of())), totalStake));
        }
        found.removeIf(c -> !c.haltsConsensus());
        return found;
    }

    /**
     * Whether the nodes could hold the stake with every domain and node below 1/3 (a necessary
     * count check: at least 4 domains and 4 nodes for equal stakes; no validator alone at ≥ 1/3).
     */
    public boolean spreadPossible(List<Node> nodes) {
        long domains = nodes.stream().map(Node::domain).distinct().count();
        boolean noGiant = stakes.values().stream().allMatch(s -> 3 * s < totalStake);
        return noGiant && domains >= 4 && nodes.size() >= 4;
    }

    private Map<String, Long> domainStakes(List<Node> nodes, Map<Node, Set<String>> current) {
        Map<String, Long> byDomain = new TreeMap<>();
        for (Node node : nodes) {
            byDomain.merge(node.domain(), nodeStake(current.getOrDefault(node, Set.of())), Long::sum);
        }
        return byDomain;
    }

    private long nodeStake(Set<String> shards) {
        long sum = 0;
        for (String shard : shards) {
            sum += stakeOf(shard);
        }
        return sum;
    }

    /**
     * (largest domain stake, domains holding it, largest node stake, nodes holding it). The counts matter when
     * two nodes tie at the peak (e.g. 2+2 validators on 4 nodes after two nodes rejoin): no single move lowers
     * the peak, but one move lowers the number of nodes at it, and the next move then lowers the peak.
     */
    private long[] peaks(List<Node> nodes, Map<Node, Set<String>> current) {
        Map<String, Long> byDomain = domainStakes(nodes, current);
        long domainPeak = byDomain.values().stream().mapToLong(Long::longValue).max().orElse(0);
        long domainsAtPeak = byDomain.values().stream().filter(s -> s == domainPeak).count();
        long[] byNode = nodes.stream().mapToLong(n -> nodeStake(current.getOrDefault(n, Set.of()))).toArray();
        long nodePeak = java.util.Arrays.stream(byNode).max().orElse(0);
        long nodesAtPeak = java.util.Arrays.stream(byNode).filter(s -> s == nodePeak).count();
        return new long[] {domainPeak, domainsAtPeak, nodePeak, nodesAtPeak};
    }

    private static boolean lower(long[] a, long[] b) {
        return java.util.Arrays.compare(a, b) < 0;
    }

    private static Map<Node, Set<String>> copyWithout(Map<Node, Set<String>> current, Node from, String shard) {
        Map<Node, Set<String>> copy = new java.util.HashMap<>();
        current.forEach((node, shards) -> copy.put(node, new java.util.TreeSet<>(shards)));
        copy.get(from).remove(shard);
        return copy;
    }
}
