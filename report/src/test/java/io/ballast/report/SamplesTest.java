package io.ballast.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Nearest-rank percentiles that name the seed of the sample at the rank. */
class SamplesTest {
    @Test
    void percentilesAreNearestRankAndNameTheirSeed() {
        Samples samples = new Samples();
        for (long v = 10; v >= 1; v--) {
            samples.add(v * 100, 20 + v);
        }
        assertEquals(new Samples.Sample(500, 25), samples.percentile(50));
        assertEquals(new Samples.Sample(1_000, 30), samples.percentile(99));
        assertEquals(new Samples.Sample(1_000, 30), samples.max());
        assertEquals(new Samples.Sample(100, 21), samples.percentile(1));
        assertEquals(new Samples.Sample(100, 21), samples.percentile(0));
    }

    @Test
    void tiesAreOrderedBySeedWhateverTheInsertionOrder() {
        Samples a = new Samples();
        a.add(7, 3);
        a.add(7, 1);
        Samples b = new Samples();
        b.add(7, 1);
        b.add(7, 3);
        assertEquals(a.percentile(50), b.percentile(50));
        assertEquals(1, a.percentile(50).seed());
        assertEquals(3, a.max().seed());
    }

    @Test
    void theCdfHasOnePointPerDistinctValueEndingAtAThousandPermille() {
        Samples samples = new Samples();
        samples.add(5, 1);
        samples.add(5, 2);
        samples.add(9, 1);
        samples.add(20, 2);
        assertEquals(List.of(new Series.Point(5, 500), new Series.Point(9, 750), new Series.Point(20, 1_000)),
                samples.cdf());
        assertEquals(List.of(), new Samples().cdf());
        assertNull(new Samples().percentile(50));
    }
}
