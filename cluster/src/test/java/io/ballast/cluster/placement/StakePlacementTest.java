package io.ballast.cluster.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.cluster.placement.StakePlacement.Node;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class StakePlacementTest {
    private static final Map<String, Long> FOUR_EQUAL = Map.of("validator-0", 100L, "validator-1", 100L,
            "validator-2", 100L, "validator-3", 100L);

    @Test
    void fourValidatorsOnFourNodesInFourDomainsGetOneEachAndNothingIsConcentrated() {
        StakePlacement placement = new StakePlacement(FOUR_EQUAL);
        List<Node> nodes = List.of(node("a", "rack-a"), node("b", "rack-b"), node("c", "rack-c"), node("d", "rack-d"));
        Map<Node, Set<String>> current = allocateAll(placement, nodes, FOUR_EQUAL.keySet());

        nodes.forEach(n -> assertEquals(1, current.get(n).size(), n.toString()));
        assertTrue(placement.concentrations(nodes, current).isEmpty());
        assertTrue(placement.spreadPossible(nodes));
    }

    @Test
    void domainsAreFilledBeforeASecondNodeOfTheSameDomain() {
        StakePlacement placement = new StakePlacement(FOUR_EQUAL);
        List<Node> nodes = List.of(node("a1", "rack-a"), node("a2", "rack-a"), node("a3", "rack-a"),
                node("b", "rack-b"), node("c", "rack-c"), node("d", "rack-d"));
        Map<Node, Set<String>> current = allocateAll(placement, nodes, FOUR_EQUAL.keySet());

        Map<String, Integer> perDomain = new TreeMap<>();
        current.forEach((n, shards) -> perDomain.merge(n.domain(), shards.size(), Integer::sum));
        assertEquals(Map.of("rack-a", 1, "rack-b", 1, "rack-c", 1, "rack-d", 1), perDomain);
        assertTrue(placement.concentrations(nodes, current).isEmpty());
    }

    @Test
    void tooFewDomainsAreReportedWithTheNumbers() {
        StakePlacement placement = new StakePlacement(FOUR_EQUAL);
        List<Node> nodes = List.of(node("a1", "rack-a"), node("a2", "rack-a"), node("b1", "rack-b"), node("b2", "rack-b"));
        Map<Node, Set<String>> current = allocateAll(placement, nodes, FOUR_EQUAL.keySet());

        nodes.forEach(n -> assertEquals(1, current.get(n).size(), "nodes still balanced: " + n));
        List<StakePlacement.Concentration> concentrated = placement.concentrations(nodes, current);
        assertEquals(2, concentrated.size(), concentrated.toString());
        assertEquals("domain rack-a hosts 200 of 400 stake (50%)", concentrated.get(0).toString());
        assertFalse(placement.spreadPossible(nodes));
    }

    @Test
    void aSingleNodeHostsEverythingAndSaysSo() {
        StakePlacement placement = new StakePlacement(FOUR_EQUAL);
        List<Node> nodes = List.of(node("only", "default"));
        Map<Node, Set<String>> current = allocateAll(placement, nodes, FOUR_EQUAL.keySet());

        assertEquals(4, current.get(nodes.get(0)).size());
        assertEquals(List.of("domain default hosts 400 of 400 stake (100%)", "node only hosts 400 of 400 stake (100%)"),
                placement.concentrations(nodes, current).stream().map(Object::toString).toList());
    }

    @Test
    void unequalStakeGoesWhereItKeepsDomainsLightest() {
        Map<String, Long> stakes = Map.of("big", 300L, "s1", 100L, "s2", 100L, "s3", 100L, "s4", 100L, "s5", 100L,
                "s6", 100L, "s7", 100L);
        StakePlacement placement = new StakePlacement(stakes);
        List<Node> nodes = List.of(node("a", "rack-a"), node("b", "rack-b"), node("c", "rack-c"), node("d", "rack-d"));
        Map<Node, Set<String>> current = new HashMap<>();
        for (String shard : List.of("big", "s1", "s2", "s3", "s4", "s5", "s6", "s7")) {
            Node chosen = placement.allocate(shard, nodes, current);
            current.computeIfAbsent(chosen, n -> new TreeSet<>()).add(shard);
        }
        // total 1000: the big validator's domain gets nothing else until the others reach 300
        assertEquals(Set.of("big"), current.get(node("a", "rack-a")));
        assertTrue(placement.concentrations(nodes, current).isEmpty());
    }

    @Test
    void rebalanceMovesOneValidatorAtATimeUntilSpread() {
        StakePlacement placement = new StakePlacement(FOUR_EQUAL);
        List<Node> nodes = List.of(node("a", "rack-a"), node("b", "rack-b"), node("c", "rack-c"), node("d", "rack-d"));
        Map<Node, Set<String>> current = new HashMap<>();
        current.put(nodes.get(0), new TreeSet<>(FOUR_EQUAL.keySet()));
        int moves = 0;
        Optional<String> move;
        while ((move = placement.shardToMove(nodes, current, Set.of())).isPresent()) {
            String shard = move.get();
            Node from = nodes.stream().filter(n -> current.getOrDefault(n, Set.of()).contains(shard)).findFirst().orElseThrow();
            current.get(from).remove(shard);
            Node to = placement.allocate(shard, nodes, current);
            current.computeIfAbsent(to, n -> new TreeSet<>()).add(shard);
            assertTrue(++moves <= 3, "at most three moves");
        }
        assertEquals(3, moves);
        nodes.forEach(n -> assertEquals(1, current.get(n).size()));
    }

    @Test
    void rebalanceSpreadsTwoTiedNodesOntoRejoinedEmptyOnes() {
        // found by the chaos suite: two nodes downed, their validators on the two survivors (2 + 2), the nodes
        // rejoin empty; no single move lowers the 50 % peak (the other survivor still holds 50 %)
        StakePlacement placement = new StakePlacement(FOUR_EQUAL);
        List<Node> nodes = List.of(node("a", "rack-a"), node("b", "rack-b"), node("c", "rack-c"), node("d", "rack-d"));
        Map<Node, Set<String>> current = new HashMap<>();
        current.put(nodes.get(1), new TreeSet<>(Set.of("validator-0", "validator-3")));
        current.put(nodes.get(3), new TreeSet<>(Set.of("validator-1", "validator-2")));
        int moves = 0;
        Optional<String> move;
        while ((move = placement.shardToMove(nodes, current, Set.of())).isPresent()) {
            String shard = move.get();
            Node from = nodes.stream().filter(n -> current.getOrDefault(n, Set.of()).contains(shard)).findFirst().orElseThrow();
            current.get(from).remove(shard);
            Node to = placement.allocate(shard, nodes, current);
            current.computeIfAbsent(to, n -> new TreeSet<>()).add(shard);
            assertTrue(++moves <= 2, "at most two moves");
        }
        assertEquals(2, moves);
        nodes.forEach(n -> assertEquals(1, current.get(n).size()));
    }

    @Test
    void rebalanceLeavesShardsInProgressAndBalancedPlacementsAlone() {
        StakePlacement placement = new StakePlacement(Map.of("v0", 100L, "v1", 100L));
        List<Node> nodes = List.of(node("a", "rack-a"), node("b", "rack-b"));
        Map<Node, Set<String>> stacked = Map.of(nodes.get(0), Set.of("v0", "v1"), nodes.get(1), Set.of());
        assertEquals(Optional.empty(), placement.shardToMove(nodes, stacked, Set.of("v0", "v1")));
        assertTrue(placement.shardToMove(nodes, stacked, Set.of("v0")).isPresent());
        Map<Node, Set<String>> spread = Map.of(nodes.get(0), Set.of("v0"), nodes.get(1), Set.of("v1"));
        assertEquals(Optional.empty(), placement.shardToMove(nodes, spread, Set.of()));
    }

    @Test
    void shardsWithoutStakeAreBalancedByCount() {
        StakePlacement placement = new StakePlacement(Map.of());
        List<Node> nodes = List.of(node("a", "x"), node("b", "x"), node("c", "y"));
        Map<Node, Set<String>> current = allocateAll(placement, nodes, Set.of("s1", "s2", "s3", "s4", "s5", "s6"));
        nodes.forEach(n -> assertEquals(2, current.get(n).size()));
    }

    private static Map<Node, Set<String>> allocateAll(StakePlacement placement, List<Node> nodes, Set<String> shards) {
        Map<Node, Set<String>> current = new HashMap<>();
        for (String shard : new TreeSet<>(shards)) {
            Node chosen = placement.allocate(shard, nodes, current);
            current.computeIfAbsent(chosen, n -> new TreeSet<>()).add(shard);
        }
        return current;
    }

    private static Node node(String address, String domain) {
        return new Node(address, domain);
    }
}
