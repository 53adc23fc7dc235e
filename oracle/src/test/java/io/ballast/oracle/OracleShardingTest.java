package io.ballast.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.LedgerFixtures;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.oracle.source.sim.SimulatedMarket;
import io.ballast.oracle.source.sim.SimulationParams;
import io.ballast.persistence.BallastConfig;
import io.ballast.persistence.embedded.EmbeddedJournal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.coordination.lease.javadsl.Lease;
import org.apache.pekko.coordination.lease.javadsl.LeaseProvider;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes of one cluster in this JVM on one embedded journal, both registering the operator entity type and keeping
 * {@code oracle-0} alive: it reports without any command sent to it, and when the node hosting it stops, sharding
 * starts it on the other node, which continues from the journal — later rounds and timestamps, and never a second
 * encoding for a (market, timestamp) the first node signed; after a graceful stop and after a crash. As on the nodes, the operator's shard holds the journal's
 * lease ({@code JdbcLease}) and the operator confirms it before it writes and before it signs.
 */
class OracleShardingTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CHAIN_ID = "ballast-test";
    private static final List<String> MARKETS = List.of("BTC-PERP", "ETH-PERP");
    private static final String LEASE = "ballast.validator-lease";

    /** One submitted report and the node whose operator incarnation sent it. */
    private record Sent(String node, byte[] transaction) {
        TxBody.OracleReport report() {
            return (TxBody.OracleReport) SignedTransaction.decode(transaction).body();
        }
    }

    @Test
    void theOperatorRunsWithoutAMessageAndResumesOnTheOtherNodeWhenItsNodeStops(@TempDir Path dir) throws Exception {
        runAndMove(dir, false);
    }

    /**
     * Its node crashes (stopped without leaving the cluster or releasing the lease) and is downed, as the split-brain
     * resolver would: the operator resumes on the other node once the crashed holder's lease has expired.
     */
    @Test
    void theOperatorResumesOnTheOtherNodeAfterItsNodeCrashesAndIsDowned(@TempDir Path dir) throws Exception {
        runAndMove(dir, true);
    }

    private void runAndMove(Path dir, boolean crash) throws Exception {
        Config config = EmbeddedJournal.prepare(BallastConfig.load(ConfigFactory.parseString(String.join("\n",
                "pekko.coordinated-shutdown.run-by-actor-system-terminate = " + (crash ? "off" : "on"),
                "ballast.data-dir = \"" + dir + "\"",
                "pekko.actor.provider = cluster",
                "pekko.remote.artery.canonical.hostname = 127.0.0.1",
                "pekko.remote.artery.canonical.port = 0",
                "pekko.cluster.jmx.enabled = off",
                "pekko.cluster.sharding.use-lease = \"" + LEASE + "\"",
                "pekko.cluster.sharding.lease-retry-interval = 300ms",
                LEASE + " { heartbeat-timeout = 6s, heartbeat-interval = 500ms, signing-margin = 3s }",
                "pekko.loglevel = WARNING"))));
        ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
        ActorSystem<Void> first = ActorSystem.create(Behaviors.empty(), "ballast", config);
        ActorSystem<Void> second = ActorSystem.create(Behaviors.empty(), "ballast", config);
        Map<String, ActorSystem<Void>> nodes = Map.of("first", first, "second", second);
        Map<String, AtomicInteger> leaseChecks = Map.of("first", new AtomicInteger(), "second", new AtomicInteger());
        try {
            Address seed = Cluster.get(first).selfMember().address();
            Cluster.get(first).manager().tell(Join.create(seed));
            Cluster.get(second).manager().tell(Join.create(seed));
            await("both members Up", () -> upMembers(first) == 2 && upMembers(second) == 2);
            nodes.forEach((name, system) -> {
                OracleSetup setup = new OracleSetup(
                        OperatorSettings.of(CHAIN_ID, MARKETS, 200).withBackoffMillis(100, 1_000),
                        new OracleIds(LedgerFixtures.ORACLES.stream().map(KeyPair::publicKey).toList()),
                        id -> LedgerFixtures.ORACLES.get(0),
                        index -> new SimulatedMarket(SimulationParams.defaults(5, System.currentTimeMillis() - 60_000)),
                        tx -> sent.add(new Sent(name, tx)), System::currentTimeMillis)
                        .withFence(id -> {
                            leaseChecks.get(name).incrementAndGet();
                            return lease(system, id).checkLease();
                        });
                OracleOperator.init(system, setup, entity -> entity);
                system.systemActorOf(OracleKeepAlive.create(List.of("oracle-0"), Duration.ofMillis(300)),
                        "oracle-keepalive", Props.empty());
            });

            await("reports from oracle-0 with no command sent to it", () -> sent.size() >= 6);
            String host = last(sent).node();
            ActorSystem<Void> survivor = host.equals("first") ? second : first;
            String survivorName = host.equals("first") ? "second" : "first";
            long roundBefore = status(survivor).round();
            assertTrue(roundBefore >= 3, "rounds journaled before the stop: " + roundBefore);

            long stopNanos = System.nanoTime();
            Address hostAddress = Cluster.get(nodes.get(host)).selfMember().address();
            nodes.get(host).terminate(); // crash: no hand-off, no leave, the lease stays taken until it expires
            nodes.get(host).getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (crash) {
                Cluster.get(survivor).manager().tell(new Down(hostAddress));
            }
            Map<String, Long> lastOnHost = new HashMap<>();
            for (Sent s : sent) {
                lastOnHost.merge(s.report().marketId(), s.report().timestampMillis(), Math::max);
            }
            await("new rounds from " + survivorName, () -> sent.stream().filter(s -> s.node().equals(survivorName)
                    && s.report().timestampMillis() > lastOnHost.get(s.report().marketId())).count() >= 4);
            System.out.printf("oracle-0 moved from %s to %s after a %s: first new report %d ms after the stop began%n",
                    host, survivorName, crash ? "crash" : "graceful stop", (System.nanoTime() - stopNanos) / 1_000_000);

            assertTrue(leaseChecks.get(host).get() > 0 && leaseChecks.get(survivorName).get() > 0,
                    "both incarnations confirmed the lease: " + leaseChecks);
            OracleOperator.Status moved = status(survivor);
            assertTrue(moved.round() > roundBefore, "rounds continue from the journal: " + roundBefore + " -> " + moved.round());
            assertOneEncodingPerSlotAndIncreasingTimestamps(new ArrayList<>(sent));
        } finally {
            first.terminate();
            second.terminate();
            first.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            second.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** Per node in sending order, new reports have later timestamps; across nodes a slot has one encoding only. */
    private static void assertOneEncodingPerSlotAndIncreasingTimestamps(List<Sent> all) {
        Map<String, byte[]> bySlot = new HashMap<>();
        Map<String, Long> lastNew = new HashMap<>();
        for (Sent s : all) {
            String slot = s.report().marketId() + "@" + s.report().timestampMillis();
            byte[] previous = bySlot.putIfAbsent(slot, s.transaction());
            if (previous != null) {
                assertTrue(Arrays.equals(previous, s.transaction()), "two reports signed for " + slot);
                continue; // a re-send of the same bytes (after the move)
            }
            Long last = lastNew.put(s.report().marketId(), s.report().timestampMillis());
            assertTrue(last == null || s.report().timestampMillis() > last, "timestamps go backwards at " + slot);
        }
        assertEquals(2, lastNew.size());
    }

    /** The lease sharding acquires for the operator's shard on {@code system} (the name and owner sharding uses). */
    private static Lease lease(ActorSystem<?> system, String operatorId) {
        String owner = org.apache.pekko.cluster.Cluster.get(system).selfAddress().hostPort();
        return LeaseProvider.get(system).getLease(system.name() + "-shard-" + OracleOperator.TYPE_KEY.name() + "-"
                + OracleOperator.shardOf(operatorId), LEASE, owner);
    }

    private static Sent last(ConcurrentLinkedQueue<Sent> sent) {
        Sent last = null;
        for (Sent s : sent) {
            last = s;
        }
        return last;
    }

    private static OracleOperator.Status status(ActorSystem<?> system) throws Exception {
        return ClusterSharding.get(system).entityRefFor(OracleOperator.TYPE_KEY, "oracle-0")
                .<OracleOperator.Status>ask(OracleOperator.GetStatus::new, Duration.ofSeconds(20))
                .toCompletableFuture().get(25, TimeUnit.SECONDS);
    }

    private static long upMembers(ActorSystem<?> system) {
        long count = 0;
        for (org.apache.pekko.cluster.Member member : Cluster.get(system).state().getMembers()) {
            count += member.status() == MemberStatus.up() ? 1 : 0;
        }
        return count;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
