package io.ballast.cluster;

import sun.misc.Signal;

/**
 * Ctrl-C (INT) and TERM start coordinated shutdown instead of killing the JVM at once, so the
 * node flushes its journal, leaves the cluster and exits with code 0.
 */
public final class SignalStop {
    private SignalStop() {}

    public static void install(Runnable stop) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> stop.run());
            } catch (IllegalArgumentException unsupported) {
                // the platform does not have this signal: the JVM shutdown hook still runs coordinated shutdown
            }
        }
    }
}
