package io.ballast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/ballast completion}: a bash script that really completes commands, subcommands, options and values. */
class CompletionTest {
    @Test
    void theScriptIsBashForTheWholeTree() {
        CliRun completion = CliRun.of("completion");
        assertEquals(0, completion.exitCode(), completion.err());
        assertTrue(completion.out().startsWith("#!/usr/bin/env bash"), completion.out().substring(0, 200));
        assertTrue(completion.out().contains("complete -F _complete_ballast"), "registers the function for 'ballast'");
        assertTrue(!completion.out().contains("supervise"), "the hidden supervisor command is not offered");
    }

    @Test
    void bashCompletesSubcommandsOptionsAndValues(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("ballast-completion.bash");
        Files.writeString(script, CliRun.of("completion").out());
        assertEquals(List.of("down", "status", "up"), complete(script, "ballast", "cluster", ""));
        assertEquals(List.of("demo"), complete(script, "ballast", "ledger", "d"));
        assertTrue(complete(script, "ballast", "devnet", "--").containsAll(List.of("--data-dir", "--fresh", "--verbose",
                "--http-port", "--help")), "devnet's options");
        assertEquals(List.of("kill-leader", "lossy", "lying-oracle", "partition-one"),
                complete(script, "ballast", "devnet", "--chaos", ""));
        assertEquals(List.of("call"), complete(script, "ballast", "options", "price", "--type", "c"));
        assertTrue(complete(script, "ballast", "").containsAll(List.of("ledger", "devnet", "cluster", "sim", "report",
                "bench", "completion", "validator", "validators")), "top-level commands");
        assertTrue(complete(script, "ballast", "validators", "--").containsAll(List.of("--node", "--json", "--help")),
                "validators' options");
    }

    /** Runs the script's completion function as bash would for the words typed so far; the candidates, sorted. */
    private static List<String> complete(Path script, String... words) throws Exception {
        StringBuilder typed = new StringBuilder();
        for (String word : words) {
            typed.append(" '").append(word).append('\'');
        }
        String program = "source '" + script + "'\n"
                + "compopt() { :; }\n" // bash's builtin works only inside a real completion
                + "COMP_WORDS=(" + typed + ")\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"\nCOMP_POINT=${#COMP_LINE}\n"
                + "_complete_ballast\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\" | sed 's/ *$//' | sort -u\n";
        Process bash = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS), "bash finished");
        assertEquals(0, bash.exitValue(), output);
        return output.lines().filter(line -> !line.isBlank()).toList();
    }
}
