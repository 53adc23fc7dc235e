package io.ballast.persistence.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How to start one Cassandra node.
 *
 * @param libDir the cassandra-all dependency closure (built by the cassandra-lib module)
 * @param workDir data, commit log, generated cassandra.yaml and the node's log live here
 * @param address a loopback address (127.0.0.0/8); the node listens only there
 * @param seedAddress the first node's address (itself for a single node)
 */
public record CassandraSettings(
    Path libDir,
    Path workDir,
    String address,
    String seedAddress,
    int nativePort,
    int storagePort,
    int heapMegabytes,
    long startTimeoutMillis,
    CommitlogSync commitlogSync) {

  public static final String LIB_DIR_PROPERTY = "ballast.cassandra.lib-dir";
  public static final String LIB_DIR_ENV = "BALLAST_CASSANDRA_LIB";
  public static final Path DEFAULT_LIB_DIR = Path.of("cassandra-lib", "target", "cassandra-lib");

  public CassandraSettings {
    requireLoopback(address);
    requireLoopback(seedAddress);
    if (heapMegabytes < 256) {
      throw new IllegalArgumentException("heapMegabytes below 256 cannot start Cassandra");
    }
    if (startTimeoutMillis <= 0) {
      throw new IllegalArgumentException("startTimeoutMillis must be positive");
    }
  }

  /** One node on 127.0.0.1 with Cassandra's standard ports 9042 and 7000. */
  public static CassandraSettings singleNode(Path libDir, Path workDir) {
    return new CassandraSettings(
        libDir, workDir, "127.0.0.1", "127.0.0.1", 9042, 7000, 512, 120_000, CommitlogSync.GROUP);
  }

  /** One node on 127.0.0.1 with free ports, so it can run beside other Cassandras (tests). */
  public static CassandraSettings singleNodeOnFreePorts(Path libDir, Path workDir) {
    return singleNode(libDir, workDir).withPorts(freePort(), freePort());
  }

  public CassandraSettings withPorts(int nativePort, int storagePort) {
    return new CassandraSettings(
        libDir, workDir, address, seedAddress, nativePort, storagePort, heapMegabytes,
        startTimeoutMillis, commitlogSync);
  }

  public CassandraSettings withCommitlogSync(CommitlogSync sync) {
    return new CassandraSettings(
        libDir, workDir, address, seedAddress, nativePort, storagePort, heapMegabytes,
        startTimeoutMillis, sync);
  }

  /** {@code -Dballast.cassandra.lib-dir}, else {@code BALLAST_CASSANDRA_LIB}, else the build's. */
  public static Path defaultLibDir() {
    String configured = System.getProperty(LIB_DIR_PROPERTY, System.getenv(LIB_DIR_ENV));
    return configured != null ? Path.of(configured) : DEFAULT_LIB_DIR;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on 127.0.0.1", e);
    }
  }

  // A literal IPv4 address only: no name lookup, nothing outside 127.0.0.0/8.
  private static void requireLoopback(String address) {
    if (!address.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
      throw new IllegalArgumentException(
          "Cassandra may only use a literal 127.x.y.z address, got " + address);
    }
  }

  void requireLibDir() {
    if (!Files.isDirectory(libDir)) {
      throw new IllegalStateException(
          "No Cassandra jars in " + libDir.toAbsolutePath() + ": build the cassandra-lib module"
              + " (mvn -pl cassandra-lib package) or set -D" + LIB_DIR_PROPERTY);
    }
  }
}
