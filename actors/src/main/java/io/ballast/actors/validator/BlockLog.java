package io.ballast.actors.validator;

import io.ballast.core.consensus.CommittedBlock;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Reads a validator's committed blocks (with certificates) back from the journal, in height
 * order: the block store for observers, audits and tests. Blocks below a snapshot-sync checkpoint
 * are not in that validator's journal.
 */
public final class BlockLog {
    private BlockLog() {}

    /** Every committed block persisted so far by {@code validatorId}. */
    public static CompletionStage<List<CommittedBlock>> read(ActorSystem<?> system, String validatorId) {
        CurrentEventsByPersistenceIdQuery journal = PersistenceQuery.get(system.classicSystem())
                .getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, readJournalPluginId(system));
        Source<EventEnvelope, NotUsed> events = journal.currentEventsByPersistenceId(
                ValidatorEntity.TYPE_KEY.name() + "|" + validatorId, 0, Long.MAX_VALUE);
        return events.map(EventEnvelope::event)
                .filter(event -> event instanceof ValidatorEntity.BlockCommitted)
                .map(event -> CommittedBlock.decode(((ValidatorEntity.BlockCommitted) event).committedBlock()))
                .runWith(Sink.seq(), system);
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
