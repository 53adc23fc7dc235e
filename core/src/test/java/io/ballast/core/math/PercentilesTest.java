package io.ballast.core.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PercentilesTest {
    @Test
    void nearestRankOfAnAscendingSample() {
        long[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
        assertEquals(50, Percentiles.nearestRank(sorted, 50, 0));
        assertEquals(100, Percentiles.nearestRank(sorted, 99, 0));
        assertEquals(100, Percentiles.nearestRank(sorted, 100, 0));
        assertEquals(10, Percentiles.nearestRank(sorted, 0, 0));
        assertEquals(10, Percentiles.nearestRank(sorted, 1, 0));
        assertEquals(20, Percentiles.nearestRank(List.of(10L, 20L, 30L), 50, 0));
        assertEquals(30, Percentiles.nearestRank(List.of(10L, 20L, 30L), 99, 0));
    }

    @Test
    void anEmptySampleAnswersWhatTheCallerChose() {
        assertEquals(-1, Percentiles.nearestRank(new long[0], 50, -1));
        assertEquals(0, Percentiles.nearestRank(List.of(), 99, 0));
    }

    @Test
    void percentOutsideZeroToHundredIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(new long[] {1}, 101, 0));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(List.of(1L), -1, 0));
    }
}
