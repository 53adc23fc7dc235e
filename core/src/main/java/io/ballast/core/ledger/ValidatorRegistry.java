package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.encoding.DecodingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every validator the chain knows, in slot order (genesis first, then by first bond), with its bond,
 * its unbondings, its voting power in the last elected set and the height equivocation evidence
 * ejected it at. Part of the globals leaf. Without staking the genesis stakes never change and only
 * ejections happen.
 */
final class ValidatorRegistry {
    /** A validator's state. Amounts micro-USD. */
    static final class Slot {
        final Bytes32 key;
        long bondUsd;
        long powerUsd;
        long slashedAtHeight;
        /** 0: not jailed; else the height from which {@code Unjail} is accepted. */
        long jailedUntilHeight;
        /** Certificates of the current downtime window that carried (did not carry) this validator's precommit. */
        long windowSigned;
        long windowMissed;
        /** Block rewards paid to it so far. */
        long rewardsUsd;
        /** Stake slashed from it so far (equivocation and downtime). */
        long slashedUsd;
        /** Oldest first; each {@code Unbond} appends (release heights strictly increase). */
        final List<Unbonding> unbondings = new ArrayList<>();

        Slot(Bytes32 key, long bondUsd, long powerUsd, long slashedAtHeight) {
            this.key = key;
            this.bondUsd = bondUsd;
            this.powerUsd = powerUsd;
            this.slashedAtHeight = slashedAtHeight;
        }

        long unbondingUsd() {
            long total = 0;
            for (Unbonding u : unbondings) {
                total = Math.addExact(total, u.amountUsd());
            }
            return total;
        }

        /** Bond plus unbondings: what a slash can reach. */
        long slashableUsd() {
            return Math.addExact(bondUsd, unbondingUsd());
        }

        /** Not ejected, not jailed: it can be elected. */
        boolean eligible() {
            return slashedAtHeight == 0 && jailedUntilHeight == 0;
        }

        boolean empty() {
            return bondUsd == 0 && powerUsd == 0 && unbondings.isEmpty() && slashedAtHeight == 0 && jailedUntilHeight == 0;
        }
    }

    record Unbonding(long amountUsd, long releaseHeight) {}

    private final StakingParams params;
    private final List<Slot> slots = new ArrayList<>();
    private final Map<Bytes32, Slot> byKey = new HashMap<>();
    /** Σ bonds + unbondings (0 without staking: genesis stakes are then weights, not money). */
    private long stakedUsd;
    /** The set that certified the last applied block, in consensus order: its certificate's indexes point here. */
    private List<ValidatorInfo> certifying;
    /** Fees set aside for the validators that will certify the last block (and rounding left over). */
    private long rewardPoolUsd;
    private boolean dirty = true;

    ValidatorRegistry(Genesis genesis) {
        this.params = genesis.staking();
        for (ValidatorInfo v : genesis.validators()) {
            add(new Slot(v.key(), v.stake(), params.enabled() ? v.stake() : 0, 0));
        }
        stakedUsd = genesis.genesisBondsUsd();
        certifying = List.copyOf(genesis.validators());
    }

    private void add(Slot slot) {
        if (byKey.putIfAbsent(slot.key, slot) != null) {
            throw new IllegalStateException("validator " + slot.key.shortHex() + " already has a slot");
        }
        slots.add(slot);
        dirty = true;
    }

    boolean staking() {
        return params.enabled();
    }

    /** The slot of {@code key}, or null. */
    Slot slot(Bytes32 key) {
        return byKey.get(key);
    }

    int size() {
        return slots.size();
    }

    long stakedUsd() {
        return stakedUsd;
    }

    long rewardPoolUsd() {
        return rewardPoolUsd;
    }

    void setRewardPool(long amountUsd) {
        if (amountUsd < 0) {
            throw new IllegalStateException("reward pool negative: " + amountUsd);
        }
        rewardPoolUsd = amountUsd;
        dirty = true;
    }

