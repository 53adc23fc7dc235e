package io.ballast.cluster.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PeerBackoffTest {
    @Test
    void doublesUpToTheCapAndJitterOnlyShortens() {
        Backoff backoff = new Backoff(200, 10_000, 0.2);
        assertEquals(200, backoff.delayMillis(0, 0));
        assertEquals(400, backoff.delayMillis(1, 0));
        assertEquals(6_400, backoff.delayMillis(5, 0));
        assertEquals(10_000, backoff.delayMillis(6, 0));
        assertEquals(10_000, backoff.delayMillis(63, 0), "no overflow far past the cap");
        SplittableRandom random = new SplittableRandom(7);
        for (int attempt = 0; attempt < 100; attempt++) {
            long delay = backoff.delayMillis(attempt, random.nextDouble());
            long base = Math.min(10_000, attempt >= 62 ? 10_000 : 200L << Math.min(attempt, 40));
            assertTrue(delay <= base && delay >= base * 0.8 - 1, "attempt " + attempt + ": " + delay);
        }
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(10, 5, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(10, 50, 1.0));
    }
}
