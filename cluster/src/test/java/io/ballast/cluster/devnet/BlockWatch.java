package io.ballast.cluster.devnet;

import io.ballast.actors.validator.BlockFinalized;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Test helper: every published block, by validator and height (state roots), and bounded waiting. */
final class BlockWatch {
    private final Map<String, TreeMap<Long, String>> roots = new ConcurrentHashMap<>();

    static BlockWatch attach(ActorSystem<?> system, String name) {
        BlockWatch watch = new BlockWatch();
        system.eventStream().tell(new EventStream.Subscribe<>(BlockFinalized.class,
                system.systemActorOf(Behaviors.<BlockFinalized>receiveMessage(block -> {
                    watch.record(block);
                    return Behaviors.same();
                }), name, Props.empty())));
        return watch;
    }

    private void record(BlockFinalized block) {
        TreeMap<Long, String> byHeight = roots.computeIfAbsent(block.validatorId(), id -> new TreeMap<>());
        synchronized (byHeight) {
            byHeight.put(block.height(), block.stateRoot());
        }
    }

    long height(String validatorId) {
        TreeMap<Long, String> byHeight = roots.get(validatorId);
        if (byHeight == null) {
            return 0;
        }
        synchronized (byHeight) {
            return byHeight.isEmpty() ? 0 : byHeight.lastKey();
        }
    }

    String root(String validatorId, long height) {
        TreeMap<Long, String> byHeight = roots.get(validatorId);
        if (byHeight == null) {
            return null;
        }
        synchronized (byHeight) {
            return byHeight.get(height);
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
