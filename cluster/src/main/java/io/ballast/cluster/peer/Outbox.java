package io.ballast.cluster.peer;

import java.util.ArrayDeque;
import org.apache.pekko.util.ByteString;

/**
 * One peer's outbound frames, bounded by count and by bytes. It outlives connections: frames queued while the
 * peer is unreachable go out after the reconnect, up to the bounds; beyond them a send is refused (the caller
 * counts the drop). At most one connection drains it at a time and is woken when a frame arrives.
 */
final class Outbox {
    private final int maxFrames;
    private final long maxBytes;
    private final ArrayDeque<ByteString> frames = new ArrayDeque<>();
    private long bytes;
    private Runnable waiter;

    Outbox(int maxFrames, long maxBytes) {
        if (maxFrames <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("outbox bounds must be positive");
        }
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
    }

    /** Queues {@code frame} unless a bound would be exceeded. */
    boolean offer(ByteString frame) {
        Runnable wake;
        synchronized (this) {
            if (frames.size() >= maxFrames || bytes + frame.size() > maxBytes) {
                return false;
            }
            frames.addLast(frame);
            bytes += frame.size();
            wake = waiter;
            waiter = null;
        }
        if (wake != null) {
            wake.run();
        }
        return true;
    }

    /** The oldest frame; if none, {@code wake} runs once when one arrives (replacing any earlier waiter). */
    synchronized ByteString poll(Runnable wake) {
        ByteString frame = frames.pollFirst();
        if (frame == null) {
            waiter = wake;
            return null;
        }
        bytes -= frame.size();
        return frame;
    }

    /** Forgets {@code wake} if it is still waiting (its connection ended). */
    synchronized void cancelWaiter(Runnable wake) {
        if (waiter == wake) {
            waiter = null;
        }
    }

    synchronized int frames() {
        return frames.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized void clear() {
        frames.clear();
        bytes = 0;
    }
}
