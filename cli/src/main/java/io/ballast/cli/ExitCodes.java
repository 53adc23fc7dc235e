package io.ballast.cli;

import io.ballast.api.client.BallastApiException;
import io.ballast.api.client.ProofException;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The exit codes of every command (0 ok, 1 failure, 2 usage error) and the one-line messages behind 1 and 2: a bad
 * command line names the command and the precise problem, then where its help is.
 */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final Map<String, String> DESCRIPTIONS = descriptions();

    private ExitCodes() {}

    private static Map<String, String> descriptions() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(Integer.toString(OK), "ok (sim, report, bench, chaos: every check held)");
        codes.put(Integer.toString(FAILURE), "failure: an error, a rejected transaction, a failed check or violated invariant");
        codes.put(Integer.toString(USAGE), "usage error: unknown command or option, bad or missing value (nothing was run)");
        return Collections.unmodifiableMap(codes);
    }

    /** A command line that does not parse (picocli's or a command's own checks): exit code 2. */
    static int usageError(ParameterException problem, String[] args) {
        CommandLine command = problem.getCommandLine();
        List<String> unknown = command.getUnmatchedArguments();
        if (!(problem instanceof UnmatchedArgumentException) && !unknown.isEmpty()) {
            // a typo explains the rest (a "missing" option is often the misspelt one): say it first
            return usageError(command, message(new UnmatchedArgumentException(command, unknown)));
        }
        return usageError(command, message(problem));
    }

    /** An exception from a running command: a {@link UsageException} is a usage error (2), anything else 1. */
    static int failure(Exception problem, CommandLine command, CommandLine.ParseResult parsed) {
        if (problem instanceof UsageException) {
            return usageError(command, problem.getMessage());
        }
        PrintWriter err = command.getErr();
        if (problem instanceof BallastApiException || problem instanceof ProofException) {
            err.println("ballast: " + problem.getMessage());
        } else {
            err.println("ballast: " + problem.getClass().getSimpleName() + ": " + problem.getMessage());
        }
        err.flush();
        return FAILURE;
    }

    private static int usageError(CommandLine command, String message) {
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        err.println(name + ": " + message);
        err.println("run 'bin/" + name + " --help' for usage");
        err.flush();
        return USAGE;
    }

    private static String message(ParameterException problem) {
        if (problem instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().get(0);
            List<String> suggestions = unmatched.getSuggestions();
            String hint = suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)";
            if (unmatched.isUnknownOption()) {
                return "unknown option " + first + hint;
            }
            boolean hasSubcommands = !problem.getCommandLine().getSubcommands().isEmpty();
            return (hasSubcommands ? "unknown command '" : "unexpected argument '") + first + "'" + hint;
        }
        String text = problem.getMessage().replaceFirst("^Error: ", "");
        // picocli's sentences start upper case ("Missing required option..."); ours follow "ballast CMD: "
        return text.length() > 1 && Character.isLowerCase(text.charAt(1))
                ? text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1) : text;
    }
}
