package io.ballast.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bin/ballast completion}: the bash completion script of the whole command tree (picocli's AutoComplete). */
@Command(name = "completion", description = {"Prints a bash completion script for every command and option"
        + " (zsh: after autoload -U +X bashcompinit && bashcompinit). Use: source <(bin/ballast completion)"})
final class CompletionCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    private final PrintStream out;

    CompletionCommand(PrintStream out, PrintStream err) {
        this.out = out;
    }

    @Override
    public Integer call() {
        out.print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        out.flush();
        return 0;
    }
}
