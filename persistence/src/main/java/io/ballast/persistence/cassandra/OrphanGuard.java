package io.ballast.persistence.cassandra;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Entry point of a child JVM: runs {@code args[0]}'s main with the remaining arguments and exits
 * when standard input reaches end-of-file. The parent holds the other end of that pipe, so the
 * child also goes when the parent is killed with SIGKILL and no shutdown hook ran.
 */
public final class OrphanGuard {
  private OrphanGuard() {}

  public static void main(String[] args) throws Throwable {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: OrphanGuard <main class> [args...]");
    }
    Thread watcher = new Thread(OrphanGuard::exitOnEndOfInput, "orphan-guard");
    watcher.setDaemon(true);
    watcher.start();
    try {
      Class.forName(args[0])
          .getMethod("main", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void exitOnEndOfInput() {
    InputStream in = System.in;
    byte[] buffer = new byte[64];
    try {
      while (in.read(buffer) != -1) {
        // The parent never writes; anything read is ignored.
      }
    } catch (IOException closed) {
      // Same meaning as end-of-file: the parent is gone.
    }
    System.exit(0);
  }
}
