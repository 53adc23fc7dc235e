package io.ballast.core.ledger;

import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.encoding.DecodingException;

/**
 * Bonded stake (genesis). With staking, a validator's voting power is collateral its own key bonded
 * ({@code BondStake}); the genesis validators' stakes are their genesis bonds in micro-USD. At the
 * second-to-last block of every consensus epoch ({@link ConsensusParams#epochLengthBlocks()}) the ledger elects
 * the next epoch's set: the top
 * {@code maxValidators} by bond among those bonding at least {@code minBondUsd}, never fewer than
 * {@link #MIN_VALIDATORS} and never moving more than a third of the voting power at once (see
 * {@link ValidatorElection}). {@link #NONE}: the genesis set is fixed (a permissioned chain); evidence
 * still removes an equivocator from it.
 *
 * @param minBondUsd             smallest bond a validator may hold (micro-USD)
 * @param maxValidators          size of the elected set at most
 * @param unbondingPeriodBlocks  blocks an {@code Unbond} waits, still slashable, before {@code WithdrawUnbonded}
 * @param equivocationSlashPpm   share of an equivocator's slashable stake (bond + unbondings) moved to the
 *                               insurance fund; it is ejected for good
 * @param downtimeWindowBlocks   commit certificates per downtime window (windows end at heights divisible by it)
 * @param downtimeMaxMissedPpm   a member missing more than this share of a window's certificates is jailed
 * @param downtimeSlashPpm       share of a jailed validator's slashable stake moved to the insurance fund
 * @param jailBlocks             blocks a jailed validator waits before {@code Unjail} (at least an epoch: {@link Genesis})
 * @param rewardSharePpm         share of each block's fees (the priority fees its transactions paid) that goes to
 *                               the validators whose precommits certify it; the rest stays with the insurance fund
 */
public record StakingParams(long minBondUsd, int maxValidators, long unbondingPeriodBlocks, long equivocationSlashPpm, long downtimeWindowBlocks, long downtimeMaxMissedPpm,
                            long downtimeSlashPpm, long jailBlocks, long rewardSharePpm) {
    /** Staking switched off: the genesis set is fixed. */
    public static final StakingParams NONE = new StakingParams(0, 0, 0, 0, 0, 0, 0, 0, 0);
    /** An epoch change never leaves fewer validators than this (unless the set was already smaller and does not shrink). */
    public static final int MIN_VALIDATORS = 4;
    /** Largest bond one validator may hold: 10^9 USD, so Σ bonds of the largest set stays below Long.MAX_VALUE / 3. */
    public static final long MAX_BOND_USD = 1_000_000_000L * Units.USD_SCALE;
    /** Unbondings a validator may have waiting at once (each {@code Unbond} adds one). */
    public static final int MAX_UNBONDINGS = 16;
    /** Marks the staking section of a genesis encoding (negative, unlike an options section; not the consensus tag). */
    static final int ENCODING_TAG = -0x5354414b;

    public StakingParams {
        boolean none = minBondUsd == 0 && maxValidators == 0 && unbondingPeriodBlocks == 0 && equivocationSlashPpm == 0 && downtimeWindowBlocks == 0 && downtimeMaxMissedPpm == 0
                && downtimeSlashPpm == 0 && jailBlocks == 0 && rewardSharePpm == 0;
        if (!none) {
            if (minBondUsd <= 0 || minBondUsd > MAX_BOND_USD) {
                throw new IllegalArgumentException("minBondUsd outside 1.." + MAX_BOND_USD + ": " + minBondUsd);
            }
            if (maxValidators < MIN_VALIDATORS || maxValidators > Genesis.MAX_VALIDATORS) {
                throw new IllegalArgumentException("maxValidators outside " + MIN_VALIDATORS + ".." + Genesis.MAX_VALIDATORS
                        + ": " + maxValidators);
            }
            if (unbondingPeriodBlocks < 1 || unbondingPeriodBlocks > 100_000_000L) {
                throw new IllegalArgumentException("unbondingPeriodBlocks outside 1..100000000: " + unbondingPeriodBlocks);
            }
            requirePpm("equivocationSlashPpm", equivocationSlashPpm);
            requirePpm("downtimeMaxMissedPpm", downtimeMaxMissedPpm);
            requirePpm("downtimeSlashPpm", downtimeSlashPpm);
            requirePpm("rewardSharePpm", rewardSharePpm);
            if (downtimeSlashPpm == Units.PPM) {
                throw new IllegalArgumentException("downtimeSlashPpm must leave a jailed validator some stake (below 1000000)");
            }
            if (downtimeWindowBlocks < 1 || downtimeWindowBlocks > 1_000_000L || jailBlocks < 1 || jailBlocks > 100_000_000L) {
                throw new IllegalArgumentException("downtimeWindowBlocks outside 1..1000000 or jailBlocks outside 1..100000000");
            }
        }
    }

    private static void requirePpm(String name, long value) {
        if (value < 0 || value > Units.PPM) {
            throw new IllegalArgumentException(name + " outside 0..1000000: " + value);
        }
    }

    /** The same params with another reward share. */
    public StakingParams withRewardSharePpm(long newRewardSharePpm) {
        return new StakingParams(minBondUsd, maxValidators, unbondingPeriodBlocks, equivocationSlashPpm,
                downtimeWindowBlocks, downtimeMaxMissedPpm, downtimeSlashPpm, jailBlocks, newRewardSharePpm);
    }

    /** True when the certificate of {@code height} closes a downtime window. */
    public boolean closesDowntimeWindow(long height) {
        return enabled() && height % downtimeWindowBlocks == 0;
    }

    public boolean enabled() {
        return maxValidators > 0;
    }

    void encodeTo(CanonicalWriter out) {
        out.putInt(ENCODING_TAG).putLong(minBondUsd).putInt(maxValidators).putLong(unbondingPeriodBlocks)
                .putLong(equivocationSlashPpm).putLong(downtimeWindowBlocks)
                .putLong(downtimeMaxMissedPpm).putLong(downtimeSlashPpm).putLong(jailBlocks).putLong(rewardSharePpm);
    }

    /** Reads what {@link #encodeTo} wrote, tag included. */
    static StakingParams decode(CanonicalReader in) {
        if (in.getInt() != ENCODING_TAG) {
            throw new DecodingException("not a staking section");
        }
        StakingParams params = new StakingParams(in.getLong(), in.getInt(), in.getLong(), in.getLong(), in.getLong(),
                in.getLong(), in.getLong(), in.getLong(), in.getLong());
        if (!params.enabled()) {
            throw new DecodingException("an encoded staking section must enable staking");
        }
        return params;
    }
}
