package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;

/**
 * Validator-set changes: join (new key), leave (stake 0) or change stake, signed by the collateral authority
 * with its deposit nonce. The ledger records them at once; consensus takes the new set at the next epoch boundary.
 */
final class ValidatorOps {
    private ValidatorOps() {}

    static TxEffect update(LedgerState state, SignedTransaction tx, TxBody.ValidatorUpdate update) {
        FundsOps.requireAuthority(state, tx, "validator-set changes");
        if (update.stake() < 0 || update.stake() > LedgerState.MAX_VALIDATOR_STAKE) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "stake " + update.stake() + " outside 0.." + LedgerState.MAX_VALIDATOR_STAKE);
        }
        Bytes32 key = update.validator();
        if (key.equals(Bytes32.ZERO)) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "the zero key is reserved for the protocol");
        }
        boolean known = state.hasValidatorSlot(key);
        long slashedAt = state.slashedAtHeight(key);
        if (slashedAt != 0) {
            throw new Rejection(RejectCode.NOT_AUTHORIZED, "validator " + key.shortHex() + " was slashed at height "
                    + slashedAt + " and cannot return");
        }
        if (!known && update.stake() == 0) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, key.shortHex() + " is not a validator");
        }
        if (!known && state.validatorSlotCount() >= Genesis.MAX_VALIDATORS) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "validator limit " + Genesis.MAX_VALIDATORS + " reached");
        }
        if (state.activeStakeExcept(key) + update.stake() == 0) {
            throw new Rejection(RejectCode.OUT_OF_RANGE, "the validator set may not become empty");
        }
        long before = state.validatorStake(key);
        state.setValidatorStake(key, update.stake());
        state.authorityNonce = tx.nonce();
        return new TxEffect.ValidatorUpdated(key, before, update.stake());
    }
}
