package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.tx.SignedTransaction;
import java.util.List;

/** The outcome of one transaction of a block, in block order. */
public sealed interface Receipt {
    /** Position of the transaction in its block. */
    int index();

    SignedTransaction transaction();

    default Bytes32 txHash() {
        return transaction().hash();
    }

    boolean accepted();

    /** {@code priorityFeeUsd} was charged to the signer and credited to the insurance fund. */
    record Accepted(int index, SignedTransaction transaction, TxEffect effect, long priorityFeeUsd,
                    List<LedgerEvent> events) implements Receipt {
        public Accepted {
            events = List.copyOf(events);
        }

        public boolean accepted() {
            return true;
        }
    }

    /** Nothing changed: not the nonce, not the fee, no leaf of the state root. */
    record Rejected(int index, SignedTransaction transaction, RejectCode code, String reason) implements Receipt {
        public boolean accepted() {
            return false;
        }
    }
}
