package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.math.Fixed;
import java.util.List;

/**
 * What misbehaviour costs (staking): equivocation — from consensus evidence in a block or a reported
 * {@code ReportEquivocation} — moves {@code equivocationSlashPpm} of the offender's bond and unbondings to the
 * insurance fund and ejects it for good, while its stake is slashable (the offence at most
 * {@code unbondingPeriodBlocks} ago; once per offender). Downtime — more than {@code downtimeMaxMissedPpm} of a
 * window's commit certificates without its precommit — moves {@code downtimeSlashPpm} and jails it for
 * {@code jailBlocks}. Without staking, consensus evidence only ejects (there is no bond to slash).
 */
final class Slashing {
    private Slashing() {}

    /** Block start: the block's consensus evidence. With staking an offence the rule refuses (already slashed…) is skipped. */
    static void blockEvidence(LedgerState state, List<Equivocation> equivocations, List<LedgerEvent> events) {
        for (Equivocation e : equivocations) {
            if (!state.genesis.staking().enabled()) {
                if (state.validators.eject(e.offender(), state.height)) {
                    events.add(new LedgerEvent.ValidatorSlashed(e.offender(), state.height));
                }
                continue;
            }
            try {
                equivocation(state, e.offender(), e.offenceHeight(), 0, events);
            } catch (Rejection refused) {
                // the same evidence reported twice, or too late: nothing to do, identically everywhere
            }
        }
    }

    /**
     * Slashes and ejects {@code offender} for an offence at {@code offenceHeight}, or throws the {@link Rejection}
     * that says why not (then nothing changed). {@code extraInsuranceUsd}: what the caller will add to the insurance
     * fund after this (a reporter's fee), checked for overflow with the slash before anything moves.
     */
    static long equivocation(LedgerState state, Bytes32 offender, long offenceHeight, long extraInsuranceUsd,
                             List<LedgerEvent> events) {
        StakingParams params = state.genesis.staking();
        ValidatorRegistry.Slot slot = state.validators.slot(offender);
        if (slot != null && slot.slashedAtHeight != 0) {
            throw new Rejection(RejectCode.DUPLICATE_EVIDENCE, "validator " + offender.shortHex()
                    + " was already slashed for equivocation at height " + slot.slashedAtHeight);
        }
        if (offenceHeight > state.height || state.height - offenceHeight > params.unbondingPeriodBlocks()) {
            throw new Rejection(RejectCode.EVIDENCE_TOO_OLD, "offence at height " + offenceHeight + ", now " + state.height
                    + ": stake stays slashable for " + params.unbondingPeriodBlocks() + " blocks");
        }
        if (slot == null || slot.slashableUsd() == 0) {
            throw new Rejection(RejectCode.NOT_SLASHABLE, offender.shortHex() + " holds no slashable stake");
        }
        long amount = ValidatorRegistry.slashAmount(slot, params.equivocationSlashPpm());
        long insuranceAfter = Math.addExact(state.insuranceFundUsd, amount);
        Math.addExact(insuranceAfter, extraInsuranceUsd);

        long slashed = state.validators.slash(slot, params.equivocationSlashPpm());
        state.validators.eject(offender, state.height);
        state.setInsuranceFund(insuranceAfter);
        events.add(new LedgerEvent.ValidatorSlashed(offender, state.height));
        events.add(new LedgerEvent.StakeSlashed(offender, SlashReason.EQUIVOCATION, slashed, insuranceAfter));
        return slashed;
    }

    /** A reported equivocation: any account may send one, with its nonce and fee. */
    static TxEffect report(LedgerState state, Account reporter, long nonce, long feeUsd, TxBody.ReportEquivocation body,
                           List<LedgerEvent> events) {
        StakeOps.requireStaking(state);
        io.ballast.core.consensus.Evidence evidence = body.evidence();
        if (!evidence.verifySignedByOffender(state.consensusChainId())) {
            throw new Rejection(RejectCode.INVALID_EVIDENCE, "the votes do not conflict or are not both signed by "
                    + evidence.offender().shortHex() + " on this chain");
        }
        long collateralAfter = feeUsd == 0 ? reporter.collateralUsd : FundsOps.debitCollateral(state, reporter, 0, feeUsd);
        long slashed = equivocation(state, evidence.offender(), evidence.height(), feeUsd, events);
        reporter.nonce = nonce;
        state.setCollateral(reporter, collateralAfter);
        state.setInsuranceFund(state.insuranceFundUsd + feeUsd);
        return new TxEffect.EquivocationSlashed(evidence.offender(), evidence.height(), slashed);
    }

    /** Block start: counts who signed the previous block's certificate; at a window's end, jails who missed too many. */
    static void downtime(LedgerState state, LastCommit lastCommit, List<LedgerEvent> events) {
        StakingParams params = state.genesis.staking();
        if (!params.enabled() || !lastCommit.present()) {
            return;
        }
        state.validators.recordCommit(lastCommit);
        if (!params.closesDowntimeWindow(lastCommit.height())) {
            return;
        }
        long maxMissed = Fixed.mulDiv(params.downtimeWindowBlocks(), params.downtimeMaxMissedPpm(), Units.PPM);
        for (ValidatorRegistry.Down down : state.validators.closeWindow(maxMissed)) {
            ValidatorRegistry.Slot slot = down.slot();
            long slashed = state.validators.slash(slot, params.downtimeSlashPpm());
            long untilHeight = Math.addExact(state.height, params.jailBlocks());
            state.validators.jail(slot, untilHeight);
            state.setInsuranceFund(Math.addExact(state.insuranceFundUsd, slashed));
            events.add(new LedgerEvent.ValidatorJailed(slot.key, untilHeight, down.missedCommits()));
            events.add(new LedgerEvent.StakeSlashed(slot.key, SlashReason.DOWNTIME, slashed, state.insuranceFundUsd));
        }
    }
}
