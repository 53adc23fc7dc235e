package io.ballast.cli;

import java.io.PrintStream;
import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Creates the commands: one whose constructor takes {@code (PrintStream out, PrintStream err)} prints to the streams
 * of this run (tests capture them); anything else (mixins, groups, picocli's own commands) as picocli would.
 */
final class StreamsFactory implements CommandLine.IFactory {
    private final PrintStream out;
    private final PrintStream err;

    StreamsFactory(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Constructor<K> withStreams;
        try {
            withStreams = type.getDeclaredConstructor(PrintStream.class, PrintStream.class);
        } catch (NoSuchMethodException plain) {
            return CommandLine.defaultFactory().create(type);
        }
        withStreams.setAccessible(true);
        return withStreams.newInstance(out, err);
    }
}
