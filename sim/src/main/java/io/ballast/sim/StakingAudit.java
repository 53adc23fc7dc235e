package io.ballast.sim;

import io.ballast.core.app.LedgerApplication;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.consensus.ValidatorSet;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.ElectionOutcome;
import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.SecurityView;
import io.ballast.core.ledger.SlashReason;
import io.ballast.core.ledger.StakeView;
import io.ballast.core.ledger.StakingParams;
import io.ballast.core.ledger.Totals;
import io.ballast.core.ledger.TxEffect;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.ValidatorInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The staking invariants of a seed on a staking genesis, after every block. A replica ledger executes each committed
 * block once, at its first execution on an honest validator (its root must be the committed one), so every check
 * sees the state right after that block, even when a validator committed several blocks in one step:
 * <ul>
 *   <li>value: bonded + unbonding + free collateral + insurance (what slashing burns goes there) + pool + reward pool
 *   = deposits, and the staked total is the sum of the validators' bonds and unbondings;</li>
 *   <li>power: every validator's voting power is backed by its bond and unbondings (unless jailed or ejected, which
 *   lose it at the next election); after an applied election each member's power is its bond;</li>
 *   <li>the set: never fewer than {@link StakingParams#MIN_VALIDATORS} members certify a block, and no election
 *   moves more than a third of the power (of the old set's and of the new set's);</li>
 *   <li>slashing: no offender is slashed twice for equivocation, nor slashed for downtime while jailed;</li>
 *   <li>consensus uses the ledger's set: on every honest validator, outside an epoch's last block, the validator set
 *   consensus signs with is the ledger's certifying set, key by key and power by power ({@link #checkConsensusSet}).</li>
 * </ul>
 * It also records the cost of corruption after every block ({@link ChurnResult}).
 */
final class StakingAudit {
    private final Simulation sim;
    private final LedgerApplication replica;
    private final int epochBlocks;
    private final List<ChurnResult.SecurityPoint> security = new ArrayList<>();
    private final Set<Bytes32> slashedForEquivocation = new TreeSet<>();
    private final Set<Bytes32> joined = new TreeSet<>();
    private final Set<Bytes32> genesisKeys = new TreeSet<>();
    private List<ValidatorInfo> active;
    private int left;
    private int jailed;
    private int unjailed;
    private int reportSlashes;
    private int crossEpochSlashes;
    private int elections;
    private int phased;
    private int deferred;
    private int minValidators = Integer.MAX_VALUE;
    private long maxPowerMovedPpm;

    StakingAudit(Simulation sim) {
        this.sim = sim;
        this.replica = new LedgerApplication(sim.ledgerGenesis, 50_000);
        this.epochBlocks = sim.config.epochLengthBlocks();
        this.active = replica.state().activeValidators();
        for (ValidatorInfo v : sim.ledgerGenesis.validators()) {
            genesisKeys.add(v.key());
        }
    }

    /** The first execution of {@code block} on an honest validator (heights in order). */
    void onFirstExecution(CommittedBlock block, BlockResult result) {
        LedgerState before = replica.state();
        Map<Bytes32, StakeView> viewsBefore = views(before);
        BlockResult audited = LedgerApplication.resultOf(replica.execute(block));
        long height = block.height();
        if (!audited.stateRoot().equals(result.stateRoot())) {
            throw new SimViolation(Invariant.STATE_ROOT, "the staking audit replica's root at height " + height + " is "
                    + audited.stateRoot().shortHex() + ", the chain's " + result.stateRoot().shortHex());
        }
        LedgerState state = replica.state();
        checkValue(state, height);
        checkBacking(state, height);
        List<LedgerEvent> events = events(audited);
        checkSlashing(viewsBefore, audited, events, height);
        for (LedgerEvent event : events) {
            if (event instanceof LedgerEvent.ValidatorsElected elected) {
                checkElection(state, elected, height);
            } else if (event instanceof LedgerEvent.ValidatorJailed) {
                jailed++;
            }
        }
        active = state.activeValidators();
        int certifying = state.certifyingValidators().size();
        if (certifying < StakingParams.MIN_VALIDATORS) {
            throw new SimViolation(Invariant.VALIDATOR_SET, certifying + " validators certify height " + height
                    + ", fewer than " + StakingParams.MIN_VALIDATORS + ": " + state.certifyingValidators());
        }
        minValidators = Math.min(minValidators, certifying);
        countChurn(state, audited);
        SecurityView view = state.securityView();
        security.add(new ChurnResult.SecurityPoint(height, sim.now - Simulation.GENESIS_MILLIS, view.validators(),
                view.totalPowerUsd(), view.stakeToHaltUsd(), view.stakeToForkUsd(), view.slashableOnForkUsd(),
                view.collateralAtRiskUsd(), view.corruptionCostRatioPpm()));
    }

    private static List<LedgerEvent> events(BlockResult result) {
        List<LedgerEvent> ordered = new ArrayList<>(result.startEvents());
        for (Receipt receipt : result.receipts()) {
            if (receipt instanceof Receipt.Accepted accepted) {
                ordered.addAll(accepted.events());
            }
        }
        ordered.addAll(result.endEvents());
        return ordered;
    }

    private static Map<Bytes32, StakeView> views(LedgerState state) {
        Map<Bytes32, StakeView> views = new TreeMap<>();
        for (StakeView view : state.stakeViews()) {
            views.put(view.key(), view);
        }
        return views;
    }

    private static void checkValue(LedgerState state, long height) {
        Totals totals = state.totals();
        if (!totals.cashConserved()) {
            throw new SimViolation(Invariant.CONSERVATION, "after height " + height + ": bonded + collateral + insurance "
                    + "+ pool + rewards != deposits: " + totals);
        }
        long staked = 0;
        for (StakeView view : state.stakeViews()) {
            staked = Math.addExact(staked, Math.addExact(view.bondUsd(), view.unbondingUsd()));
        }
        if (staked != totals.stakedUsd()) {
            throw new SimViolation(Invariant.CONSERVATION, "after height " + height + ": Σ bonds and unbondings " + staked
                    + " but the staked total is " + totals.stakedUsd());
        }
    }

    private static void checkBacking(LedgerState state, long height) {
        for (StakeView view : state.stakeViews()) {
            if (view.slashedAtHeight() == 0 && view.jailedUntilHeight() == 0
                    && view.powerUsd() > view.bondUsd() + view.unbondingUsd()) {
                throw new SimViolation(Invariant.VALIDATOR_SET, "after height " + height + ": voting power of "
                        + view.key().shortHex() + " exceeds its stake: " + view);
            }
        }
    }

    /** Equivocation once per offender; downtime never while jailed. Counts how (and how late) offenders were slashed. */
    private void checkSlashing(Map<Bytes32, StakeView> viewsBefore, BlockResult result, List<LedgerEvent> events,
                               long height) {
        for (LedgerEvent event : events) {
            if (!(event instanceof LedgerEvent.StakeSlashed slashed)) {
                continue;
            }
            if (slashed.reason() == SlashReason.EQUIVOCATION && !slashedForEquivocation.add(slashed.validator())) {
                throw new SimViolation(Invariant.SLASHING, slashed.validator().shortHex() + " slashed for equivocation "
                        + "a second time at height " + height);
            }
            StakeView before = viewsBefore.get(slashed.validator());
            if (slashed.reason() == SlashReason.DOWNTIME && before != null && before.jailedUntilHeight() > 0) {
                throw new SimViolation(Invariant.SLASHING, slashed.validator().shortHex() + " slashed for downtime at "
                        + "height " + height + " while still jailed until " + before.jailedUntilHeight());
            }
        }
        for (Receipt receipt : result.receipts()) {
            if (receipt instanceof Receipt.Accepted accepted
                    && accepted.effect() instanceof TxEffect.EquivocationSlashed reported) {
                reportSlashes++;
                if (epochOf(reported.offenceHeight()) < epochOf(height)) {
                    crossEpochSlashes++;
                }
            } else if (receipt instanceof Receipt.Accepted accepted && accepted.effect() instanceof TxEffect.Unjailed) {
                unjailed++;
            }
        }
    }

    private long epochOf(long height) {
        return (height - 1) / epochBlocks;
    }

    private void checkElection(LedgerState state, LedgerEvent.ValidatorsElected elected, long height) {
        elections++;
        List<ValidatorInfo> after = state.activeValidators();
        long total = 0;
        for (ValidatorInfo v : after) {
            total = Math.addExact(total, v.stake());
        }
        if (after.size() != elected.members() || total != elected.totalPowerUsd()) {
            throw new SimViolation(Invariant.VALIDATOR_SET, "election at height " + height + " reports "
                    + elected.members() + " members and " + elected.totalPowerUsd() + " power, the set is " + after);
        }
        if (after.size() < StakingParams.MIN_VALIDATORS) {
            throw new SimViolation(Invariant.VALIDATOR_SET, "election at height " + height + " left " + after.size()
                    + " validators: " + after);
        }
        Map<Bytes32, StakeView> views = views(state);
        Map<Bytes32, Long> oldPower = new TreeMap<>();
        long kept = 0;
        for (ValidatorInfo v : active) {
            StakeView view = views.get(v.key());
            if (view == null || (view.slashedAtHeight() == 0 && view.jailedUntilHeight() == 0)) {
                oldPower.put(v.key(), v.stake()); // ejected and jailed members leave at once, outside the third
                kept = Math.addExact(kept, v.stake());
            }
        }
        long retained = 0;
        for (ValidatorInfo v : after) {
            retained = Math.addExact(retained, Math.min(v.stake(), oldPower.getOrDefault(v.key(), 0L)));
        }
        if (elected.outcome() != ElectionOutcome.DEFERRED && kept > 0) {
            if (3 * retained < 2 * kept || 3 * retained < 2 * total) {
                throw new SimViolation(Invariant.VALIDATOR_SET, "election at height " + height + " moved more than a "
                        + "third of the power: " + active + " -> " + after);
            }
            long moved = Math.max(kept - retained, total - retained);
            maxPowerMovedPpm = Math.max(maxPowerMovedPpm, moved * Units.PPM / Math.max(kept, total));
        }
        if (elected.outcome() == ElectionOutcome.APPLIED) {
            for (ValidatorInfo v : after) {
                if (v.stake() != views.get(v.key()).bondUsd()) {
                    throw new SimViolation(Invariant.VALIDATOR_SET, "election at height " + height + " applied, but the "
                            + "power of " + v.key().shortHex() + " is " + v.stake() + ", its bond "
                            + views.get(v.key()).bondUsd());
                }
            }
        }
        phased += elected.outcome() == ElectionOutcome.PHASED ? 1 : 0;
        deferred += elected.outcome() == ElectionOutcome.DEFERRED ? 1 : 0;
    }

    private void countChurn(LedgerState state, BlockResult result) {
        for (ValidatorInfo member : state.certifyingValidators()) {
            if (!genesisKeys.contains(member.key()) && member.stake() > 0) {
                joined.add(member.key());
            }
        }
        for (Receipt receipt : result.receipts()) {
            if (receipt instanceof Receipt.Accepted accepted && accepted.effect() instanceof TxEffect.WithdrewUnbonded) {
                left++;
            }
        }
    }

    /**
     * On an honest validator after it executed blocks: outside an epoch's last block (where consensus already holds
     * the next epoch's set while the ledger's certifying set changes at the next block's start), consensus signs with
     * exactly the ledger's certifying set.
     */
    static void checkConsensusSet(Endpoint e, LedgerState state, int epochBlocks) {
        long height = state.height();
        if (height == 0 || height % epochBlocks == 0) {
            return;
        }
        ValidatorSet set = e.validator.validatorSet();
        List<ValidatorInfo> ledger = state.certifyingValidators();
        boolean same = set.size() == ledger.size();
        for (int i = 0; same && i < ledger.size(); i++) {
            int index = set.indexOf(ledger.get(i).key());
            same = index >= 0 && set.stake(index) == ledger.get(i).stake();
        }
        if (!same) {
            throw new SimViolation(Invariant.VALIDATOR_SET, e.name() + " after height " + height + ": consensus signs "
                    + "with " + set.size() + " validators of " + set.totalStake() + " power, the ledger's certifying set "
                    + "is " + ledger);
        }
    }

    ChurnResult result() {
        return new ChurnResult(security, joined.size(), left, jailed, unjailed, slashedForEquivocation.size(),
                reportSlashes, crossEpochSlashes, elections, phased, deferred,
                minValidators == Integer.MAX_VALUE ? 0 : minValidators, maxPowerMovedPpm);
    }
}
