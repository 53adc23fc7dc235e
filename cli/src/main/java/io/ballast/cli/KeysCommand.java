package io.ballast.cli;

import io.ballast.keys.KeyFile;
import io.ballast.core.crypto.KeyPair;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code bin/ballast keys new --out FILE}: a fresh Ed25519 key in a mode-600 file. */
final class KeysCommand {
    static final String USAGE = "keys new --out FILE";

    private KeysCommand() {}

    static int run(List<String> arguments, PrintStream out) throws IOException {
        Args args = Args.parse(arguments, Set.of()).allowOnly(Set.of("out"));
        if (!"new".equals(args.positional(0, "subcommand 'new'"))) {
            throw new UsageException("unknown keys subcommand " + args.positionals().get(0));
        }
        Path file = Path.of(args.option("out", "ballast.key"));
        KeyPair key = KeyFile.generate();
        KeyFile.write(file, key);
        out.println("public key " + key.publicKey().toHex());
        out.println("written to " + file + " (mode 600)");
        return 0;
    }
}
