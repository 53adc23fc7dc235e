package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import java.util.List;

/**
 * The replicated state machine behind consensus (the clearing ledger in production). Consensus
 * treats transactions as opaque bytes and calls these methods synchronously from
 * {@link Validator#step}; implementations must be deterministic and must not block.
 */
public interface Application {

    /**
     * Admission check for the mempool (signature, format, lane, fee). Called once per transaction
     * per validator when it is first seen; the application may cache by {@link Block#txHash(byte[])}.
     * Not a validity guarantee at execution time: {@link #execute} must tolerate transactions that
     * have become invalid (e.g. skip them deterministically).
     */
    TxCheck checkTransaction(byte[] transaction);

    /**
     * The number the next transaction of a nonce stream must carry in the current state (see
     * {@link TxCheck.Sequence}). Only called for streams this application's {@link #checkTransaction} named.
     */
    default long nextSequence(Bytes32 stream) {
        throw new UnsupportedOperationException("checkTransaction named a nonce stream but nextSequence is not implemented");
    }

    /**
     * Executes a committed block; called exactly once per height, in height order. Returns the
     * state root after the block and, when the block is the second-to-last of an epoch
     * ({@code height % epochLength == epochLength - 1}), the validator set of the next epoch (or
     * {@code null} to keep the current one). Sets reported at other heights are ignored.
     */
    ExecutionResult execute(CommittedBlock block);

    /** The current state as bytes (called at heights divisible by the snapshot interval). */
    byte[] snapshot();

    /** Replaces the whole state with a snapshot taken by {@link #snapshot()} on some validator. */
    void restore(byte[] snapshot);

    /** Root of the current state; must equal what {@link #execute} last returned. */
    Bytes32 stateRoot();

    /**
     * Evidence this validator found that the chain can no longer carry in a block (its epoch ended before a block took
     * it): the transactions that report it to the application instead, signed by {@code reporter} (the validator's
     * own key), which the validator then admits to its own mempool and gossips (no client waits for their outcome).
     * Called after the block that ended the epoch is executed. None by default (an application without slashing).
     */
    default List<byte[]> reportTransactions(List<Evidence> expired, KeyPair reporter) {
        return List.of();
    }
}
