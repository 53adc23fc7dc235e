package io.ballast.cluster.placement;

import java.time.Duration;
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
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.event.Logging;
import org.apache.pekko.event.LoggingAdapter;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Future;

/**
 * Cluster Sharding allocation for validators (one shard per validator): delegates every decision
 * to {@link StakePlacement} with each region's node address and failure domain, the latter from
 * the member role {@code failure-domain:NAME} ({@code ballast.node.failure-domain}). Logs a warning
 * with the numbers whenever a node or domain ends up with 1/3 or more of the stake.
 */
public final class FailureDomainAllocationStrategy extends ShardCoordinator.AbstractShardAllocationStrategy
        implements ShardCoordinator.ActorSystemDependentAllocationStrategy {
    public static final String DOMAIN_ROLE_PREFIX = "failure-domain:";

    private final StakePlacement placement;
    private final long warnIntervalNanos;
    private Cluster cluster;
    private LoggingAdapter log;
    private long lastWarningNanos;
    private String lastWarning = "";

    public FailureDomainAllocationStrategy(Map<String, Long> stakes, Duration warnInterval) {
        this.placement = new StakePlacement(stakes);
        this.warnIntervalNanos = warnInterval.toNanos();
    }

    @Override
    public void start(ActorSystem system) {
        this.cluster = Cluster.get(system);
        this.log = Logging.getLogger(system, FailureDomainAllocationStrategy.class);
    }

    @Override
    public Future<ActorRef> allocateShard(ActorRef requester, String shardId,
                                          Map<ActorRef, IndexedSeq<String>> currentShardAllocations) {
        Map<StakePlacement.Node, ActorRef> regions = new HashMap<>();
        Map<StakePlacement.Node, Set<String>> current = current(currentShardAllocations, regions);
        List<StakePlacement.Node> nodes = new ArrayList<>(regions.keySet());
        if (nodes.isEmpty()) {
            return Futures.successful(requester);
        }
        StakePlacement.Node chosen = placement.allocate(shardId, nodes, current);
        current.computeIfAbsent(chosen, n -> new HashSet<>()).add(shardId);
        warnIfConcentrated(nodes, current);
        return Futures.successful(regions.get(chosen));
    }

    @Override
    public Future<Set<String>> rebalance(Map<ActorRef, IndexedSeq<String>> currentShardAllocations,
                                         Set<String> rebalanceInProgress) {
        if (!rebalanceInProgress.isEmpty()) {
            return Futures.successful(Set.of());
        }
        Map<StakePlacement.Node, ActorRef> regions = new HashMap<>();
        Map<StakePlacement.Node, Set<String>> current = current(currentShardAllocations, regions);
        List<StakePlacement.Node> nodes = new ArrayList<>(regions.keySet());
        warnIfConcentrated(nodes, current);
        return Futures.successful(placement.shardToMove(nodes, current, rebalanceInProgress)
                .map(Set::of).orElse(Set.of()));
    }

    private Map<StakePlacement.Node, Set<String>> current(Map<ActorRef, IndexedSeq<String>> allocations,
                                                          Map<StakePlacement.Node, ActorRef> regions) {
        Map<StakePlacement.Node, Set<String>> current = new HashMap<>();
        allocations.forEach((region, shards) -> {
            StakePlacement.Node node = nodeOf(region);
            regions.put(node, region);
            Set<String> set = new HashSet<>();
            shards.foreach(set::add);
            current.put(node, set);
        });
        return current;
    }

    private StakePlacement.Node nodeOf(ActorRef region) {
        Address address = region.path().address();
        if (!address.hasGlobalScope()) {
            address = cluster.selfAddress();
        }
        String domain = "default";
        for (Member member : cluster.state().getMembers()) {
            if (member.address().equals(address)) {
                for (String role : member.getRoles()) {
                    if (role.startsWith(DOMAIN_ROLE_PREFIX)) {
                        domain = role.substring(DOMAIN_ROLE_PREFIX.length());
                    }
                }
            }
        }
        return new StakePlacement.Node(address.toString(), domain);
    }

    private void warnIfConcentrated(List<StakePlacement.Node> nodes, Map<StakePlacement.Node, Set<String>> current) {
        List<StakePlacement.Concentration> concentrated = placement.concentrations(nodes, current);
        if (concentrated.isEmpty()) {
            return;
        }
        String warning = "validator placement: " + concentrated + " (>= 1/3 of the stake: losing it halts consensus); "
                + (placement.spreadPossible(nodes) ? "rebalancing"
                : "cannot spread: " + nodes.size() + " node(s) in "
                + nodes.stream().map(StakePlacement.Node::domain).distinct().count()
                + " domain(s); at least 4 of each are needed");
        long now = System.nanoTime();
        if (!warning.equals(lastWarning) || now - lastWarningNanos > warnIntervalNanos) {
            log.warning(warning);
            lastWarning = warning;
            lastWarningNanos = now;
        }
    }
}
