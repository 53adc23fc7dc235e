package io.ballast.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line arguments: positionals plus {@code --name value} options and {@code --flag} switches. */
public final class Args {
    private final List<String> positionals = new ArrayList<>();
    private final Map<String, String> options = new LinkedHashMap<>();

    private Args() {}

    /**
     * @param switches option names that take no value (e.g. "fresh", "json")
     */
    public static Args parse(List<String> arguments, Set<String> switches) {
        Args args = new Args();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.startsWith("--") && argument.length() > 2) {
                String name = argument.substring(2);
                int equals = name.indexOf('=');
                if (equals > 0) {
                    args.options.put(name.substring(0, equals), name.substring(equals + 1));
                } else if (switches.contains(name)) {
                    args.options.put(name, "true");
                } else if (i + 1 < arguments.size()) {
                    args.options.put(name, arguments.get(++i));
                } else {
                    throw new UsageException("--" + name + " needs a value");
                }
            } else {
                args.positionals.add(argument);
            }
        }
        return args;
    }

    public List<String> positionals() {
        return positionals;
    }

    public String positional(int index, String what) {
        if (index >= positionals.size()) {
            throw new UsageException("missing " + what);
        }
        return positionals.get(index);
    }

    public String option(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    public long longOption(String name, long defaultValue, long min, long max) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed < min || parsed > max) {
                throw new UsageException("--" + name + " must be between " + min + " and " + max + ", got " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got '" + value + "'");
        }
    }

    public boolean flag(String name) {
        return options.containsKey(name);
    }

    /** Rejects options this command does not know, so a typo never silently changes nothing. */
    public Args allowOnly(Set<String> known) {
        for (String name : options.keySet()) {
            if (!known.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
        }
        return this;
    }
}
