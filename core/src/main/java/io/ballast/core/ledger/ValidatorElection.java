package io.ballast.core.ledger;

import io.ballast.core.math.Fixed;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule that turns bonds into the next epoch's voting powers (pure; {@link ValidatorRegistry} applies it).
 *
 * <ol>
 *   <li><b>Target</b>: the top {@code maxValidators} eligible validators by bond (ties: earlier slot first) among
 *       those bonding at least {@code minBondUsd}, each with its bond as power.</li>
 *   <li><b>Ejection</b>: members that are no longer eligible (slashed, jailed) lose their power at once: a proven
 *       fault is not phased out.</li>
 *   <li><b>Phasing</b>: of the remaining power T, the change may remove R and add A with
 *       {@code 3·R ≤ T} and {@code R + 2·A ≤ T} — then the power kept by the same keys is at least 2/3 of
 *       both the old and the new total, so any quorum of the new set holds more than a third of the old
 *       one. A larger change moves every power by the same fraction {@code T / max(3R, R + 2A)} of its
 *       way (rounded toward the current power), the rest at the next elections.</li>
 *   <li><b>Floor</b>: a result with fewer than {@link StakingParams#MIN_VALIDATORS} members that is also
 *       smaller than the current set is not applied: the current powers stay — an ejected or jailed
 *       validator keeps its seat until others bond, its power capped at what a slash can still reach.</li>
 * </ol>
 */
final class ValidatorElection {
    private ValidatorElection() {}

    /** One slot as the election sees it. {@code eligible}: not slashed, not jailed; {@code slashableUsd}: bond + unbondings. */
    record Candidate(long bondUsd, long powerUsd, boolean eligible, long slashableUsd) {}

    record Result(long[] powersUsd, ElectionOutcome outcome) {}

    static Result elect(List<Candidate> candidates, int maxValidators, long minBondUsd) {
        int n = candidates.size();
        long[] current = new long[n];
        long[] base = new long[n];
        for (int i = 0; i < n; i++) {
            Candidate c = candidates.get(i);
            current[i] = c.powerUsd();
            base[i] = c.eligible() ? c.powerUsd() : 0;
        }
        long[] target = target(candidates, maxValidators, minBondUsd);
        long kept = 0;
        long removed = 0;
        long added = 0;
        for (int i = 0; i < n; i++) {
            kept = Math.addExact(kept, base[i]);
            removed = Math.addExact(removed, Math.max(0, base[i] - target[i]));
            added = Math.addExact(added, Math.max(0, target[i] - base[i]));
        }
        long denominator = Math.max(Math.multiplyExact(3, removed), Math.addExact(removed, Math.multiplyExact(2, added)));
        boolean phased = kept > 0 && denominator > kept;
        long[] next = new long[n];
        for (int i = 0; i < n; i++) {
            if (!phased) {
                next[i] = target[i];
            } else {
                long delta = target[i] - base[i];
                long step = Fixed.mulDiv(Math.abs(delta), kept, denominator);
                next[i] = delta >= 0 ? base[i] + step : base[i] - step;
            }
        }
        if (kept > 0) {
            checkThirdGuard(base, next, kept);
        }
        if (members(next) < StakingParams.MIN_VALIDATORS && members(next) < members(current)) {
            long[] stay = current.clone();
            for (int i = 0; i < n; i++) {
                Candidate c = candidates.get(i);
                if (!c.eligible()) {
                    stay[i] = Math.max(Math.min(stay[i], c.slashableUsd()), stay[i] > 0 ? 1 : 0);
                }
            }
            return new Result(stay, ElectionOutcome.DEFERRED);
        }
        if (java.util.Arrays.equals(next, current)) {
            return new Result(current, ElectionOutcome.UNCHANGED);
        }
        return new Result(next, phased ? ElectionOutcome.PHASED : ElectionOutcome.APPLIED);
    }

    /** Bond of the top {@code maxValidators} eligible candidates at or above the minimum, 0 for the rest. */
    private static long[] target(List<Candidate> candidates, int maxValidators, long minBondUsd) {
        List<Integer> ranked = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            if (c.eligible() && c.bondUsd() >= minBondUsd) {
                ranked.add(i);
            }
        }
        ranked.sort((a, b) -> {
            int byBond = Long.compare(candidates.get(b).bondUsd(), candidates.get(a).bondUsd());
            return byBond != 0 ? byBond : Integer.compare(a, b);
        });
        long[] target = new long[candidates.size()];
        for (int r = 0; r < Math.min(maxValidators, ranked.size()); r++) {
            int i = ranked.get(r);
            target[i] = candidates.get(i).bondUsd();
        }
        return target;
    }

    /** Always on: the keys keep at least 2/3 of the old (post-ejection) and of the new total power. */
    private static void checkThirdGuard(long[] base, long[] next, long kept) {
        long retained = 0;
        long total = 0;
        for (int i = 0; i < base.length; i++) {
            if (next[i] < 0) {
                throw new IllegalStateException("negative power after election");
            }
            retained = Math.addExact(retained, Math.min(base[i], next[i]));
            total = Math.addExact(total, next[i]);
        }
        if (Math.multiplyExact(3, retained) < Math.multiplyExact(2, kept)
                || Math.multiplyExact(3, retained) < Math.multiplyExact(2, total)) {
            throw new IllegalStateException("election moves more than a third of the power: kept " + retained
                    + " of " + kept + " (new total " + total + ")");
        }
    }

    static int members(long[] powers) {
        int count = 0;
        for (long p : powers) {
            if (p > 0) {
                count++;
            }
        }
        return count;
    }
}
