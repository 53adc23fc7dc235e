package io.ballast.actors.validator;

import io.ballast.core.consensus.CommittedBlock;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Reads a validator's committed blocks (with certificates) back from its journal, a bounded page at a
 * time, in height order: the block store for the chain follower, audits and tests. Blocks below a
 * snapshot-sync checkpoint are not in that validator's journal.
 */
public final class BlockLog {
    /** Journal events read per page (blocks and the safety-state events between them). */
    public static final int PAGE_EVENTS = 512;

    private BlockLog() {}

    /**
     * The blocks among the journal events {@code fromSequenceNr ..} of {@code validatorId} (at most
     * {@link #PAGE_EVENTS} events), and where the next page starts; {@code last} once the journal's end
     * was reached.
     */
    public record Page(List<CommittedBlock> blocks, long nextSequenceNr, boolean last) {
        public Page {
            blocks = List.copyOf(blocks);
        }
    }

    public static CompletionStage<Page> page(ActorSystem<?> system, String validatorId, long fromSequenceNr) {
        CurrentEventsByPersistenceIdQuery journal = PersistenceQuery.get(system.classicSystem())
                .getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, readJournalPluginId(system));
        long toSequenceNr = fromSequenceNr + PAGE_EVENTS - 1;
        return journal.currentEventsByPersistenceId(ValidatorEntity.TYPE_KEY.name() + "|" + validatorId,
                        fromSequenceNr, toSequenceNr)
                .runWith(Sink.seq(), system)
                .thenApply(envelopes -> {
                    List<CommittedBlock> blocks = envelopes.stream().map(EventEnvelope::event)
                            .filter(event -> event instanceof ValidatorEntity.BlockCommitted)
                            .map(event -> CommittedBlock.decode(((ValidatorEntity.BlockCommitted) event).committedBlock()))
                            .toList();
                    long next = envelopes.isEmpty() ? fromSequenceNr
                            : envelopes.get(envelopes.size() - 1).sequenceNr() + 1;
                    return new Page(blocks, next, envelopes.size() < PAGE_EVENTS);
                });
    }

    /** Every block of the journal, page after page: for audits and tests that need the whole chain in memory. */
    public static CompletionStage<List<CommittedBlock>> readAll(ActorSystem<?> system, String validatorId) {
        return readFrom(system, validatorId, 1, new java.util.ArrayList<>());
    }

    private static CompletionStage<List<CommittedBlock>> readFrom(ActorSystem<?> system, String validatorId,
                                                                  long fromSequenceNr, List<CommittedBlock> into) {
        return page(system, validatorId, fromSequenceNr).thenCompose(page -> {
            into.addAll(page.blocks());
            return page.last() ? java.util.concurrent.CompletableFuture.completedFuture(List.copyOf(into))
                    : readFrom(system, validatorId, page.nextSequenceNr(), into);
        });
    }

    /** The query plugin that matches the configured journal plugin. */
    static String readJournalPluginId(ActorSystem<?> system) {
        String journal = system.settings().config().getString("pekko.persistence.journal.plugin");
        return switch (journal) {
            case "jdbc-journal" -> "jdbc-read-journal";
            case "pekko.persistence.cassandra.journal" -> "pekko.persistence.cassandra.query";
            default -> throw new IllegalStateException("no read journal known for journal plugin " + journal);
        };
    }
}
