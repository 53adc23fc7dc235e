package io.ballast.cluster.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplicaSpreadTest {
    private final ReplicaSpread spread = new ReplicaSpread(ReplicaSpread::groupBeforeLastDash);

    @Test
    void replicasOfOnePartitionGoToDifferentNodes() {
        List<String> nodes = List.of("a", "b", "c");
        Map<String, Set<String>> current = new HashMap<>();
        for (String shard : List.of("liquidator-0-0", "liquidator-0-1", "liquidator-1-0", "liquidator-1-1")) {
            String node = spread.allocate(shard, nodes, current);
            current.computeIfAbsent(node, n -> new HashSet<>()).add(shard);
        }
        assertNotEquals(nodeOf(current, "liquidator-0-0"), nodeOf(current, "liquidator-0-1"));
        assertNotEquals(nodeOf(current, "liquidator-1-0"), nodeOf(current, "liquidator-1-1"));
        assertTrue(current.values().stream().allMatch(s -> s.size() <= 2), current.toString());
    }

    @Test
    void oneNodeHostsBothAndASecondNodeTakesOneReplicaAtATime() {
        Map<String, Set<String>> current = new HashMap<>();
        for (String shard : List.of("liquidator-0-0", "liquidator-0-1")) {
            current.computeIfAbsent(spread.allocate(shard, List.of("a"), current), n -> new HashSet<>()).add(shard);
        }
        assertEquals(Set.of("liquidator-0-0", "liquidator-0-1"), current.get("a"));
        assertEquals(Optional.empty(), spread.shardToMove(List.of("a"), current, Set.of()));
        Optional<String> move = spread.shardToMove(List.of("a", "b"), current, Set.of());
        assertTrue(move.isPresent());
        assertEquals("b", spread.allocate(move.get(), List.of("a", "b"),
                Map.of("a", Set.of(otherOf(move.get())))));
    }

    private static String otherOf(String shard) {
        return shard.endsWith("-0") ? "liquidator-0-1" : "liquidator-0-0";
    }

    private static String nodeOf(Map<String, Set<String>> current, String shard) {
        return current.entrySet().stream().filter(e -> e.getValue().contains(shard)).findFirst().orElseThrow().getKey();
    }
}
