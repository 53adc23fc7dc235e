package io.ballast.persistence.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.coordination.lease.LeaseSettings;

/**
 * The behaviour every {@link StoreLease} must have, run against one store: one holder at a time, renewal keeps it,
 * release hands it over, a silent holder stops confirming before anyone else can take it, and a holder whose record
 * was taken learns it (lease-lost callback, {@code checkLease} false).
 */
final class LeaseScenario {
    static final Duration TTL = Duration.ofSeconds(3);
    static final Duration INTERVAL = Duration.ofMillis(300);
    static final Duration MARGIN = Duration.ofMillis(1_500);

    /** The lease block for {@code leaseClass} with short timings. */
    static Config leaseConfig(String leaseClass) {
        return ConfigFactory.parseString(String.join("\n",
                "lease-class = \"" + leaseClass + "\"",
                "heartbeat-timeout = " + TTL.toMillis() + "ms",
                "heartbeat-interval = " + INTERVAL.toMillis() + "ms",
                "lease-operation-timeout = 5s",
                "signing-margin = " + MARGIN.toMillis() + "ms"));
    }

    interface Factory extends BiFunction<LeaseSettings, ExtendedActorSystem, StoreLease> {}

    /**
     * What a run observed, for the store's own test to assert on.
     *
     * @param takeoverMillis      how long after the holder went silent another owner got the lease
     * @param lostCallbacks       lease-lost callbacks the robbed holder received
     * @param intruderRespected   the record written behind the holder's back kept the lease from it
     */
    record Outcome(long takeoverMillis, int lostCallbacks, boolean intruderRespected) {}

    /**
     * @param steal makes {@code intruder} the record's owner behind the holder's back (a direct write to the store)
     */
    static Outcome run(Config systemConfig, Factory factory, String name, Consumer<String> steal) throws Exception {
        Config lease = leaseConfig("unused");
        ActorSystem systemA = ActorSystem.create("lease-a", systemConfig);
        ActorSystem systemB = ActorSystem.create("lease-b", systemConfig);
        try {
            StoreLease a = factory.apply(LeaseSettings.apply(lease, name, "owner-a"), (ExtendedActorSystem) systemA);
            StoreLease b = factory.apply(LeaseSettings.apply(lease, name, "owner-b"), (ExtendedActorSystem) systemB);
            AtomicInteger aLost = new AtomicInteger();
            assertTrue(get(a.acquire(reason -> aLost.incrementAndGet())), "a free lease is taken");
            assertTrue(a.checkLease(), "the holder confirms it");
            assertFalse(get(b.acquire()), "held by a: refused to b");
            assertFalse(b.checkLease(), "b never held it");

            Thread.sleep(TTL.multipliedBy(2).toMillis());
            assertTrue(a.checkLease(), "renewals keep it past the time to live");
            assertFalse(get(b.acquire()), "still a's after two times the time to live");
            assertEquals(0, aLost.get());

            assertTrue(get(a.release()), "released");
            assertFalse(a.checkLease(), "not confirmed after release");
            AtomicInteger bLost = new AtomicInteger();
            assertTrue(get(b.acquire(reason -> bLost.incrementAndGet())), "a released lease is taken at once");

            // b goes silent (its system stops, as a crashed or frozen node): a may take over only after the time to
            // live, and by then b no longer confirms it (b stops signing-margin before the store's expiry)
            long silentFrom = System.nanoTime(); // b's last renewal was at most one interval before this
            systemB.terminate();
            get(systemB.getWhenTerminated().toCompletableFuture().thenApply(t -> true));
            boolean bConfirmedWhenTaken = true;
            boolean taken = false;
            while (!taken && System.nanoTime() - silentFrom < TTL.multipliedBy(4).toNanos()) {
                boolean bConfirms = b.checkLease();
                taken = get(a.acquire(reason -> aLost.incrementAndGet()));
                bConfirmedWhenTaken = bConfirms;
                if (!taken) {
                    Thread.sleep(100);
                }
            }
            long takeoverMillis = (System.nanoTime() - silentFrom) / 1_000_000;
            assertTrue(taken, "a silent holder's lease expires");
            assertFalse(bConfirmedWhenTaken, "the silent holder stopped confirming before another owner got it");
            assertTrue(System.nanoTime() - silentFrom >= TTL.minus(INTERVAL).minus(Duration.ofMillis(500)).toNanos(),
                    "not before about the time to live");

            // someone else writes the record behind a's back: a's next renewal fails, it learns it lost the lease
            steal.accept("intruder");
            long stolenAt = System.nanoTime();
            while (a.checkLease() && System.nanoTime() - stolenAt < TTL.toNanos()) {
                Thread.sleep(50);
            }
            assertFalse(a.checkLease(), "a holder whose record was taken stops confirming");
            // the callback follows the local check going false (or, on a slow machine, the next failed renewal)
            long toldBy = System.nanoTime() + TTL.toNanos();
            while (aLost.get() == 0 && System.nanoTime() - toldBy < 0) {
                Thread.sleep(50);
            }
            Thread.sleep(INTERVAL.multipliedBy(3).toMillis()); // no second call from later renewals
            assertEquals(1, aLost.get(), "and is told once (lease-lost callback)");
            boolean intruderRespected = !get(a.acquire());
            assertTrue(intruderRespected, "the intruder's record is respected");
            return new Outcome(takeoverMillis, aLost.get(), intruderRespected);
        } finally {
            systemA.terminate();
            systemB.terminate();
            systemA.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    private static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private LeaseScenario() {}
}
