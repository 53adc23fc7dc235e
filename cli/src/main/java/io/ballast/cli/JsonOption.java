package io.ballast.cli;

import picocli.CommandLine.Option;

/** {@code --json}: the same data as the tables, as JSON on stdout, for scripts (every command that prints data). */
final class JsonOption {
    @Option(names = "--json", description = "print JSON instead of tables")
    private boolean json;

    boolean json() {
        return json;
    }
}
