package io.ballast.persistence.cassandra;

/**
 * When Cassandra acknowledges a write relative to fsyncing its commit log. Both modes fsync
 * before acknowledging; {@code periodic} (Cassandra's default, which acknowledges before the
 * fsync and can lose the last seconds of acknowledged writes on a crash) is deliberately absent.
 */
public enum CommitlogSync {
  /** Fsync after each batch of writes. */
  BATCH("commitlog_sync: batch\n"),
  /** Fsync at most every window, grouping concurrent writes: higher throughput, same guarantee. */
  GROUP("commitlog_sync: group\ncommitlog_sync_group_window: 15ms\n");

  private final String yaml;

  CommitlogSync(String yaml) {
    this.yaml = yaml;
  }

  String yaml() {
    return yaml;
  }
}
