package io.ballast.core.consensus;

/**
 * What the application reports about one executed block beyond its state root (for the ledger:
 * receipts and events). Opaque to consensus: it travels from {@link Application#execute} to the host
 * in {@link Action.Commit}, so the result leaves the core through the same action as the block.
 */
public interface BlockOutput {
    /** For applications with nothing to report. */
    BlockOutput NONE = new BlockOutput() { };
}
