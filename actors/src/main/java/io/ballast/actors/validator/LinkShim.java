package io.ballast.actors.validator;

import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fault injection between validator entities inside one JVM (off by default: every message is
 * delivered at once). At run time it can cut chosen links (both directions), isolate a validator,
 * drop the messages a rule picks, drop a percentage of all messages and delay messages. Thread-safe; seeded, so a chaos run with
 * the same seed and the same message order makes the same choices.
 */
public final class LinkShim {
    /** What to do with one message. {@code delayMillis} is 0 for immediate delivery. */
    public record Verdict(boolean deliver, long delayMillis) {
        static final Verdict NOW = new Verdict(true, 0);
        static final Verdict DROP = new Verdict(false, 0);
    }

    /** Decides, from the raw consensus bytes, whether one message between two validators is lost. */
    @FunctionalInterface
    public interface MessageRule {
        boolean drop(String from, String to, byte[] bytes);
    }

    private final Random random;
    private volatile MessageRule rule;
    private final Set<String> cutLinks = ConcurrentHashMap.newKeySet();
    private final Set<String> isolated = ConcurrentHashMap.newKeySet();
    private volatile boolean silenced;
    private volatile int lossPercent;
    private volatile long delayMillisMax;
    private volatile long dropped;
    private volatile long delayed;

    public LinkShim(long seed) {
        this.random = new Random(seed);
    }

    /** A shim that never interferes. */
    public static LinkShim passThrough() {
        return new LinkShim(0);
    }

    public Verdict decide(String from, String to, byte[] bytes) {
        MessageRule current = rule;
        if (silenced || isolated.contains(from) || isolated.contains(to) || cutLinks.contains(link(from, to))
                || (current != null && current.drop(from, to, bytes))) {
            count(true);
            return Verdict.DROP;
        }
        int loss = lossPercent;
        long delayMax = delayMillisMax;
        if (loss == 0 && delayMax == 0) {
            return Verdict.NOW;
        }
        synchronized (random) {
            if (loss > 0 && random.nextInt(100) < loss) {
                count(true);
                return Verdict.DROP;
            }
            if (delayMax > 0) {
                count(false);
                return new Verdict(true, 1 + (long) (random.nextDouble() * delayMax));
            }
        }
        return Verdict.NOW;
    }

    private synchronized void count(boolean drop) {
        if (drop) {
            dropped++;
        } else {
            delayed++;
        }
    }

    /** Cuts the link between two validators in both directions. */
    public void cut(String a, String b) {
        cutLinks.add(link(a, b));
        cutLinks.add(link(b, a));
    }

    /** Drops every message to and from {@code id} (a partition of one, or a crashed host). */
    public void isolate(String id) {
        isolated.add(id);
    }

    public boolean isIsolated(String id) {
        return isolated.contains(id);
    }

    /** Drops the messages {@code rule} picks (e.g. one round's votes to one validator); null or {@link #heal()} ends it. */
    public void dropWhen(MessageRule rule) {
        this.rule = rule;
    }

    /** Drops this percentage (0..100) of all messages between validators. */
    public void setLossPercent(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("loss percent " + percent);
        }
        lossPercent = percent;
    }

    /** Delays every message by a uniform 1..max milliseconds (0 = no delay). */
    public void setDelayMillisMax(long max) {
        if (max < 0) {
            throw new IllegalArgumentException("delay " + max);
        }
        delayMillisMax = max;
    }

    /** Drops every message from now on (used while shutting down, so no message waits for a departing shard). */
    public void silence() {
        silenced = true;
    }

    /** Removes every fault (not {@link #silence()}). */
    public void heal() {
        cutLinks.clear();
        isolated.clear();
        rule = null;
        lossPercent = 0;
        delayMillisMax = 0;
    }

    public synchronized long droppedMessages() {
        return dropped;
    }

    public synchronized long delayedMessages() {
        return delayed;
    }

    private static String link(String from, String to) {
        return from + "->" + to;
    }
}
