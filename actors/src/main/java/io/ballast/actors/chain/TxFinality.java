package io.ballast.actors.chain;

import io.ballast.actors.validator.TxAdmission;
import io.ballast.persistence.CborSerializable;

/** Either the committed receipt (with the admission that let it in) or the admission that refused the transaction. */
public record TxFinality(TxAdmission admission, TxReceipt receipt) implements CborSerializable {
    public boolean isFinal() {
        return receipt != null;
    }
}
