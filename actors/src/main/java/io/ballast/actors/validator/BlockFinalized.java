package io.ballast.actors.validator;

import io.ballast.actors.account.AccountBlock;
import io.ballast.actors.account.MarginLevel;
import io.ballast.persistence.CborSerializable;
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
 * @param accounts        per-account entries and balances after the block (accounts the block touched)
 * @param marginCalls     accounts with positions whose equity is below 1.5 × maintenance margin after the block
 */
public record BlockFinalized(String validatorId, long height, long blockTimeMillis, String stateRoot, int proposer,
                             List<TxReceipt> receipts, Map<String, Long> indexPricesUsd, List<AccountBlock> accounts,
                             List<MarginLevel> marginCalls) implements CborSerializable {
    public BlockFinalized {
        receipts = List.copyOf(receipts);
        indexPricesUsd = Map.copyOf(indexPricesUsd);
        accounts = List.copyOf(accounts);
        marginCalls = List.copyOf(marginCalls);
    }

    /** Without account entries (observers that only need heights, receipts and prices). */
    public BlockFinalized(String validatorId, long height, long blockTimeMillis, String stateRoot, int proposer,
                          List<TxReceipt> receipts, Map<String, Long> indexPricesUsd) {
        this(validatorId, height, blockTimeMillis, stateRoot, proposer, receipts, indexPricesUsd, List.of(), List.of());
    }
}
