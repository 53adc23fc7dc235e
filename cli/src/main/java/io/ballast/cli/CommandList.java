package io.ballast.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command list of {@code bin/ballast --help}: every runnable command under its full name ("ledger demo",
 * "cluster up") with its options on one line (generated from the command's own definition, without the -h/-V that
 * every command has), then what it does.
 */
final class CommandList {
    private static final int DESCRIPTION_INDENT = 6;

    private CommandList() {}

    static String render(CommandLine root) {
        StringBuilder text = new StringBuilder();
        for (CommandLine command : visible(root)) {
            add(command, text);
        }
        return text.toString();
    }

    private static void add(CommandLine command, StringBuilder text) {
        List<CommandLine> children = visible(command);
        if (!children.isEmpty()) {
            children.forEach(child -> add(child, text));
            return;
        }
        CommandSpec spec = command.getCommandSpec();
        Line line = new Line(spec);
        String name = spec.qualifiedName().substring(spec.root().name().length() + 1);
        text.append(wrap("  " + name, line.optionsLine()));
        Help.TextTable description = Help.TextTable.forColumns(line.colorScheme(),
                new Help.Column(Main.USAGE_WIDTH, DESCRIPTION_INDENT, Help.Column.Overflow.WRAP));
        description.indentWrappedLines = 0;
        description.addRowValues(String.format(String.join(" ", spec.usageMessage().description())).strip());
        text.append(description);
    }

    /**
     * {@code head} and the synopsis elements ("[--seed S]", "--key FILE", "(--to HEX | --to-key FILE)"), wrapped
     * between elements at the help's width, continued under the first element.
     */
    static String wrap(String head, String options) {
        StringBuilder text = new StringBuilder(head);
        String indent = " ".repeat(head.length() + 1);
        int lineStart = 0;
        for (String element : elements(options)) {
            if (text.length() - lineStart + 1 + element.length() > Main.USAGE_WIDTH && text.length() - lineStart > indent.length()) {
                text.append(System.lineSeparator());
                lineStart = text.length();
                text.append(indent, 0, indent.length() - 1);
            }
            text.append(' ').append(element);
        }
        return text.append(System.lineSeparator()).toString();
    }

    /** Splits a synopsis at the top-level spaces that start an element: before "[", "(" or an option name. */
    private static List<String> elements(String synopsis) {
        List<String> elements = new java.util.ArrayList<>();
        String rest = synopsis.strip();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                depth--;
            } else if (c == ' ' && depth == 0 && i + 1 < rest.length() && "[(-".indexOf(rest.charAt(i + 1)) >= 0) {
                elements.add(rest.substring(start, i));
                start = i + 1;
            }
        }
        if (start < rest.length()) {
            elements.add(rest.substring(start));
        }
        return elements;
    }

    private static List<CommandLine> visible(CommandLine command) {
        return command.getSubcommands().values().stream().filter(c -> !c.getCommandSpec().usageMessage().hidden())
                .distinct().toList();
    }

    /** picocli's own synopsis parts (groups, options, positionals) minus the help options. */
    private static final class Line extends Help {
        Line(CommandSpec spec) {
            super(spec, Help.defaultColorScheme(Help.Ansi.OFF));
        }

        String optionsLine() {
            Set<ArgSpec> done = new HashSet<>();
            commandSpec().options().stream().filter(o -> o.usageHelp() || o.versionHelp()).forEach(done::add);
            return createDetailedSynopsisGroupsText(done)
                    .concat(createDetailedSynopsisOptionsText(done, commandSpec().options(), null, false))
                    .concat(createDetailedSynopsisPositionalsText(done)).toString();
        }
    }
}