    /** Adds to a validator's lifetime rewards (the money itself moves in {@link Rewards}). */
    void credit(Slot slot, long amountUsd) {
        slot.rewardsUsd = Math.addExact(slot.rewardsUsd, amountUsd);
        dirty = true;
    }

    /** Whether the registry changed since the last call (the globals leaf must be re-encoded). */
    boolean takeDirty() {
        boolean was = dirty;
        dirty = false;
        return was;
    }

    // ------------------------------------------------------------------ the validator set

    /**
     * The set consensus takes at the next epoch boundary, in slot order: with staking, every slot with
     * voting power; without, the genesis validators not ejected.
     */
    List<ValidatorInfo> active() {
        List<ValidatorInfo> active = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            if (params.enabled() ? slot.powerUsd > 0 : slot.bondUsd > 0 && slot.slashedAtHeight == 0) {
                active.add(new ValidatorInfo(slot.key, params.enabled() ? slot.powerUsd : slot.bondUsd));
            }
        }
        return active;
    }

    long slashedAtHeight(Bytes32 key) {
        Slot slot = byKey.get(key);
        return slot == null ? 0 : slot.slashedAtHeight;
    }

    /** Ejects a validator at {@code height}; false if unknown or already ejected. */
    boolean eject(Bytes32 key, long height) {
        Slot slot = byKey.get(key);
        if (slot == null || slot.slashedAtHeight != 0) {
            return false;
        }
        slot.slashedAtHeight = height;
        dirty = true;
        return true;
    }

    // ------------------------------------------------------------------ liveness (staking only)

    /** The set whose precommits certify the last applied block (consensus order). */
    List<ValidatorInfo> certifying() {
        return certifying;
    }

    /** At the first block of an epoch: the set elected at the end of the previous one now certifies. */
    void startEpoch() {
        certifying = active();
        dirty = true;
    }

    /** Counts, for each member of the certifying set, whether {@code lastCommit} carries its precommit. */
    void recordCommit(LastCommit lastCommit) {
        java.util.Set<Integer> signers = new java.util.HashSet<>(lastCommit.signers());
        for (int i = 0; i < certifying.size(); i++) {
            Slot slot = byKey.get(certifying.get(i).key());
            if (slot == null) {
                continue; // freed after leaving: nothing left to account
            }
            if (signers.contains(i)) {
                slot.windowSigned++;
            } else {
                slot.windowMissed++;
            }
        }
        dirty = true;
    }

    /** A validator that missed too many certificates of a window, and how many. */
    record Down(Slot slot, long missedCommits) {}

    /** Ends a downtime window: the eligible slots that missed more than {@code maxMissed} certificates; counters reset. */
    List<Down> closeWindow(long maxMissed) {
        List<Down> down = new ArrayList<>();
        for (Slot slot : slots) {
            if (slot.eligible() && slot.windowMissed > maxMissed) {
                down.add(new Down(slot, slot.windowMissed));
            }
            slot.windowSigned = 0;
            slot.windowMissed = 0;
        }
        dirty = true;
        return down;
    }

    void jail(Slot slot, long untilHeight) {
        slot.jailedUntilHeight = untilHeight;
        dirty = true;
    }

    void unjail(Slot slot) {
        slot.jailedUntilHeight = 0;
        dirty = true;
    }

    /**
     * Takes {@code ppm} of the bond and of each unbonding (each rounded down); returns the total taken, which the
     * caller moves to the insurance fund.
     */
    long slash(Slot slot, long ppm) {
        long expected = slashAmount(slot, ppm);
        long taken = io.ballast.core.math.Fixed.mulDiv(slot.bondUsd, ppm, Units.PPM);
        slot.bondUsd -= taken;
        for (int i = 0; i < slot.unbondings.size(); i++) {
            Unbonding u = slot.unbondings.get(i);
            long cut = io.ballast.core.math.Fixed.mulDiv(u.amountUsd(), ppm, Units.PPM);
            taken = Math.addExact(taken, cut);
            slot.unbondings.set(i, new Unbonding(u.amountUsd() - cut, u.releaseHeight()));
        }
        slot.unbondings.removeIf(u -> u.amountUsd() == 0);
        if (taken != expected) {
            throw new IllegalStateException("slash took " + taken + ", previewed " + expected);
        }
        stakedUsd = Math.subtractExact(stakedUsd, taken);
        slot.slashedUsd = Math.addExact(slot.slashedUsd, taken);
        dirty = true;
        return taken;
    }

    /** What {@link #slash} would take, without taking it. */
    static long slashAmount(Slot slot, long ppm) {
        long amount = io.ballast.core.math.Fixed.mulDiv(slot.bondUsd, ppm, Units.PPM);
        for (Unbonding u : slot.unbondings) {
            amount = Math.addExact(amount, io.ballast.core.math.Fixed.mulDiv(u.amountUsd(), ppm, Units.PPM));
        }
        return amount;
    }

    /** Runs the election (staking only), applies its powers, and frees the slots left with nothing. */
    ElectionOutcome elect() {
        List<ValidatorElection.Candidate> candidates = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            candidates.add(new ValidatorElection.Candidate(slot.bondUsd, slot.powerUsd, slot.eligible(), slot.slashableUsd()));
        }
        ValidatorElection.Result result = ValidatorElection.elect(candidates, params.maxValidators(), params.minBondUsd());
        for (int i = 0; i < slots.size(); i++) {
            slots.get(i).powerUsd = result.powersUsd()[i];
        }
        slots.removeIf(slot -> {
            if (slot.empty()) {
                byKey.remove(slot.key);
                return true;
            }
            return false;
        });
        dirty = true;
        return result.outcome();
    }

    // ------------------------------------------------------------------ bonds (checks are StakeOps')

    void bond(Bytes32 key, long amountUsd) {
        Slot slot = byKey.get(key);
        if (slot == null) {
            slot = new Slot(key, 0, 0, 0);
            add(slot);
        }
        long newBond = Math.addExact(slot.bondUsd, amountUsd);
        stakedUsd = Math.addExact(stakedUsd, amountUsd);
        slot.bondUsd = newBond;
        dirty = true;
    }

    /** Moves {@code amountUsd} of the bond into an unbonding released at {@code releaseHeight} (merged with one at the same height). */
    void unbond(Slot slot, long amountUsd, long releaseHeight) {
        int last = slot.unbondings.size() - 1;
        if (last >= 0 && slot.unbondings.get(last).releaseHeight() == releaseHeight) {
            Unbonding merged = slot.unbondings.get(last);
            slot.unbondings.set(last, new Unbonding(Math.addExact(merged.amountUsd(), amountUsd), releaseHeight));
        } else {
            slot.unbondings.add(new Unbonding(amountUsd, releaseHeight));
        }
        slot.bondUsd -= amountUsd;
        dirty = true;
    }

    /** True when an unbonding released at {@code releaseHeight} can be added (merged, or below the limit). */
    static boolean canUnbond(Slot slot, long releaseHeight) {
        int count = slot.unbondings.size();
        return count < StakingParams.MAX_UNBONDINGS || slot.unbondings.get(count - 1).releaseHeight() == releaseHeight;
    }

    /** Σ unbondings released at or before {@code height}. */
    static long maturedUsd(Slot slot, long height) {
        long total = 0;
        for (Unbonding u : slot.unbondings) {
            if (u.releaseHeight() <= height) {
                total = Math.addExact(total, u.amountUsd());
            }
        }
        return total;
    }

    /**
     * What may leave now: the matured unbondings, but never so much that the slashable stake falls below
     * the voting power it still backs (until the next election lowers it).
     */
    static long withdrawableUsd(Slot slot, long height) {
        long unlocked = Math.max(0, Math.subtractExact(slot.slashableUsd(), slot.powerUsd));
        return Math.min(maturedUsd(slot, height), unlocked);
    }

    /** Takes {@code amountUsd} out of the oldest unbondings (the caller checked it is withdrawable). */
    void withdraw(Slot slot, long amountUsd) {
        long left = amountUsd;
        while (left > 0) {
            Unbonding oldest = slot.unbondings.get(0);
            if (oldest.amountUsd() <= left) {
                left -= oldest.amountUsd();
                slot.unbondings.remove(0);
            } else {
                slot.unbondings.set(0, new Unbonding(oldest.amountUsd() - left, oldest.releaseHeight()));
                left = 0;
            }
        }
        stakedUsd = Math.subtractExact(stakedUsd, amountUsd);
        dirty = true;
    }

    // ------------------------------------------------------------------ checks, views, encoding

    /**
     * Always on: the running total matches the slots, amounts are in range, and every eligible member's
     * power is backed by stake a slash can reach.
     */
    void check() {
        if (!params.enabled()) {
            return;
        }
        long total = 0;
        for (Slot slot : slots) {
            if (slot.bondUsd < 0 || slot.powerUsd < 0 || slot.bondUsd > StakingParams.MAX_BOND_USD) {
                throw new IllegalStateException("validator " + slot.key.shortHex() + " bond " + slot.bondUsd + " power "
                        + slot.powerUsd + " out of range");
            }
            long slashable = slot.slashableUsd();
            if (slot.eligible() && slot.powerUsd > slashable) {
                throw new IllegalStateException("validator " + slot.key.shortHex() + " votes with " + slot.powerUsd
                        + " backed by " + slashable);
            }
            total = Math.addExact(total, slashable);
        }
        if (total != stakedUsd) {
            throw new IllegalStateException("staked total " + stakedUsd + " != Σ slots " + total);
        }
    }

    List<StakeView> views() {
        List<StakeView> views = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            long next = slot.unbondings.isEmpty() ? 0 : slot.unbondings.get(0).releaseHeight();
            views.add(new StakeView(slot.key, slot.bondUsd, slot.unbondingUsd(),
                    params.enabled() ? slot.powerUsd : slot.eligible() ? slot.bondUsd : 0, slot.slashedAtHeight, next,
                    slot.jailedUntilHeight, slot.windowSigned, slot.windowMissed, slot.rewardsUsd, slot.slashedUsd));
        }
        return views;
    }

    /**
     * Without staking: (key, stake, slashed height) per slot, as before staking existed; with: power, jail, window,
     * rewards, stake slashed so far and unbondings too.
     */
    void encodeTo(CanonicalWriter out) {
        out.putInt(slots.size());
        for (Slot slot : slots) {
            out.putBytes32(slot.key).putLong(slot.bondUsd).putLong(slot.slashedAtHeight);
            if (params.enabled()) {
                out.putLong(slot.powerUsd).putLong(slot.jailedUntilHeight).putLong(slot.windowSigned)
                        .putLong(slot.windowMissed).putLong(slot.rewardsUsd).putLong(slot.slashedUsd)
                        .putInt(slot.unbondings.size());
                for (Unbonding u : slot.unbondings) {
                    out.putLong(u.amountUsd()).putLong(u.releaseHeight());
                }
            }
        }
        if (params.enabled()) {
            out.putLong(rewardPoolUsd).putInt(certifying.size());
            for (ValidatorInfo v : certifying) {
                out.putBytes32(v.key()).putLong(v.stake());
            }
        }
    }

    /** Replaces the genesis slots with what {@link #encodeTo} wrote, checking every range. */
    void decodeFrom(CanonicalReader in, long height) {
        int count = in.getCount(Genesis.MAX_VALIDATORS, "validator");
        List<Slot> genesisSlots = List.copyOf(slots);
        slots.clear();
        byKey.clear();
        if (!params.enabled() && count != genesisSlots.size()) {
            throw new DecodingException(count + " validator entries, the fixed genesis set has " + genesisSlots.size());
        }
        long staked = 0;
        for (int i = 0; i < count; i++) {
            Bytes32 key = in.getBytes32();
            long bond = in.getLong();
            long slashedAt = in.getLong();
            if (bond < 0 || bond > StakingParams.MAX_BOND_USD || slashedAt < 0 || slashedAt > height) {
                throw new DecodingException("validator " + i + ": bond " + bond + " or slashed height " + slashedAt
                        + " out of range");
            }
            Slot slot;
            if (!params.enabled()) {
                Slot genesisSlot = genesisSlots.get(i);
                if (!genesisSlot.key.equals(key) || genesisSlot.bondUsd != bond) {
                    throw new DecodingException("validator " + i + " is not the genesis validator " + genesisSlot.key.shortHex());
                }
                slot = new Slot(key, bond, 0, slashedAt);
            } else {
                long power = in.getLong();
                long jailedUntil = in.getLong();
                long signed = in.getLong();
                long missed = in.getLong();
                long rewards = in.getLong();
                long slashedTotal = in.getLong();
                if (rewards < 0 || slashedTotal < 0 || power < 0 || power > StakingParams.MAX_BOND_USD || jailedUntil < 0
                        || jailedUntil > height + params.jailBlocks() || signed < 0 || missed < 0
                        || signed + missed > params.downtimeWindowBlocks()) {
                    throw new DecodingException("validator " + i + ": power " + power + ", jail " + jailedUntil
                            + " or window " + signed + "/" + missed + " out of range");
                }
                slot = new Slot(key, bond, power, slashedAt);
                slot.jailedUntilHeight = jailedUntil;
                slot.windowSigned = signed;
                slot.windowMissed = missed;
                slot.rewardsUsd = rewards;
                slot.slashedUsd = slashedTotal;
                int unbondings = in.getCount(StakingParams.MAX_UNBONDINGS, "unbonding");
                long previousRelease = 0;
                for (int u = 0; u < unbondings; u++) {
                    long amount = in.getLong();
                    long release = in.getLong();
                    if (amount <= 0 || amount > StakingParams.MAX_BOND_USD || release <= previousRelease
                            || release > height + params.unbondingPeriodBlocks()) {
                        throw new DecodingException("validator " + i + ": unbonding " + amount + " at " + release
                                + " out of range or order");
                    }
                    previousRelease = release;
                    slot.unbondings.add(new Unbonding(amount, release));
                }
                staked = Math.addExact(staked, slot.slashableUsd());
            }
            if (byKey.containsKey(key)) {
                throw new DecodingException("duplicate validator " + key.shortHex());
            }
            add(slot);
        }
        stakedUsd = staked;
        if (params.enabled()) {
            long pool = in.getLong();
            if (pool < 0) {
                throw new DecodingException("negative reward pool");
            }
            rewardPoolUsd = pool;
            int members = in.getCount(Genesis.MAX_VALIDATORS, "certifying validator");
            List<ValidatorInfo> set = new ArrayList<>(members);
            java.util.Set<Bytes32> seen = new java.util.HashSet<>();
            for (int i = 0; i < members; i++) {
                Bytes32 key = in.getBytes32();
                long power = in.getLong();
                if (power <= 0 || power > StakingParams.MAX_BOND_USD || !seen.add(key)) {
                    throw new DecodingException("certifying validator " + i + " invalid");
                }
                set.add(new ValidatorInfo(key, power));
            }
            if (set.isEmpty()) {
                throw new DecodingException("empty certifying set");
            }
            certifying = List.copyOf(set);
        }
        try {
            check();
        } catch (IllegalStateException invalid) {
            throw new DecodingException(invalid.getMessage());
        }
        if (params.enabled() && active().isEmpty()) {
            throw new DecodingException("no validator has voting power");
        }
        dirty = true;
    }
}
