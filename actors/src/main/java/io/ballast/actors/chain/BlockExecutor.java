package io.ballast.actors.chain;

import io.ballast.core.app.LedgerApplication;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.SignatureVerifier;
import java.util.ArrayList;
import java.util.List;

/**
 * A ledger replica that executes committed blocks in height order and turns each into an
 * {@link ExecutedBlock}: the one place where a node derives receipts, account entries, margin calls and
 * the chain view from a block. Single-threaded.
 */
final class BlockExecutor {
    /** Accounts re-valued per block beyond those it touched (see {@link MarginWatch}). */
    static final int MARGIN_SCAN_PER_BLOCK = 1_024;

    private final LedgerApplication replica;
    private final MarginWatch margins;
    private boolean diverged;
    /** After {@link #restore}: the root the next block's header must carry, else the restored state is not the chain's. */
    private Bytes32 unconfirmedRoot;

    BlockExecutor(Genesis genesis, SignatureVerifier signatures, int marginScanPerBlock) {
        this.replica = new LedgerApplication(genesis, signatures);
        this.margins = new MarginWatch(marginScanPerBlock);
    }

    /** Executes the next block (its height must be {@link #height()} + 1). */
    ExecutedBlock execute(CommittedBlock block) {
        return execute(block, null);
    }

    /** As {@link #execute(CommittedBlock)}; {@code announcedRoot} (null: none) is what the validators said the root is. */
    ExecutedBlock execute(CommittedBlock block, String announcedRoot) {
        if (block.height() != height() + 1) {
            throw new IllegalArgumentException("block " + block.height() + " after " + height());
        }
        if (unconfirmedRoot != null) {
            if (!block.block().header().stateRoot().equals(unconfirmedRoot)) {
                throw new RestoredStateMismatch(block.height(), unconfirmedRoot, block.block().header().stateRoot());
            }
            unconfirmedRoot = null;
        }
        BlockResult result = LedgerApplication.resultOf(replica.execute(block));
        LedgerState state = replica.state();
        List<TxReceipt> receipts = new ArrayList<>(result.receipts().size());
        for (Receipt receipt : result.receipts()) {
            receipts.add(TxReceipt.of(block.height(), receipt));
        }
        List<AccountBlock> accounts = AccountEntries.of(block.height(), block.block().header().timestampMillis(),
                result, state);
        List<Bytes32> touched = accounts.stream().map(a -> Bytes32.fromHex(a.accountKey())).toList();
        ChainView chain = ChainView.of(state);
        diverged |= announcedRoot != null && !announcedRoot.equals(chain.stateRoot());
        return new ExecutedBlock(block, result, receipts, accounts, margins.afterBlock(state, touched), chain, diverged);
    }

    long height() {
        return replica.state().height();
    }

    /**
     * Continues from a ledger snapshot instead of genesis. The snapshot is trusted only once the next block
     * executed confirms its root; until then {@link #execute} throws {@link RestoredStateMismatch} on a mismatch.
     */
    void restore(byte[] ledgerSnapshot) {
        if (height() != 0) {
            throw new IllegalStateException("restore into a replica at height " + height());
        }
        replica.restore(ledgerSnapshot);
        unconfirmedRoot = replica.stateRoot();
    }

    byte[] snapshot() {
        return replica.snapshot();
    }

    /** The next block after a restore names another state root than the restored one. */
    static final class RestoredStateMismatch extends IllegalStateException {
        RestoredStateMismatch(long height, Bytes32 restored, Bytes32 inHeader) {
            super("block " + height + " follows state root " + inHeader.shortHex() + ", the restored snapshot has "
                    + restored.shortHex());
        }
    }

    /** The replica after the last executed block: read it, never change it. */
    LedgerState state() {
        return replica.state();
    }

    List<String> liquidatable(List<String> marketIds, int max) {
        return margins.liquidatable(marketIds, max);
    }
}
