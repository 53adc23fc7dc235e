package io.ballast.cli;

import io.ballast.cluster.GenesisFiles;
import io.ballast.core.ledger.Genesis;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code bin/ballast genesis new --out DIR}: a devnet genesis with fresh keys, and the key files beside it. */
final class GenesisCommand {
    static final String USAGE = "genesis new --out DIR [--validators N] [--oracles N] [--chain-id ID] [--time-millis T]";

    private GenesisCommand() {}

    static int run(List<String> arguments, PrintStream out) throws IOException {
        Args args = Args.parse(arguments, Set.of()).allowOnly(Set.of("out", "validators", "oracles", "chain-id", "time-millis"));
        if (!"new".equals(args.positional(0, "subcommand 'new'"))) {
            throw new UsageException("unknown genesis subcommand " + args.positionals().get(0));
        }
        Path dir = Path.of(args.option("out", "devnet"));
        int validators = (int) args.longOption("validators", 4, 1, Genesis.MAX_VALIDATORS);
        int oracles = (int) args.longOption("oracles", io.ballast.cluster.devnet.DevnetMarkets.OPERATORS, 1, Genesis.MAX_ORACLE_OPERATORS);
        String chainId = args.option("chain-id", "ballast-devnet");
        long timeMillis = args.longOption("time-millis", 1_767_225_600_000L, 0, Long.MAX_VALUE);
        if (Files.exists(dir.resolve("genesis.json"))) {
            throw new UsageException(dir.resolve("genesis.json") + " exists; choose another --out");
        }
        Genesis genesis = GenesisFiles.write(dir, validators, oracles, chainId, timeMillis,
                io.ballast.cluster.devnet.DevnetMarkets.markets(), io.ballast.cluster.devnet.DevnetMarkets.options(timeMillis));
        out.println("wrote " + dir.resolve("genesis.json") + " (" + validators + " validators, " + oracles
                + " oracle operators, markets " + String.join(", ", genesis.markets().stream().map(m -> m.id()).toList())
                + ") and " + (validators + oracles + 1) + " key files (mode 600) in " + dir);
        return 0;
    }
}
