package io.ballast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command of bin/ballast: its --help, a wrong option, the version, the exit codes in the help. */
class CommandHelpTest {
    /** Every runnable command and the options (or parameters) its help must show. */
    private static final Map<String, List<String>> COMMANDS = commands();

    private static Map<String, List<String>> commands() {
        List<String> api = List.of("--node URL", "--trust-store FILE", "--json");
        Map<String, List<String>> commands = new LinkedHashMap<>();
        commands.put("ledger demo", List.of("--seed S", "--traders N", "--blocks N", "--write DIR"));
        commands.put("ledger replay", List.of("FILE", "--genesis GENESIS.json", "--quiet"));
        commands.put("devnet", List.of("--validators N", "--data-dir DIR", "--fresh", "--traders N", "--no-traders",
                "--blocks N", "--seconds N", "--chaos SCENARIO", "--seed S", "--http-port P", "--verbose"));
        commands.put("deposit", concat(List.of("--authority-key FILE", "--to HEX", "--to-key FILE", "--amount USD"), api));
        commands.put("withdraw", concat(List.of("--key FILE", "--amount USD"), api));
        commands.put("trade", concat(List.of("--key FILE", "--market ID", "--size SIGNED_UNITS", "--limit USD"), api));
        commands.put("close", concat(List.of("--key FILE", "--market ID", "--worst USD"), api));
        commands.put("account", concat(List.of("--key FILE", "--account HEX", "--verify", "--genesis FILE"), api));
        commands.put("markets", api);
        commands.put("status", api);
        commands.put("validator bond", concat(List.of("--key FILE", "--amount USD"), api));
        commands.put("validator unbond", concat(List.of("--key FILE", "--amount USD"), api));
        commands.put("validator withdraw", concat(List.of("--key FILE"), api));
        commands.put("validator unjail", concat(List.of("--key FILE"), api));
        commands.put("validators", api);
        commands.put("options price", List.of("--spot USD", "--strike USD", "--vol V", "--days D", "--type call|put",
                "--rate R", "--json"));
        commands.put("options list", concat(List.of("--market ID"), api));
        commands.put("genesis new", List.of("--out DIR", "--validators N", "--oracles N", "--chain-id ID", "--time-millis T"));
        commands.put("keys new", List.of("--out FILE", "--json"));
        commands.put("node", List.of("--config FILE"));
        commands.put("cluster up", List.of("--nodes N", "--traders N", "--run-dir DIR"));
        commands.put("cluster down", List.of("--run-dir DIR"));
        commands.put("cluster status", List.of("--nodes N", "--run-dir DIR", "--json"));
        commands.put("chaos", List.of("--minutes N", "--run-dir DIR"));
        commands.put("sim", List.of("--seeds N", "--scenario NAME", "--validators N", "--seed S", "--threads T",
                "--observe-ms M", "--unsafe lock|persist"));
        commands.put("report", List.of("--quick", "--seeds N", "--seed S", "--out DIR", "--cluster", "--class C,...",
                "--validators 4,7", "--threads T", "--unsafe lock|persist"));
        commands.put("bench ledger", List.of("--quick"));
        commands.put("bench consensus", List.of("--quick"));
        commands.put("bench cluster", List.of("--quick", "--nodes N", "--json FILE", "--accounts N", "--run-dir DIR"));
        commands.put("completion", List.of());
        commands.put("help", List.of("COMMAND"));
        return commands;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    static Stream<String> commandNames() {
        return COMMANDS.keySet().stream();
    }

    @Test
    void theTableNamesEveryRunnableCommandOfTheTree() {
        TreeSet<String> tree = new TreeSet<>();
        collect(Main.commandLine(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())),
                tree);
        assertEquals(tree, new TreeSet<>(COMMANDS.keySet()), "a command without its line in COMMANDS (or a stale line)");
    }

    private static void collect(CommandLine command, TreeSet<String> names) {
        List<CommandLine> children = command.getSubcommands().values().stream()
                .filter(c -> !c.getCommandSpec().usageMessage().hidden()).toList();
        if (children.isEmpty()) {
            names.add(command.getCommandSpec().qualifiedName().substring("ballast ".length()));
        }
        children.forEach(child -> collect(child, names));
    }

    @ParameterizedTest
    @MethodSource("commandNames")
    void helpExitsZeroAndShowsTheCommandsOptionsAndTheExitCodes(String command) {
        CliRun help = CliRun.line(command, "--help");
        assertEquals(0, help.exitCode(), help.err());
        assertTrue(help.err().isEmpty(), help.err());
        assertTrue(help.out().contains("Usage: ballast " + command), help.out());
        for (String option : COMMANDS.get(command)) {
            assertTrue(help.out().contains(option), command + " --help shows " + option + ":\n" + help.out());
        }
        assertTrue(help.out().contains("Exit codes:") && help.out().contains("2   usage error"), help.out());
        assertTrue(help.out().contains("-h, --help") && help.out().contains("-V, --version"), help.out());
    }

    /** Every command but help (picocli's own, which takes command names). */
    static Stream<String> commandsTakingOptions() {
        return commandNames().filter(name -> !name.equals("help"));
    }

