package io.ballast.persistence.cassandra;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures are reported quickly and leave no process behind; no real Cassandra here. */
class CassandraServerFailureTest {
  @TempDir Path dir;

  @Test
  void onlyLiteralLoopbackAddressesAreAccepted() {
    CassandraSettings local = CassandraSettings.singleNode(dir, dir);

    assertThrows(
        IllegalArgumentException.class,
        () ->
            new CassandraSettings(
                dir, dir, "10.0.0.1", "127.0.0.1", 9042, 7000, 512, 1000, CommitlogSync.BATCH));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new CassandraSettings(
                dir, dir, "localhost", "127.0.0.1", 9042, 7000, 512, 1000, CommitlogSync.BATCH));
    assertTrue(local.address().equals("127.0.0.1"));
  }

  @Test
  void missingLibDirIsReported() {
    CassandraSettings settings =
        CassandraSettings.singleNodeOnFreePorts(dir.resolve("absent"), dir.resolve("work"));

    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> CassandraServer.start(settings));
    assertTrue(failure.getMessage().contains("cassandra-lib"), failure.getMessage());
  }

  @Test
  void busyPortIsReported() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Path lib = Files.createDirectories(dir.resolve("lib"));
      CassandraSettings settings =
          CassandraSettings.singleNode(lib, dir.resolve("work"))
              .withPorts(busy.getLocalPort(), CassandraSettings.freePort());

      IllegalStateException failure =
          assertThrows(IllegalStateException.class, () -> CassandraServer.start(settings));
      assertTrue(failure.getMessage().contains("already in use"), failure.getMessage());
    }
  }

  @Test
  void processExitDuringStartIsReportedWithTheLogTail() throws Exception {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    Files.writeString(lib.resolve("jamm-0.0.0.jar"), "not a jar");
    CassandraSettings settings =
        CassandraSettings.singleNodeOnFreePorts(lib, dir.resolve("work"));

    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> CassandraServer.start(settings));
    assertTrue(failure.getMessage().contains("exited with code"), failure.getMessage());
  }
}
