package io.ballast.core.consensus;

import java.util.List;

/**
 * Inputs to {@link Validator#step}. {@code nowMillis} is the host's clock; it is used only to
 * schedule timers and to timestamp this validator's own precommits, never for anything validators
 * must agree on.
 */
public sealed interface Event permits Event.Start, Event.Received, Event.TimerFired, Event.SubmitTransactions {
    long nowMillis();

    /** First event after {@link Validator#create} or {@link Validator#restore}: starts the current round. */
    record Start(long nowMillis) implements Event {}

    /** Bytes from the network, exactly as another validator's {@link Message#encode()} produced them (or garbage). */
    record Received(byte[] bytes, long nowMillis) implements Event {}

    /** A timer from an earlier {@link Action.ScheduleTimer} is due. */
    record TimerFired(Timer timer, long nowMillis) implements Event {}

    /** Transactions from clients; each gets a {@link Action.TxOutcome}. */
    record SubmitTransactions(List<byte[]> transactions, long nowMillis) implements Event {
        public SubmitTransactions {
            transactions = List.copyOf(transactions);
        }
    }
}
