package io.ballast.cli;

import com.typesafe.config.ConfigFactory;
import io.ballast.cluster.devnet.Chaos;
import io.ballast.cluster.devnet.Devnet;
import io.ballast.core.ledger.Genesis;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code bin/ballast devnet}: validators, oracle operators, margin accounts, liquidators and traders in one JVM on the embedded journal. */
final class DevnetCommand {
    static final String USAGE = "devnet [--validators N] [--data-dir DIR] [--fresh] [--no-traders] [--traders N]"
            + " [--blocks N] [--seconds N] [--chaos " + String.join("|", Chaos.SCENARIOS) + "] [--seed S] [--http-port P]";

    private DevnetCommand() {}

    static int run(List<String> arguments, PrintStream out) throws Exception {
        Args args = Args.parse(arguments, Set.of("fresh", "no-traders")).allowOnly(Set.of("validators", "data-dir",
                "fresh", "no-traders", "traders", "blocks", "seconds", "chaos", "seed", "http-port"));
        if (!args.positionals().isEmpty()) {
            throw new UsageException("devnet takes no positional arguments");
        }
        String chaos = args.option("chaos", null);
        if (chaos != null && !Chaos.SCENARIOS.contains(chaos)) {
            throw new UsageException("--chaos must be one of " + Chaos.SCENARIOS + ", got '" + chaos + "'");
        }
        int traders = args.flag("no-traders") ? 0 : (int) args.longOption("traders", 8, 0, 1_000);
        Devnet.Options options = new Devnet.Options(Path.of(args.option("data-dir", "data")),
                (int) args.longOption("validators", 4, 1, Genesis.MAX_VALIDATORS), args.flag("fresh"), traders,
                args.longOption("blocks", 0, 0, Long.MAX_VALUE), args.longOption("seconds", 0, 0, Long.MAX_VALUE),
                chaos, args.longOption("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE), false, ConfigFactory.empty(), out);
        Integer httpPort = args.option("http-port", null) == null ? null : (int) args.longOption("http-port", 0, 0, 65_535);
        return Devnet.run(options, devnet -> DevnetHttp.start(devnet, httpPort, out));
    }
}
