package io.ballast.cli;

import io.ballast.cluster.GenesisFiles;
import io.ballast.cluster.devnet.DevnetMarkets;
import io.ballast.core.ledger.Genesis;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/ballast genesis new --out DIR}: a devnet genesis with fresh keys, and the key files beside it. */
@Command(name = "genesis", description = "Genesis files.")
final class GenesisCommand {
    private final PrintStream out;

    GenesisCommand(PrintStream out, PrintStream err) {
        this.out = out;
    }

    @Command(name = "new", description = "Writes a devnet genesis with fresh keys (key files mode 600 beside it).")
    int create(
            @Option(names = "--out", paramLabel = "DIR", defaultValue = "devnet",
                    description = "directory for genesis.json and the key files (default ${DEFAULT-VALUE})") Path dir,
            @Option(names = "--validators", paramLabel = "N", defaultValue = "4",
                    description = "validators, 1.." + Genesis.MAX_VALIDATORS + " (default ${DEFAULT-VALUE})") int validators,
            @Option(names = "--oracles", paramLabel = "N", defaultValue = "" + DevnetMarkets.OPERATORS,
                    description = "oracle operators, 1.." + Genesis.MAX_ORACLE_OPERATORS + " (default ${DEFAULT-VALUE})")
            int oracles,
            @Option(names = "--chain-id", paramLabel = "ID", defaultValue = "ballast-devnet",
                    description = "chain id (default ${DEFAULT-VALUE})") String chainId,
            @Option(names = "--time-millis", paramLabel = "T", defaultValue = "1767225600000",
                    description = "genesis time, epoch milliseconds (default ${DEFAULT-VALUE})") long timeMillis)
            throws IOException {
        Bounds.within("--validators", validators, 1, Genesis.MAX_VALIDATORS);
        Bounds.within("--oracles", oracles, 1, Genesis.MAX_ORACLE_OPERATORS);
        Bounds.within("--time-millis", timeMillis, 0, Long.MAX_VALUE);
        if (Files.exists(dir.resolve("genesis.json"))) {
            throw new UsageException(dir.resolve("genesis.json") + " exists; choose another --out");
        }
        Genesis genesis = GenesisFiles.write(dir, validators, oracles, chainId, timeMillis, DevnetMarkets.markets(),
                DevnetMarkets.options(timeMillis));
        out.println("wrote " + dir.resolve("genesis.json") + " (" + validators + " validators, " + oracles
                + " oracle operators, markets " + String.join(", ", genesis.markets().stream().map(m -> m.id()).toList())
                + ") and " + (validators + oracles + 1) + " key files (mode 600) in " + dir);
        return 0;
    }
}
