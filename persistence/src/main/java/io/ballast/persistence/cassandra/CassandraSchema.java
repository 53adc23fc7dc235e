package io.ballast.persistence.cassandra;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.persistence.cassandra.KeyspaceAndTableStatements;
import org.apache.pekko.persistence.cassandra.PluginSettings;

/**
 * The CQL that creates the journal and snapshot keyspaces and tables for the system's
 * {@code pekko.persistence.cassandra} settings, for operators who create the schema themselves
 * (production: schema-autocreate off, replication-strategy NetworkTopologyStrategy).
 */
public final class CassandraSchema {
  public static final String PLUGIN_PATH = "pekko.persistence.cassandra";

  private CassandraSchema() {}

  /** Statements in execution order, each ending without a semicolon. */
  public static List<String> statements(ClassicActorSystemProvider system) {
    PluginSettings settings =
        PluginSettings.apply(
            system.classicSystem(), system.classicSystem().settings().config().getConfig(PLUGIN_PATH));
    KeyspaceAndTableStatements statements =
        new KeyspaceAndTableStatements(system, PLUGIN_PATH, settings);
    List<String> all = new ArrayList<>();
    all.add(statements.createJournalKeyspaceStatement());
    all.addAll(statements.getCreateJournalTablesStatements());
    // validator shard leases (io.ballast.persistence.lease.CassandraLease) live beside the journal
    all.add(io.ballast.persistence.lease.CassandraLease.createTable(settings.journalSettings().keyspace()));
    all.add(statements.createSnapshotKeyspaceStatement());
    all.addAll(statements.getCreateSnapshotTablesStatements());
    return all;
  }
}
