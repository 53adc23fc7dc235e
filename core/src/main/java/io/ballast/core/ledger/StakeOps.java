package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;

/**
 * Bond, unbond and withdraw: signed by the validator's own key from its own account, with its account nonce.
 * Voting power follows at the next election ({@link ValidatorRegistry#elect}). Validate everything, then commit.
 */
final class StakeOps {
    private StakeOps() {}

    static TxEffect bond(LedgerState state, Account account, long nonce, long feeUsd, long amountUsd) {
        StakingParams params = requireStaking(state);
        if (amountUsd <= 0) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "bond amount must be positive");
        }
        Bytes32 key = account.key;
        ValidatorRegistry.Slot slot = state.validators.slot(key);
        if (slot != null && slot.slashedAtHeight != 0) {
            throw new Rejection(RejectCode.VALIDATOR_EJECTED, "validator " + key.shortHex() + " was ejected for equivocation at height "
                    + slot.slashedAtHeight + " and cannot return");
        }
        if (slot == null && state.validators.size() >= Genesis.MAX_VALIDATORS) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "every one of the " + Genesis.MAX_VALIDATORS + " validator slots is taken");
        }
        long bondAfter = Math.addExact(slot == null ? 0 : slot.bondUsd, amountUsd);
        if (bondAfter > StakingParams.MAX_BOND_USD) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "bond " + Units.formatUsd(bondAfter) + " above the largest "
                    + Units.formatUsd(StakingParams.MAX_BOND_USD));
        }
        if (bondAfter < params.minBondUsd()) {
            throw new Rejection(RejectCode.BOND_BELOW_MINIMUM, "bond " + Units.formatUsd(bondAfter) + " below the minimum "
                    + Units.formatUsd(params.minBondUsd()));
        }
        long collateralAfter = FundsOps.debitCollateral(state, account, amountUsd, feeUsd);
        long insuranceAfter = Math.addExact(state.insuranceFundUsd, feeUsd);
        Math.addExact(state.validators.stakedUsd(), amountUsd);

        account.nonce = nonce;
        state.setCollateral(account, collateralAfter);
        state.setInsuranceFund(insuranceAfter);
        state.validators.bond(key, amountUsd);
        return new TxEffect.Bonded(amountUsd, bondAfter, collateralAfter);
    }

    static TxEffect unbond(LedgerState state, Account account, long nonce, long feeUsd, long amountUsd) {
        StakingParams params = requireStaking(state);
        if (amountUsd <= 0) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "unbond amount must be positive");
        }
        ValidatorRegistry.Slot slot = state.validators.slot(account.key);
        long bond = slot == null ? 0 : slot.bondUsd;
        if (amountUsd > bond) {
            throw new Rejection(RejectCode.UNBOND_EXCEEDS_BOND, "unbonding " + Units.formatUsd(amountUsd) + " of a bond of "
                    + Units.formatUsd(bond));
        }
        long bondAfter = bond - amountUsd;
        if (bondAfter > 0 && bondAfter < params.minBondUsd()) {
            throw new Rejection(RejectCode.BOND_BELOW_MINIMUM, "the bond left, " + Units.formatUsd(bondAfter)
                    + ", is below the minimum " + Units.formatUsd(params.minBondUsd()) + ": unbond all or less");
        }
        long releaseHeight = Math.addExact(state.height, params.unbondingPeriodBlocks());
        if (!ValidatorRegistry.canUnbond(slot, releaseHeight)) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, StakingParams.MAX_UNBONDINGS + " unbondings are already waiting");
        }
        // the bond is not collateral: only a fee touches the account (and then its margin)
        long collateralAfter = feeUsd == 0 ? account.collateralUsd : FundsOps.debitCollateral(state, account, 0, feeUsd);
        long insuranceAfter = Math.addExact(state.insuranceFundUsd, feeUsd);
        Math.addExact(slot.unbondingUsd(), amountUsd);

        account.nonce = nonce;
        state.setCollateral(account, collateralAfter);
        state.setInsuranceFund(insuranceAfter);
        state.validators.unbond(slot, amountUsd, releaseHeight);
        return new TxEffect.Unbonded(amountUsd, bondAfter, releaseHeight);
    }

    static TxEffect withdrawUnbonded(LedgerState state, Account account, long nonce, long feeUsd) {
        requireStaking(state);
        ValidatorRegistry.Slot slot = state.validators.slot(account.key);
        if (slot == null || slot.unbondings.isEmpty()) {
            throw new Rejection(RejectCode.UNBONDING_NOT_DONE, "nothing is unbonding");
        }
        if (ValidatorRegistry.maturedUsd(slot, state.height) == 0) {
            throw new Rejection(RejectCode.UNBONDING_NOT_DONE, "the first unbonding is released at height "
                    + slot.unbondings.get(0).releaseHeight() + " (now " + state.height + ")");
        }
        long amountUsd = ValidatorRegistry.withdrawableUsd(slot, state.height);
        if (amountUsd == 0) {
            throw new Rejection(RejectCode.STAKE_LOCKED, "the released stake still backs voting power "
                    + Units.formatUsd(slot.powerUsd) + " until the next election");
        }
        long collateralAfter = Math.subtractExact(Math.addExact(account.collateralUsd, amountUsd), feeUsd);
        if (collateralAfter < 0) {
            throw new Rejection(RejectCode.INSUFFICIENT_COLLATERAL, "cannot pay the priority fee");
        }
        Math.addExact(state.totalCollateralUsd, Math.subtractExact(collateralAfter, account.collateralUsd));
        long insuranceAfter = Math.addExact(state.insuranceFundUsd, feeUsd);

        account.nonce = nonce;
        state.validators.withdraw(slot, amountUsd);
        state.setCollateral(account, collateralAfter);
        state.setInsuranceFund(insuranceAfter);
        return new TxEffect.WithdrewUnbonded(amountUsd, collateralAfter);
    }

    static TxEffect unjail(LedgerState state, Account account, long nonce, long feeUsd) {
        requireStaking(state);
        ValidatorRegistry.Slot slot = state.validators.slot(account.key);
        if (slot != null && slot.slashedAtHeight != 0) {
            throw new Rejection(RejectCode.VALIDATOR_EJECTED, "validator " + account.key.shortHex()
                    + " was ejected for equivocation at height " + slot.slashedAtHeight);
        }
        if (slot == null || slot.jailedUntilHeight == 0) {
            throw new Rejection(RejectCode.NOT_JAILED, "validator " + account.key.shortHex() + " is not jailed");
        }
        if (state.height < slot.jailedUntilHeight) {
            throw new Rejection(RejectCode.JAIL_COOLDOWN, "jailed until height " + slot.jailedUntilHeight + " (now "
                    + state.height + ")");
        }
        long collateralAfter = feeUsd == 0 ? account.collateralUsd : FundsOps.debitCollateral(state, account, 0, feeUsd);
        long insuranceAfter = Math.addExact(state.insuranceFundUsd, feeUsd);

        account.nonce = nonce;
        state.setCollateral(account, collateralAfter);
        state.setInsuranceFund(insuranceAfter);
        state.validators.unjail(slot);
        return new TxEffect.Unjailed(slot.bondUsd);
    }

    static StakingParams requireStaking(LedgerState state) {
        StakingParams params = state.genesis.staking();
        if (!params.enabled()) {
            throw new Rejection(RejectCode.STAKING_DISABLED, "this chain has a fixed validator set (no staking in genesis)");
        }
        return params;
    }
}
