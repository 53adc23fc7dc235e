package io.ballast.core.consensus.host;

import io.ballast.core.consensus.Action;
import io.ballast.core.consensus.Actions;
import io.ballast.core.consensus.Evidence;
import io.ballast.core.consensus.Message;
import io.ballast.core.consensus.Timer;
import io.ballast.core.consensus.TxResult;
import io.ballast.core.crypto.Bytes32;
import java.util.List;

/**
 * The one interpreter of a validator's {@link Actions}, shared by every host (the runtime's validator
 * entity, the simulator, the core test harness, the benchmark): persist first, and only once that is
 * durable announce commits, send (each message encoded once), schedule timers and deliver
 * notifications, in that order. A host decides how durable is durable and how bytes travel.
 */
public final class ActionInterpreter {
    /** What one host provides. */
    public interface Host {
        /**
         * Makes the persist actions durable (all of them, in order; possibly none) and then runs
         * {@code andThen} — at once, or later when an asynchronous journal confirms the write. Nothing
         * of the same step leaves the host before that.
         */
        void persist(List<Action> actions, Runnable andThen);

        /** A committed, executed block is durable. */
        default void committed(Action.Commit commit) {
        }

        /** Transport {@code bytes} (the encoding of {@code message}) to each validator in {@code to}. */
        void send(Message message, byte[] bytes, List<Bytes32> to);

        /** Deliver {@link io.ballast.core.consensus.Event.TimerFired} for {@code timer} at or after {@code atMillis}. */
        void schedule(Timer timer, long atMillis);

        /** The verdict for a submitted transaction. */
        default void txOutcome(TxResult result) {
        }

        /** Equivocation seen (the evidence will be proposed in a block). */
        default void evidenceFound(Evidence evidence) {
        }
    }

    private ActionInterpreter() {}

    public static void perform(Actions actions, Host host) {
        host.persist(actions.toPersist(), () -> afterDurable(actions, host));
    }

    private static void afterDurable(Actions actions, Host host) {
        for (Action.Commit commit : actions.commits()) {
            host.committed(commit);
        }
        for (Action action : actions.toSend()) {
            if (action instanceof Action.Send send) {
                host.send(send.message(), send.message().encode(), List.of(send.to()));
            } else if (action instanceof Action.Broadcast broadcast) {
                host.send(broadcast.message(), broadcast.message().encode(), broadcast.to());
            }
        }
        for (Action.ScheduleTimer timer : actions.timers()) {
            host.schedule(timer.timer(), timer.atMillis());
        }
        for (Action action : actions.notifications()) {
            if (action instanceof Action.TxOutcome outcome) {
                host.txOutcome(outcome.result());
            } else if (action instanceof Action.EvidenceFound found) {
                host.evidenceFound(found.evidence());
            }
        }
    }
}
