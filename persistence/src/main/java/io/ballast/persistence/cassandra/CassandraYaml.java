package io.ballast.persistence.cassandra;

import java.nio.file.Path;

/** The small cassandra.yaml and logback.xml a {@link CassandraServer} node starts with. */
final class CassandraYaml {
  private CassandraYaml() {}

  static String render(CassandraSettings settings, Path workDir) {
    return """
        cluster_name: ballast
        num_tokens: 16
        partitioner: org.apache.cassandra.dht.Murmur3Partitioner
        endpoint_snitch: SimpleSnitch
        data_file_directories:
          - %s
        commitlog_directory: %s
        saved_caches_directory: %s
        hints_directory: %s
        cdc_raw_directory: %s
        seed_provider:
          - class_name: org.apache.cassandra.locator.SimpleSeedProvider
            parameters:
              - seeds: "%s:%d"
        listen_address: %s
        rpc_address: %s
        storage_port: %d
        native_transport_port: %d
        start_native_transport: true
        auto_snapshot: false
        """
            .formatted(
                workDir.resolve("data"),
                workDir.resolve("commitlog"),
                workDir.resolve("saved_caches"),
                workDir.resolve("hints"),
                workDir.resolve("cdc_raw"),
                settings.seedAddress(),
                settings.storagePort(),
                settings.address(),
                settings.address(),
                settings.storagePort(),
                settings.nativePort())
        + settings.commitlogSync().yaml();
  }

  /** Cassandra's log goes to stdout, which {@link CassandraServer} sends to a file. */
  static String logback() {
    return """
        <configuration>
          <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="STDOUT"/></root>
        </configuration>
        """;
  }
}
