package io.ballast.persistence.cassandra;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real Cassandra 5 node running as a child JVM from the cassandra-all jars (no Docker, no
 * package install), listening only on a loopback address. {@link #start} returns once the CQL
 * port accepts connections; {@link #close} stops the process tree. A JVM shutdown hook stops it
 * too if the owner never calls close, and {@link OrphanGuard} if the owner is killed outright.
 */
public final class CassandraServer implements AutoCloseable {
  private static final String MAIN_CLASS = "org.apache.cassandra.service.CassandraDaemon";
  private static final long STOP_TIMEOUT_MILLIS = 30_000;
  private static final long POLL_INTERVAL_MILLIS = 250;
  private static final int CONNECT_TIMEOUT_MILLIS = 500;
  private static final int LOG_TAIL_LINES = 40;

  // From Cassandra 5.0's conf/jvm17-server.options: what it needs opened on Java 17.
  private static final List<String> JAVA17_MODULE_OPTIONS =
      List.of(
          "-Djdk.attach.allowAttachSelf=true",
          "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
          "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
          "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
          "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
          "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
          "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
          "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
          "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
          "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
          "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
          "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
          "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
          "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
          "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens", "java.base/java.io=ALL-UNNAMED",
          "--add-opens", "java.base/java.nio=ALL-UNNAMED",
          "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens", "java.base/java.lang=ALL-UNNAMED",
          "--add-opens", "java.base/java.util=ALL-UNNAMED",
          "--add-opens", "java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens", "java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens", "java.base/java.net=ALL-UNNAMED",
          "-Dio.netty.tryReflectionSetAccessible=true");

  private final CassandraSettings settings;
  private final Process process;
  private final Path logFile;
  private final Thread shutdownHook;
  private long startMillis;

  private CassandraServer(CassandraSettings settings, Process process, Path logFile) {
    this.settings = settings;
    this.process = process;
    this.logFile = logFile;
    this.shutdownHook = new Thread(this::stopProcess, "cassandra-server-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts a node and waits until its CQL port accepts connections.
   *
   * @throws TimeoutException if that takes longer than {@code startTimeoutMillis}; the process
   *     is stopped first
   * @throws IllegalStateException if the process exits during start-up (the log tail is in the
   *     message)
   */
  public static CassandraServer start(CassandraSettings settings)
      throws IOException, InterruptedException, TimeoutException {
    settings.requireLibDir();
    requirePortFree(settings.address(), settings.nativePort());
    requirePortFree(settings.address(), settings.storagePort());
    Path workDir = settings.workDir().toAbsolutePath();
    Files.createDirectories(workDir.resolve("logs"));
    Path yaml = Files.writeString(workDir.resolve("cassandra.yaml"), CassandraYaml.render(settings, workDir));
    Path logback = Files.writeString(workDir.resolve("logback.xml"), CassandraYaml.logback());
    Path logFile = workDir.resolve("logs").resolve("cassandra.log");

    long startNanos = System.nanoTime();
    // stdin stays a pipe to this JVM: OrphanGuard stops the node when it closes.
    Process process =
        new ProcessBuilder(command(settings, workDir, yaml, logback))
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    CassandraServer server = new CassandraServer(settings, process, logFile);
    try {
      server.awaitNativePort(startNanos);
    } catch (IOException | InterruptedException | TimeoutException | RuntimeException e) {
      server.close();
      throw e;
    }
    server.startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    return server;
  }

  private static List<String> command(
      CassandraSettings settings, Path workDir, Path yaml, Path logback) throws IOException {
    Path libDir = settings.libDir().toAbsolutePath();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms" + settings.heapMegabytes() + "m");
    command.add("-Xmx" + settings.heapMegabytes() + "m");
    command.add("-Xss256k");
    command.add("-XX:+UseG1GC");
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.addAll(io.ballast.persistence.JitSafety.JVM_OPTIONS); // same JDK: see JitSafety
    command.addAll(JAVA17_MODULE_OPTIONS);
    command.add("-javaagent:" + jammJar(libDir));
    command.add("-Djava.net.preferIPv4Stack=true");
    command.add("-Dcassandra-foreground=yes");
    command.add("-Dcassandra.config=" + yaml.toUri());
    command.add("-Dcassandra.storagedir=" + workDir);
    command.add("-Dcassandra.logdir=" + workDir.resolve("logs"));
    command.add("-Dlogback.configurationFile=" + logback);
    // A fresh single-machine ring has nothing to wait for: cuts start-up from ~45 s to ~10 s.
    command.add("-Dcassandra.ring_delay_ms=1000");
    command.add("-Dcassandra.skip_wait_for_gossip_to_settle=0");
    command.add("-cp");
    command.add(libDir + "/*" + File.pathSeparator + orphanGuardLocation());
    command.add(OrphanGuard.class.getName());
    command.add(MAIN_CLASS);
    return command;
  }

  // This module's classes or jar; the child loads only OrphanGuard from it.
  private static Path orphanGuardLocation() {
    try {
      return Path.of(OrphanGuard.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot locate OrphanGuard's class path entry", e);
    }
  }

  private static Path jammJar(Path libDir) throws IOException {
    try (Stream<Path> jars = Files.list(libDir)) {
      return jars.filter(jar -> jar.getFileName().toString().matches("jamm-.*\\.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("No jamm jar in " + libDir));
    }
  }

  private void awaitNativePort(long startNanos)
      throws IOException, InterruptedException, TimeoutException {
    long deadlineNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(settings.startTimeoutMillis());
    while (System.nanoTime() < deadlineNanos) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Cassandra exited with code " + process.exitValue() + " during start-up. Log "
                + logFile + " ends with:\n" + logTail());
      }
      if (accepts(settings.address(), settings.nativePort())) {
        return;
      }
      Thread.sleep(POLL_INTERVAL_MILLIS);
    }
    throw new TimeoutException(
        "Cassandra did not open " + contactPoint() + " within " + settings.startTimeoutMillis()
            + " ms. Log " + logFile + " ends with:\n" + logTail());
  }

  private static boolean accepts(String address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MILLIS);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static void requirePortFree(String address, int port) {
    if (accepts(address, port)) {
      throw new IllegalStateException(address + ":" + port + " is already in use");
    }
  }

  /** The CQL contact point, {@code host:port}. */
  public String contactPoint() {
    return settings.address() + ":" + settings.nativePort();
  }

  /** Driver settings pointing Pekko Persistence Cassandra at this node. */
  public Config driverConfig() {
    return ConfigFactory.empty()
        .withValue(
            "datastax-java-driver.basic.contact-points",
            ConfigValueFactory.fromIterable(List.of(contactPoint())));
  }

  public CassandraSettings settings() {
    return settings;
  }

  /** Wall time from process start to the CQL port accepting connections. */
  public long startMillis() {
    return startMillis;
  }

  public Path logFile() {
    return logFile;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** Stops the node: SIGTERM to the process tree, then SIGKILL after 30 s. Idempotent. */
  @Override
  public void close() {
    stopProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or about to; it stops nothing twice.
    }
  }

  private void stopProcess() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }
}
