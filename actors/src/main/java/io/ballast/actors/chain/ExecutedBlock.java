package io.ballast.actors.chain;

import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.ledger.BlockResult;
import java.util.List;

/**
 * One committed block as the node's {@link ChainFollower} executed it, with what every reader derives
 * from the state right after it (computed once, on the follower's thread): the receipts as clients see
 * them, per-account entries and balances, the margin calls found, and the chain-level view. Published on
 * the node's event stream, heights in order (local only: never serialized); a subscriber that must not miss
 * a height asks the follower for gaps ({@link ChainFollower.GetExecuted}).
 *
 * @param marginCalls accounts found below 1.5 × maintenance margin after this block (each block evaluates
 *                    the accounts it touched and a bounded rolling share of the others; see {@link MarginWatch})
 * @param diverged    this follower has computed a state root different from the one the validators announced
 *                    for some height (logged when it happened; should never be true)
 */
public record ExecutedBlock(CommittedBlock block, BlockResult result, List<TxReceipt> receipts,
                            List<AccountBlock> accounts, List<MarginLevel> marginCalls, ChainView chain,
                            boolean diverged) {
    public ExecutedBlock {
        receipts = List.copyOf(receipts);
        accounts = List.copyOf(accounts);
        marginCalls = List.copyOf(marginCalls);
    }

    public long height() {
        return block.height();
    }

    public long blockTimeMillis() {
        return block.block().header().timestampMillis();
    }
}
