package io.ballast.persistence.lease;

import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.coordination.lease.LeaseSettings;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * {@link StoreLease} in Cassandra, in the journal's keyspace (table {@value #TABLE}, created with the journal's tables
 * by {@code CassandraSchema}): lightweight transactions ({@code IF NOT EXISTS} / {@code IF owner = ?}, Paxos) for the
 * compare-and-set and the server's TTL for expiry, so no two machines' clocks are ever compared.
 */
public final class CassandraLease extends StoreLease {
    public static final String TABLE = "validator_leases";
    private static final String PLUGIN_PATH = "pekko.persistence.cassandra";

    private final CassandraSession session;
    private final String table;
    private final ExtendedActorSystem actorSystem;
    private volatile CompletionStage<?> schemaReady;
    private final LeaseStore store = new LeaseStore() {
        @Override
        public CompletionStage<Boolean> claim(String name, String owner, Duration ttl) {
            return applied("INSERT INTO " + table + " (name, owner) VALUES (?, ?) IF NOT EXISTS USING TTL "
                    + seconds(ttl), name, owner).thenCompose(inserted -> inserted
                    ? java.util.concurrent.CompletableFuture.completedFuture(true)
                    : renew(name, owner, ttl));
        }

        @Override
        public CompletionStage<Boolean> renew(String name, String owner, Duration ttl) {
            return applied("UPDATE " + table + " USING TTL " + seconds(ttl) + " SET owner = ? WHERE name = ? IF owner = ?",
                    owner, name, owner);
        }

        @Override
        public CompletionStage<Boolean> release(String name, String owner) {
            return applied("DELETE FROM " + table + " WHERE name = ? IF owner = ?", name, owner);
        }
    };

    public CassandraLease(LeaseSettings settings, ExtendedActorSystem system) {
        super(settings, system);
        this.session = CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create(PLUGIN_PATH));
        this.table = system.settings().config().getString(PLUGIN_PATH + ".journal.keyspace") + "." + TABLE;
        this.actorSystem = system;
    }

    /** CQL creating the table in {@code keyspace} (run with the journal's schema). */
    public static String createTable(String keyspace) {
        return "CREATE TABLE IF NOT EXISTS " + keyspace + "." + TABLE + " (name text PRIMARY KEY, owner text)";
    }

    @Override
    protected LeaseStore store() {
        return store;
    }

    private CompletionStage<Boolean> applied(String cql, Object... binds) {
        return schemaReady().thenCompose(ready -> session.selectOne(cql, binds)).thenApply(CassandraLease::wasApplied);
    }

    /** With the journal's autocreate on (dev clusters), creates the keyspace and the table like the journal does. */
    private CompletionStage<?> schemaReady() {
        CompletionStage<?> ready = schemaReady;
        if (ready == null) {
            org.apache.pekko.persistence.cassandra.PluginSettings plugin = org.apache.pekko.persistence.cassandra
                    .PluginSettings.apply(actorSystem, actorSystem.settings().config().getConfig(PLUGIN_PATH));
            CompletionStage<?> keyspace = plugin.journalSettings().keyspaceAutoCreate()
                    ? session.executeDDL(new org.apache.pekko.persistence.cassandra.KeyspaceAndTableStatements(
                            actorSystem, PLUGIN_PATH, plugin).createJournalKeyspaceStatement())
                    : java.util.concurrent.CompletableFuture.completedFuture(null);
            ready = plugin.journalSettings().tablesAutoCreate()
                    ? keyspace.thenCompose(done -> session.executeDDL(createTable(plugin.journalSettings().keyspace())))
                    : keyspace;
            ready = ready.whenComplete((done, failure) -> {
                if (failure != null) {
                    schemaReady = null; // try again on the next operation
                }
            });
            schemaReady = ready;
        }
        return ready;
    }

    private static boolean wasApplied(Optional<Row> row) {
        return row.map(r -> r.getBoolean("[applied]")).orElse(false);
    }

    private static long seconds(Duration ttl) {
        return Math.max(1, ttl.toSeconds());
    }
}
