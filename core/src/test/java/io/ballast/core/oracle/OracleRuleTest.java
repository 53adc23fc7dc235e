package io.ballast.core.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.property.Gen;
import io.ballast.core.property.PropertyCheck;
import io.ballast.core.property.Seed;
import io.ballast.core.property.Seeds;
import io.ballast.core.property.Shrinker.Candidate;
import io.ballast.core.property.Shrinker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

class OracleRuleTest {
    private static final OracleRuleParams RULE = new OracleRuleParams(3, 10_000, 3_000_000);
    private static final long NOW = 1_000_000;

    private static IndexResult aggregate(long[] prices, long[] times) {
        return OracleRule.aggregate(prices, times, prices.length, NOW, RULE);
    }

    @Test
    void medianOfFiveFreshReports() {
        IndexResult result = aggregate(new long[] {100, 101, 99, 102, 98}, new long[] {NOW, NOW, NOW, NOW, NOW - 5});
        // deviations from 100: 0,1,1,2,2 -> MAD 1 -> keep within 3: all five; median 100
        assertEquals(new IndexResult.Fresh(100, NOW, 5, 0), result);
    }

    @Test
    void wildLiarIsDropped() {
        IndexResult result = aggregate(new long[] {100, 101, 99, 1_000_000}, new long[] {NOW, NOW, NOW, NOW});
        // median of 99,100,101,1e6 = floor((100+101)/2) = 100; deviations 0,1,1,999900 -> MAD 1 -> drop liar
        IndexResult.Fresh fresh = assertInstanceOf(IndexResult.Fresh.class, result);
        assertEquals(100, fresh.price());
        assertEquals(1, fresh.outliersDropped());
    }

    @Test
    void tooFewFreshReportsIsSafeMode() {
        IndexResult result = aggregate(new long[] {100, 100, 100}, new long[] {NOW, NOW, NOW - 10_001});
        assertEquals(2, assertInstanceOf(IndexResult.Stale.class, result).freshReports());
    }

    @Test
    void reportsStampedAfterTheBlockTimeAreFresh() {
        // operators stamp with their clock; block time (the validators' median) trails it
        IndexResult result = aggregate(new long[] {100, 101, 102}, new long[] {NOW, NOW + 150, NOW + 300});
        assertEquals(new IndexResult.Fresh(101, NOW + 150, 3, 0), result);
    }

    /** n > 3f, median of > 2f: with 4 operators and q = 3, one liar cannot move the index. */
    @Test
    void aLiarIsDroppedAndTooFewAgreeingReportsIsSafeModeNeverALie() {
        IndexResult result = OracleRule.aggregate(new long[] {3_000, 3_001, 6_000, 2_999},
                new long[] {NOW, NOW, NOW, NOW - 20_000}, 4, NOW, RULE);
        // fresh: 3000, 3001, 6000 -> median 3001, deviations 1, 0, 2999 -> MAD 1 -> liar dropped, 2 left < q
        assertInstanceOf(IndexResult.Stale.class, result, "too few agreeing reports is safe mode, never a lie");
        IndexResult allFresh = OracleRule.aggregate(new long[] {3_000, 3_001, 6_000, 2_999},
                new long[] {NOW, NOW, NOW, NOW}, 4, NOW, RULE);
        assertEquals(3_000, assertInstanceOf(IndexResult.Fresh.class, allFresh).price());
    }

    @Test
    void evenMedianIsFloorOfMiddleMean() {
        assertEquals(2, OracleRule.median(new long[] {4, 1, 2, 3}));
        assertEquals(-3, OracleRule.median(new long[] {-2, -3}));
    }

    /** With at most f liars among 2f+1 honest operators quoting within a band, the index stays inside the honest band. */
    @ParameterizedTest(name = Seeds.NAME)
    @Seeds(tries = 1_000)
    void liarsCannotMoveTheIndexOutsideTheHonestRange(Seed seed) {
        PropertyCheck.check(seed, Quotes::generate, Quotes.SHRINKER,
                quotes -> liarsCannotMoveTheIndex(quotes.honestOffsets(), quotes.liars(), quotes.liePrice()));
    }

    /** 3–7 honest offsets (any longs, reduced into a band), 0–3 liars, one lie; shrunk to fewer reports. */
    record Quotes(List<Long> honestOffsets, int liars, long liePrice) {
        static Quotes generate(Gen gen) {
            return new Quotes(gen.list(3, 7, Gen::anyLong), gen.intsWithBounds(0, 3), gen.longsWithBounds(1, 1_000_000_000_000L));
        }

        static final Shrinker<Quotes> SHRINKER = q -> {
            List<Candidate<Quotes>> out = new ArrayList<>(Shrinker.map(Shrinker.shorterLists(q.honestOffsets(), 3, "honest reports"),
                    offsets -> new Quotes(offsets, q.liars(), q.liePrice())));
            for (int liars = 0; liars < q.liars(); liars++) {
                out.add(new Candidate<>(new Quotes(q.honestOffsets(), liars, q.liePrice()), liars + " liars"));
            }
            return out;
        };
    }

    private static void liarsCannotMoveTheIndex(List<Long> honestOffsets, int liars, long liePrice) {
        int honest = honestOffsets.size();
        if (liars > (honest - 1) / 2) {
            liars = (honest - 1) / 2;
        }
        long[] prices = new long[honest + liars];
        long[] times = new long[honest + liars];
        long base = 50_000_000_000L;
        for (int i = 0; i < honest; i++) {
            prices[i] = base + Math.floorMod(honestOffsets.get(i), 1_000_000L);
            times[i] = NOW;
        }
        for (int i = honest; i < prices.length; i++) {
            prices[i] = liePrice;
            times[i] = NOW;
        }
        long low = Arrays.stream(prices, 0, honest).min().orElseThrow();
        long high = Arrays.stream(prices, 0, honest).max().orElseThrow();
        IndexResult result = OracleRule.aggregate(prices, times, prices.length, NOW, RULE);
        if (result instanceof IndexResult.Fresh fresh) {
            assertTrue(fresh.price() >= low && fresh.price() <= high, fresh + " outside [" + low + "," + high + "]");
        }
    }
}
