package io.ballast.cli;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.json.Json;
import io.ballast.keys.KeyFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/ballast keys new --out FILE}: a fresh Ed25519 key in a mode-600 file. */
@Command(name = "keys", description = "Key files.")
final class KeysCommand {
    private final PrintStream out;

    KeysCommand(PrintStream out, PrintStream err) {
        this.out = out;
    }

    @Command(name = "new", description = "Generates an Ed25519 key file (mode 600) and prints its public key.")
    int create(@Option(names = "--out", paramLabel = "FILE", defaultValue = "ballast.key",
                       description = "the key file to write (default ${DEFAULT-VALUE})") Path file,
               @Mixin JsonOption json) throws IOException {
        KeyPair key = KeyFile.generate();
        KeyFile.write(file, key);
        if (json.json()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("publicKey", key.publicKey().toHex());
            fields.put("file", file.toString());
            out.println(Json.write(fields));
        } else {
            out.println("public key " + key.publicKey().toHex());
            out.println("written to " + file + " (mode 600)");
        }
        return 0;
    }
}
