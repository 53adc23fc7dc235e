package io.ballast.core.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.ledger.ValidatorElection.Candidate;
import io.ballast.core.property.Gen;
import io.ballast.core.property.PropertyCheck;
import io.ballast.core.property.Seed;
import io.ballast.core.property.Seeds;
import io.ballast.core.property.Shrinker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/** The election rule alone: the cut, ties, ejections, the floor of four and the third guard. */
class ValidatorElectionTest {
    private static Candidate member(long bond, long power) {
        return new Candidate(bond, power, true, Long.MAX_VALUE);
    }

    @Test
    void theTopBondsAboveTheMinimumWinTiesGoToTheEarlierSlot() {
        List<Candidate> candidates = List.of(member(100, 100), member(100, 100), member(100, 100), member(100, 100),
                member(100, 0), member(9, 0));
        ValidatorElection.Result result = ValidatorElection.elect(candidates, 5, 10);
        assertArrayEquals(new long[] {100, 100, 100, 100, 100, 0}, result.powersUsd(), "the 9 is below the minimum of 10");
        assertEquals(ElectionOutcome.APPLIED, result.outcome());
        result = ValidatorElection.elect(candidates, 4, 10);
        assertArrayEquals(new long[] {100, 100, 100, 100, 0, 0}, result.powersUsd(), "a tie at the cut: the earlier slot stays");
        assertEquals(ElectionOutcome.UNCHANGED, result.outcome());
    }

    @Test
    void anEjectedMemberLeavesAtOnceEvenBeyondAThird() {
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            candidates.add(new Candidate(100, 100, i >= 3, Long.MAX_VALUE));
        }
        ValidatorElection.Result result = ValidatorElection.elect(candidates, 10, 10);
        assertArrayEquals(new long[] {0, 0, 0, 100, 100, 100, 100, 100}, result.powersUsd());
        assertEquals(ElectionOutcome.APPLIED, result.outcome(), "3/8 of the power left: proven faults are not phased");
    }

    @Test
    void aResultBelowFourThatShrinksTheSetIsDeferredOneThatGrowsIsNot() {
        List<Candidate> four = List.of(member(100, 100), member(100, 100), member(100, 100), member(0, 100));
        ValidatorElection.Result deferred = ValidatorElection.elect(four, 10, 10);
        assertEquals(ElectionOutcome.DEFERRED, deferred.outcome());
        assertArrayEquals(new long[] {100, 100, 100, 100}, deferred.powersUsd());
        List<Candidate> jailed = List.of(member(100, 100), member(100, 100), member(100, 100),
                new Candidate(100, 100, false, 99));
        assertArrayEquals(new long[] {100, 100, 100, 99}, ValidatorElection.elect(jailed, 10, 10).powersUsd(),
                "a deferred election caps a slashed member's power at what it can still lose");
        List<Candidate> growing = List.of(member(100, 100), member(50, 0));
        ValidatorElection.Result grown = ValidatorElection.elect(growing, 10, 10);
        assertEquals(ElectionOutcome.APPLIED, grown.outcome(), "one to two members: smaller than four, but not shrinking");
        assertArrayEquals(new long[] {100, 50}, grown.powersUsd());
    }

    /** Removing 2 of 4 × 100: R = 200, 3R = 600 > 400: each removal goes 400/600 of its way (floor). */
    @Test
    void largeRemovalsArePhasedToo() {
        List<Candidate> candidates = List.of(member(100, 100), member(100, 100), member(0, 100), member(0, 100),
                member(100, 0), member(100, 0));
        ValidatorElection.Result result = ValidatorElection.elect(candidates, 10, 10);
        assertEquals(ElectionOutcome.PHASED, result.outcome());
        // R = 200, A = 200: max(3R, R + 2A) = 600; every change moves floor(100 × 400 / 600) = 66
        assertArrayEquals(new long[] {100, 100, 34, 34, 66, 66}, result.powersUsd());
    }

    @ParameterizedTest(name = Seeds.NAME)
    @Seeds(tries = 2_000)
    void anyElectionKeepsTwoThirdsOfTheOldAndTheNewPower(Seed seed) {
        PropertyCheck.check(seed, ValidatorElectionTest::candidates, Shrinker.none(), candidates -> {
            ValidatorElection.Result result = ValidatorElection.elect(candidates, 6, 10);
            long[] next = result.powersUsd();
            long kept = 0;
            long retained = 0;
            long total = 0;
            int before = 0;
            for (int i = 0; i < candidates.size(); i++) {
                Candidate c = candidates.get(i);
                before += c.powerUsd() > 0 ? 1 : 0;
                long base = c.eligible() ? c.powerUsd() : 0;
                kept += base;
                retained += Math.min(base, next[i]);
                total += next[i];
                if (result.outcome() != ElectionOutcome.DEFERRED) {
                    assertTrue(!c.eligible() ? next[i] == 0 : next[i] <= Math.max(c.bondUsd(), c.powerUsd()),
                            "slot " + i + " got " + next[i]);
                }
            }
            if (result.outcome() == ElectionOutcome.DEFERRED) {
                for (int i = 0; i < candidates.size(); i++) {
                    Candidate c = candidates.get(i);
                    assertTrue(c.eligible() ? next[i] == c.powerUsd() : next[i] <= Math.max(1, c.slashableUsd()),
                            "deferred slot " + i + " got " + next[i]);
                }
            }
            int after = ValidatorElection.members(next);
            assertTrue(after >= Math.min(StakingParams.MIN_VALIDATORS, before), after + " members after " + before);
            if (result.outcome() != ElectionOutcome.DEFERRED && kept > 0) {
                assertTrue(3 * retained >= 2 * kept && 3 * retained >= 2 * total,
                        "kept " + retained + " of " + kept + ", new total " + total);
            }
        });
    }

    private static List<Candidate> candidates(Gen gen) {
        List<Candidate> candidates = new ArrayList<>();
        int n = gen.ints(1, 10);
        for (int i = 0; i < n; i++) {
            long bond = gen.bool() ? 0 : gen.longs(1, 1_000);
            long power = gen.bool() ? 0 : gen.longs(1, 1_000);
            boolean eligible = gen.ints(0, 9) > 0;
            long slashable = eligible ? Math.max(bond, power) : gen.longs(0, 1_000);
            candidates.add(new Candidate(bond, power, eligible, slashable));
        }
        if (candidates.stream().noneMatch(c -> c.powerUsd() > 0)) {
            Candidate first = candidates.get(0);
            candidates.set(0, new Candidate(first.bondUsd(), 100, first.eligible(), Math.max(100, first.slashableUsd())));
        }
        return candidates;
    }
}
