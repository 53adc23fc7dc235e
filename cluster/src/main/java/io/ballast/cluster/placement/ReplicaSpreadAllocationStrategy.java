package io.ballast.cluster.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import org.apache.pekko.dispatch.Futures;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Future;

/**
 * Cluster Sharding allocation for replicated keepers (one shard per replica): {@link ReplicaSpread}
 * over the regions' node addresses; rebalancing moves one replica at a time off a node that holds
 * two of its group while another node holds none (e.g. when a second node joins).
 */
public final class ReplicaSpreadAllocationStrategy extends ShardCoordinator.AbstractShardAllocationStrategy
        implements ShardCoordinator.ActorSystemDependentAllocationStrategy {
    private final ReplicaSpread spread = new ReplicaSpread(ReplicaSpread::groupBeforeLastDash);
    private Cluster cluster;

    @Override
    public void start(ActorSystem system) {
        this.cluster = Cluster.get(system);
    }

    @Override
    public Future<ActorRef> allocateShard(ActorRef requester, String shardId,
                                          Map<ActorRef, IndexedSeq<String>> currentShardAllocations) {
        Map<String, ActorRef> regions = new HashMap<>();
        Map<String, Set<String>> current = current(currentShardAllocations, regions);
        if (regions.isEmpty()) {
            return Futures.successful(requester);
        }
        return Futures.successful(regions.get(spread.allocate(shardId, new ArrayList<>(regions.keySet()), current)));
    }

    @Override
    public Future<Set<String>> rebalance(Map<ActorRef, IndexedSeq<String>> currentShardAllocations,
                                         Set<String> rebalanceInProgress) {
        if (!rebalanceInProgress.isEmpty()) {
            return Futures.successful(Set.of());
        }
        Map<String, ActorRef> regions = new HashMap<>();
        Map<String, Set<String>> current = current(currentShardAllocations, regions);
        List<String> nodes = new ArrayList<>(regions.keySet());
        return Futures.successful(spread.shardToMove(nodes, current, rebalanceInProgress).map(Set::of).orElse(Set.of()));
    }

    private Map<String, Set<String>> current(Map<ActorRef, IndexedSeq<String>> allocations, Map<String, ActorRef> regions) {
        Map<String, Set<String>> current = new HashMap<>();
        allocations.forEach((region, shards) -> {
            Address address = region.path().address();
            String node = (address.hasGlobalScope() ? address : cluster.selfAddress()).toString();
            regions.put(node, region);
            Set<String> set = new HashSet<>();
            shards.foreach(set::add);
            current.put(node, set);
        });
        return current;
    }
}
