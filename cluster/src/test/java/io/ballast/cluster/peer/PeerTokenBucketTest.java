package io.ballast.cluster.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PeerTokenBucketTest {
    private static final long SECOND = TokenBucket.NANOS_PER_SECOND;

    @Test
    void aBurstPassesThenTheRateHolds() {
        long now = -5 * SECOND; // nanoTime may be negative
        TokenBucket bucket = new TokenBucket(100, SECOND, 10, now);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, bucket.reserveNanos(1, now), "burst frame " + i);
        }
        assertEquals(SECOND / 100, bucket.reserveNanos(1, now), "the 11th waits one interval");
        assertEquals(2 * SECOND / 100, bucket.reserveNanos(1, now), "debt accumulates");
        assertEquals(0, bucket.reserveNanos(1, now + SECOND), "a rested bucket is full again");
    }

    @Test
    void tryTakeRefusesWithoutTakingAndRefills() {
        long now = 0;
        TokenBucket bucket = new TokenBucket(6, 60 * SECOND, 3, now);
        assertTrue(bucket.tryTake(1, now));
        assertTrue(bucket.tryTake(1, now));
        assertTrue(bucket.tryTake(1, now));
        assertFalse(bucket.tryTake(1, now), "burst spent");
        assertFalse(bucket.tryTake(1, now + 9 * SECOND), "one token takes 10 s");
        assertTrue(bucket.tryTake(1, now + 10 * SECOND));
        assertFalse(bucket.tryTake(1, now + 10 * SECOND));
    }

    @Test
    void bytesAreChargedByWeight() {
        TokenBucket bucket = new TokenBucket(1000, SECOND, 1000, 0);
        assertEquals(0, bucket.reserveNanos(1000, 0));
        assertEquals(SECOND / 2, bucket.reserveNanos(500, 0));
    }
}
