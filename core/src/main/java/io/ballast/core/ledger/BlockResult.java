package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;
import java.util.List;

/**
 * @param receipts      one per transaction, in block order
 * @param startEvents   funding and safe-mode changes at block start
 * @param endEvents     block-end liquidations (with fee, insurance, ADL and pool entries)
 * @param stateRoot     the state root after the block
 */
public record BlockResult(long height, List<Receipt> receipts, List<LedgerEvent> startEvents,
                          List<LedgerEvent> endEvents, Bytes32 stateRoot) {
    public BlockResult {
        receipts = List.copyOf(receipts);
        startEvents = List.copyOf(startEvents);
        endEvents = List.copyOf(endEvents);
    }

    public long acceptedCount() {
        return receipts.stream().filter(Receipt::accepted).count();
    }
}
