package io.ballast.persistence.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real Cassandra node per test run, shared by every class that uses
 * {@code @ExtendWith(CassandraExtension.class)}; test methods and constructors get it as a
 * {@link CassandraServer} parameter. It lives in the root context's store, which JUnit closes
 * when the run ends, pass or fail; {@link CassandraServer}'s shutdown hook covers a JVM that
 * ends any other way. Free ports on 127.0.0.1, data in a temp dir deleted afterwards.
 */
public final class CassandraExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(CassandraExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == CassandraServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server(context);
  }

  private static CassandraServer server(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(RunningNode.class, key -> RunningNode.start(), RunningNode.class)
        .server();
  }

  /** Closed by JUnit at the end of the run: stops the node, then deletes its files. */
  private record RunningNode(CassandraServer server, Path workDir) implements AutoCloseable {
    static RunningNode start() {
      Path workDir = null;
      try {
        workDir = Files.createTempDirectory("ballast-cassandra-");
        CassandraServer server =
            CassandraServer.start(
                CassandraSettings.singleNodeOnFreePorts(CassandraSettings.defaultLibDir(), workDir));
        System.out.printf(
            "Cassandra started in %d ms at %s (pid %d)%n",
            server.startMillis(), server.contactPoint(), server.pid());
        return new RunningNode(server, workDir);
      } catch (IOException | TimeoutException e) {
        deleteRecursively(workDir);
        throw new IllegalStateException("Cassandra did not start", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        deleteRecursively(workDir);
        throw new IllegalStateException("Interrupted while starting Cassandra", e);
      }
    }

    @Override
    public void close() {
      server.close();
      deleteRecursively(workDir);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + dir, e);
    }
  }
}
