package io.ballast.core.ledger;

import io.ballast.core.math.Fixed;
import java.util.List;

/**
 * Block rewards (staking): at the end of a block, {@code rewardSharePpm} of the priority fees its accepted transactions
 * paid (which went to the insurance fund) moves to the reward pool; at the start of the next block, whose certificate
 * of it names who precommitted, the pool is paid to those signers pro rata to their power in the set that certified
 * it — into their accounts' collateral. A signer without an account leaves its share to the insurance fund; rounding
 * stays in the pool for the next block. So liveness pays and absence costs.
 */
final class Rewards {
    private Rewards() {}

    /** Block end: sets aside the validators' share of the block's fees. */
    static void collect(LedgerState state, List<Receipt> receipts, List<LedgerEvent> events) {
        StakingParams params = state.genesis.staking();
        if (!params.enabled() || params.rewardSharePpm() == 0) {
            return;
        }
        long fees = 0;
        for (Receipt receipt : receipts) {
            if (receipt instanceof Receipt.Accepted accepted) {
                fees = Math.addExact(fees, accepted.priorityFeeUsd());
            }
        }
        long share = Math.min(Fixed.mulDiv(fees, params.rewardSharePpm(), Units.PPM), state.insuranceFundUsd);
        if (share == 0) {
            return;
        }
        state.setInsuranceFund(state.insuranceFundUsd - share);
        state.validators.setRewardPool(Math.addExact(state.validators.rewardPoolUsd(), share));
        events.add(new LedgerEvent.RewardsSetAside(fees, share, state.validators.rewardPoolUsd()));
    }

    /** Block start: pays the pool to the signers of the previous block's certificate. */
    static void pay(LedgerState state, LastCommit lastCommit, List<LedgerEvent> events) {
        long pool = state.validators.rewardPoolUsd();
        if (!state.genesis.staking().enabled() || !lastCommit.present() || pool == 0) {
            return;
        }
        List<ValidatorInfo> set = state.validators.certifying();
        long signedPower = 0;
        for (int index : lastCommit.signers()) {
            if (index < set.size()) {
                signedPower = Math.addExact(signedPower, set.get(index).stake());
            }
        }
        if (signedPower == 0) {
            return;
        }
        long paid = 0;
        long returned = 0;
        int paidSigners = 0;
        for (int index : lastCommit.signers()) {
            if (index >= set.size()) {
                continue;
            }
            ValidatorInfo member = set.get(index);
            long share = Fixed.mulDiv(pool, member.stake(), signedPower);
            Account account = state.account(member.key());
            ValidatorRegistry.Slot slot = state.validators.slot(member.key());
            if (account == null || slot == null) {
                returned = Math.addExact(returned, share);
                continue;
            }
            state.setCollateral(account, Math.addExact(account.collateralUsd, share));
            state.validators.credit(slot, share);
            if (share > 0) {
                events.add(new LedgerEvent.ValidatorRewarded(member.key(), lastCommit.height(), share));
            }
            paid = Math.addExact(paid, share);
            paidSigners++;
        }
        state.validators.setRewardPool(pool - paid - returned);
        if (returned > 0) {
            state.setInsuranceFund(Math.addExact(state.insuranceFundUsd, returned));
        }
        events.add(new LedgerEvent.RewardsPaid(lastCommit.height(), paid, paidSigners, returned));
    }
}