    @ParameterizedTest
    @MethodSource("commandsTakingOptions")
    void anUnknownOptionIsAUsageErrorNamingTheCommandAndTheOption(String command) {
        CliRun bad = CliRun.line(command, "--frobnicate");
        assertEquals(2, bad.exitCode(), bad.out() + bad.err());
        assertTrue(bad.err().startsWith("ballast " + command + ": unknown option --frobnicate"), bad.err());
        assertTrue(bad.err().contains("run 'bin/ballast " + command + " --help' for usage"), bad.err());
        assertTrue(bad.out().isEmpty(), "nothing ran: " + bad.out());
    }

    @Test
    void theRootHelpListsEveryCommandWithItsOptionsAndTheExitCodes() {
        for (String root : List.of("help", "--help", "-h")) {
            CliRun help = CliRun.line(root);
            assertEquals(0, help.exitCode());
            for (String command : COMMANDS.keySet()) {
                assertTrue(help.out().contains("\n  " + command), root + " lists " + command);
            }
            assertTrue(help.out().contains("cluster up --nodes N] [--traders N] [--run-dir DIR]")
                    || help.out().contains("cluster up [--nodes N] [--traders N] [--run-dir DIR]"), help.out());
            assertTrue(help.out().contains("options price --spot USD --strike USD --vol V --days D --type call|put [--rate R]"
                    + " [--json]"), help.out());
            assertTrue(help.out().contains("0   ok") && help.out().contains("1   failure")
                    && help.out().contains("2   usage error"), help.out());
            assertTrue(help.out().contains("source <(bin/ballast completion)"), help.out());
        }
        assertEquals(0, CliRun.of().exitCode(), "no arguments: the help");
    }

    @Test
    void versionIsTheProjectVersionFromTheBuild() {
        String expected = System.getProperty("ballast.project.version");
        assertTrue(expected != null && expected.matches("\\d+\\.\\d+\\.\\d+.*"), "surefire passes the pom's version: " + expected);
        assertEquals(expected, BallastVersion.version());
        for (String args : List.of("--version", "-V", "cluster up --version")) {
            CliRun version = CliRun.line(args);
            assertEquals(0, version.exitCode(), version.err());
            assertTrue(version.out().startsWith("ballast " + expected + "\n"), version.out());
        }
    }

    @Test
    void badValuesAreUsageErrorsWithPreciseMessages() {
        expectUsageError(CliRun.of("ledger", "demo", "--sed", "3"),
                "ballast ledger demo: unknown option --sed (did you mean --seed?)");
        expectUsageError(CliRun.of("ledger", "demo", "--blocks", "many"),
                "ballast ledger demo: invalid value for option '--blocks': 'many' is not an int");
        expectUsageError(CliRun.of("ledger", "demo", "--blocks", "5"),
                "ballast ledger demo: --blocks must be between 20 and 100000, got 5");
        expectUsageError(CliRun.of("ledger", "replay", "session.jsonl"),
                "ballast ledger replay: missing required option: '--genesis GENESIS.json'");
        expectUsageError(CliRun.of("ledger", "replay", "--genesis", "g.json"),
                "ballast ledger replay: missing required parameter: 'FILE'");
        expectUsageError(CliRun.of("ledger"), "ballast ledger: missing required subcommand");
        expectUsageError(CliRun.of("frobnicate"), "ballast: unknown command 'frobnicate'");
        expectUsageError(CliRun.of("cluster", "up", "--nodes", "12"),
                "ballast cluster up: --nodes must be between 1 and 9, got 12");
        expectUsageError(CliRun.of("devnet", "--chaos", "meteor"),
                "ballast devnet: --chaos must be one of [partition-one, lossy, kill-leader, lying-oracle], got 'meteor'");
        expectUsageError(CliRun.of("deposit", "--authority-key", "a.key", "--to", "00", "--to-key", "b.key", "--amount", "1"),
                "ballast deposit: --to=HEX, --to-key=FILE are mutually exclusive (specify only one)");
        expectUsageError(CliRun.of("account", "--key", "a.key", "--verify"),
                "ballast account: --verify needs --genesis FILE (the validator set to trust)");
        expectUsageError(CliRun.of("sim", "--scenario", "nope"), "ballast sim: unknown scenario");
        expectUsageError(CliRun.of("report", "--quick", "--seeds", "3"),
                "ballast report: --quick, --seeds=N are mutually exclusive (specify only one)");
    }

    private static void expectUsageError(CliRun run, String messageStart) {
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().startsWith(messageStart), "expected '" + messageStart + "', got: " + run.err());
        assertTrue(run.out().isEmpty(), run.out());
    }

    @Test
    void optionValuesMayBeNegativeNumbersAndTakeEitherSpaceOrEquals() {
        CommandLine cli = Main.commandLine(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        CommandLine.ParseResult sell = cli.parseArgs("trade", "--key", "a.key", "--market", "BTC-PERP", "--size", "-0.5");
        assertEquals("-0.5", sell.subcommand().matchedOptionValue("--size", ""));
        CliRun demo = CliRun.of("ledger", "demo", "--seed=-3", "--traders=5", "--blocks", "20");
        assertEquals(0, demo.exitCode(), demo.err());
        assertTrue(demo.out().startsWith("Ballast ledger demo: seed -3, 5 traders, 20 blocks"), demo.out());
    }
}
