package io.ballast.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One bin/ballast command line run in this JVM: its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code command} is one or more words ("cluster up"), then {@code more}. */
    static CliRun line(String command, String... more) {
        List<String> words = new java.util.ArrayList<>(List.of(command.split(" ")));
        words.addAll(List.of(more));
        return of(words.toArray(String[]::new));
    }
}
