package io.ballast.persistence.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OrphanGuardTest {
  /** Stands in for CassandraDaemon: never returns on its own. */
  public static final class SleepForever {
    public static void main(String[] args) throws InterruptedException {
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  @Test
  void childExitsWhenTheParentsEndOfThePipeCloses() throws Exception {
    Process child =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    OrphanGuard.class.getName(),
                    SleepForever.class.getName()))
            .redirectErrorStream(true)
            .start();
    try {
      assertTrue(child.isAlive());
      // What the OS does to the pipe when the parent JVM dies, SIGKILL included.
      child.getOutputStream().close();

      assertTrue(child.waitFor(20, TimeUnit.SECONDS), "child still running");
      assertEquals(0, child.exitValue());
    } finally {
      child.destroyForcibly();
    }
  }
}
