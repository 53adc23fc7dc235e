package io.ballast.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of {@code bin/ballast}: the command tree (one picocli parser for every subcommand), help on every
 * command, {@code --version}, shell completion and the exit codes of {@link ExitCodes}.
 */
@Command(name = "ballast", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, // -h, -V on every command
        description = {"Ballast: a resilient clearing protocol for decentralized derivatives.",
                "Every command takes --help; commands that print data take --json."},
        subcommands = {LedgerCommand.class, DevnetCommand.class, NodeCommands.Deposit.class, NodeCommands.Withdraw.class,
                NodeCommands.Trade.class, NodeCommands.Close.class, NodeCommands.Account.class, NodeCommands.Markets.class,
                NodeCommands.Status.class, ValidatorCommand.class, ValidatorsCommand.class, OptionsCommand.class, GenesisCommand.class, KeysCommand.class, NodeCommand.class,
                ClusterCommand.class, ChaosCommand.class, io.ballast.sim.SimMain.class, ReportCommand.class,
                BenchCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Columns of the help text. */
    static final int USAGE_WIDTH = 100;
    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** Runs one command line; returns its exit code (0 ok, 1 failure, 2 usage error). */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        return commandLine(out, err).execute(words(args));
    }

    /**
     * The arguments with GNU-style {@code --name=value} as two words: the parser's separator is a space (so that help
     * reads {@code --nodes N}, as the docs do), and both spellings keep working.
     */
    static String[] words(List<String> args) {
        List<String> words = new java.util.ArrayList<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 2) {
                words.add(arg.substring(0, equals));
                words.add(arg.substring(equals + 1));
            } else {
                words.add(arg);
            }
        }
        return words.toArray(String[]::new);
    }

    /** The whole command tree, printing to {@code out} and {@code err}. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine root = new CommandLine(Main.class, new StreamsFactory(out, err));
        configure(root);
        root.setSeparator(" ");
        root.setPosixClusteredShortOptionsAllowed(false); // no short options but -h and -V: "-h" stays whole in synopses
        root.setOut(new PrintWriter(out, true));
        root.setErr(new PrintWriter(err, true));
        root.setParameterExceptionHandler(ExitCodes::usageError);
        root.setExecutionExceptionHandler(ExitCodes::failure);
        UsageMessageSpec rootHelp = root.getCommandSpec().usageMessage();
        rootHelp.sectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> CommandList.render(root));
        rootHelp.footer("", "Shell completion (bash; zsh with bashcompinit): source <(bin/ballast completion)");
        return root;
    }

    /** What every command shares: -V/--version, options in the order declared, the exit codes. */
    private static void configure(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        if (!spec.optionsMap().containsKey("--version")) { // picocli's help command has only its own -h
            spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                    .description("Print version information and exit.").build());
        }
        spec.versionProvider(new BallastVersion());
        spec.usageMessage().width(USAGE_WIDTH).sortOptions(false).sortSynopsis(false).abbreviateSynopsis(false)
                .exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.DESCRIPTIONS);
        command.getSubcommands().values().forEach(Main::configure);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
