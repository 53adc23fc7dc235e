package io.ballast.actors.validator;

import java.util.List;
import java.util.Map;

/**
 * Published on the actor system's event stream by each validator entity after a committed block
 * is durable and executed: observers (devnet printer, margin-account and liquidator entities)
 * subscribe to this class. Every validator publishes every block, so observers that want each
 * block once filter by {@code validatorId} or by height.
 *
 * @param blockTimeMillis the block's BFT time (median of the precommits that committed its parent)
 * @param proposer        index (in the validator set) of the block's proposer
 * @param indexPricesUsd  each market's index price after the block (micro-USD; 0 if never fresh)
 */
public record BlockFinalized(String validatorId, long height, long blockTimeMillis, String stateRoot, int proposer,
                             List<TxReceipt> receipts, Map<String, Long> indexPricesUsd) {
    public BlockFinalized {
        receipts = List.copyOf(receipts);
        indexPricesUsd = Map.copyOf(indexPricesUsd);
    }
}
