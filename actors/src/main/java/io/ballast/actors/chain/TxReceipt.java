package io.ballast.actors.chain;

import io.ballast.core.ledger.Receipt;
import io.ballast.persistence.CborSerializable;

/**
 * A transaction's outcome in a committed block, as clients see it.
 *
 * @param code "OK" when accepted, else the ledger's reject code
 */
public record TxReceipt(String txHash, long height, int index, boolean accepted, String code, String detail)
        implements CborSerializable {
    public static TxReceipt of(long height, Receipt receipt) {
        if (receipt instanceof Receipt.Rejected rejected) {
            return new TxReceipt(receipt.txHash().toHex(), height, receipt.index(), false, rejected.code().name(),
                    rejected.reason());
        }
        return new TxReceipt(receipt.txHash().toHex(), height, receipt.index(), true, "OK", "");
    }
}
