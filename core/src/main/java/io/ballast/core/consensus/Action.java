package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import java.util.List;

/** Outputs of {@link Validator#step}, always delivered in the order of {@link Actions#all()}. */
public sealed interface Action permits Action.PersistSafetyState, Action.PersistLock, Action.PersistCheckpoint,
        Action.Commit,
        Action.Send, Action.Broadcast, Action.ScheduleTimer, Action.TxOutcome, Action.EvidenceFound {

    /** Durably overwrite the stored safety state. Must complete before any Send/Broadcast of the same step. */
    record PersistSafetyState(SafetyState state) implements Action {}

    /**
     * Durably overwrite the stored lock proof (the locked block and its polka). Emitted when the
     * validator locks, before the precommit that follows; needed for liveness after a restart.
     */
    record PersistLock(LockProof lock) implements Action {}

    /** Durably store a checkpoint (after a snapshot install); blocks at or below its height may be dropped. */
    record PersistCheckpoint(Checkpoint checkpoint) implements Action {}

    /**
     * A block is final and already executed by the application ({@code stateRoot} after it, and the
     * application's {@code output}: for the ledger, receipts and events). Store the block durably (append
     * to the block store) before the sends of the same step; serve it and its output to clients.
     */
    record Commit(CommittedBlock block, Bytes32 stateRoot, BlockOutput output) implements Action {
        public Commit(CommittedBlock block, Bytes32 stateRoot) {
            this(block, stateRoot, BlockOutput.NONE);
        }
    }

    /** Send to one validator, addressed by public key. */
    record Send(Bytes32 to, Message message) implements Action {}

    /** Send to each listed validator (the current set without this validator). */
    record Broadcast(Message message, List<Bytes32> to) implements Action {
        public Broadcast {
            to = List.copyOf(to);
        }
    }

    /** Deliver {@link Event.TimerFired} for {@code timer} once the host clock reaches {@code atMillis}. */
    record ScheduleTimer(Timer timer, long atMillis) implements Action {}

    /** The verdict for one submitted transaction: return it to the client. */
    record TxOutcome(TxResult result) implements Action {}

    /** Equivocation detected (informational: the evidence will be proposed in a block). */
    record EvidenceFound(Evidence evidence) implements Action {}
}
