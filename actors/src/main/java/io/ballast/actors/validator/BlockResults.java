package io.ballast.actors.validator;

import io.ballast.actors.account.AccountEntries;
import io.ballast.core.app.LedgerApplication;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.MarketView;
import io.ballast.core.ledger.Receipt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns the ledger's outcome of one executed block into the published {@link BlockFinalized}. */
public final class BlockResults {
    private BlockResults() {}

    /** Called right after execution: {@code app.state()} is the state after {@code block}. */
    public static BlockFinalized finalized(String validatorId, CommittedBlock block, BlockResult result, LedgerApplication app) {
        List<TxReceipt> receipts = new ArrayList<>(result.receipts().size());
        for (Receipt receipt : result.receipts()) {
            receipts.add(TxReceipt.of(block.height(), receipt));
        }
        Map<String, Long> prices = new TreeMap<>();
        for (MarketView market : app.state().marketViews()) {
            prices.put(market.id(), market.indexPriceUsd());
        }
        long timeMillis = block.block().header().timestampMillis();
        return new BlockFinalized(validatorId, block.height(), timeMillis, result.stateRoot().toHex(),
                block.block().header().proposer(), receipts, prices,
                AccountEntries.of(block.height(), timeMillis, result, app.state()),
                AccountEntries.marginCalls(block.height(), app.state()));
    }
}
