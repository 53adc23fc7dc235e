package io.ballast.cluster.placement;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Placement of replicated shards (e.g. {@code liquidator-<partition>-<replica>}): a shard goes to
 * the node holding the fewest shards of its group (then the fewest shards, then the lowest
 * address), so the replicas of one group land on different nodes whenever there are enough.
 * Pure: nodes are addresses, the allocation a map from node to its shards.
 */
public final class ReplicaSpread {
    private final Function<String, String> groupOf;

    /** @param groupOf the replica group of a shard id (replicas of one group should not share a node) */
    public ReplicaSpread(Function<String, String> groupOf) {
        this.groupOf = groupOf;
    }

    /** Group of {@code name-<group>-<replica>}: everything before the last '-'. */
    public static String groupBeforeLastDash(String shardId) {
        int dash = shardId.lastIndexOf('-');
        return dash < 0 ? shardId : shardId.substring(0, dash);
    }

    public String allocate(String shardId, List<String> nodes, Map<String, Set<String>> current) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no nodes");
        }
        String group = groupOf.apply(shardId);
        return nodes.stream().min(Comparator.<String>comparingLong(n -> inGroup(current, n, group))
                .thenComparingInt(n -> current.getOrDefault(n, Set.of()).size())
                .thenComparing(Comparator.naturalOrder())).orElseThrow();
    }

    /** One shard to move: a replica sharing its node with another of its group while some node holds none of that group. */
    public Optional<String> shardToMove(List<String> nodes, Map<String, Set<String>> current, Set<String> inProgress) {
        for (String node : nodes.stream().sorted().toList()) {
            for (String shard : current.getOrDefault(node, Set.of()).stream().sorted().toList()) {
                String group = groupOf.apply(shard);
                if (inProgress.contains(shard) || inGroup(current, node, group) < 2) {
                    continue;
                }
                boolean freeNode = nodes.stream().anyMatch(other -> inGroup(current, other, group) == 0);
                if (freeNode) {
                    return Optional.of(shard);
                }
            }
        }
        return Optional.empty();
    }

    private long inGroup(Map<String, Set<String>> current, String node, String group) {
        return current.getOrDefault(node, Set.of()).stream().filter(s -> groupOf.apply(s).equals(group)).count();
    }
}
