package io.ballast.cli;

import com.typesafe.config.ConfigFactory;
import io.ballast.cluster.devnet.Chaos;
import io.ballast.cluster.devnet.Devnet;
import io.ballast.core.ledger.Genesis;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/ballast devnet}: validators, oracle operators, margin accounts, liquidators and traders in one JVM on the embedded journal. */
@Command(name = "devnet", description = {"Runs N validators (sharded persistent entities, embedded journal in the data"
        + " dir), 4 oracle operators, margin accounts, liquidators and synthetic traders in one JVM, with the HTTP API;"
        + " one line per second (height, blocks/s, time to finality, prices). Ctrl-C stops cleanly; a restart continues"
        + " the chain. Log lines go to DIR/ballast.log (--verbose: on the console too)."})
final class DevnetCommand implements Callable<Integer> {
    /** Shell completion of --chaos. */
    static final class ChaosScenarios extends java.util.ArrayList<String> {
        ChaosScenarios() {
            super(Chaos.SCENARIOS);
        }
    }

    @Option(names = "--validators", paramLabel = "N", description = "validators, 1.." + Genesis.MAX_VALIDATORS + " (default ${DEFAULT-VALUE})")
    private int validators = 4;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "journal, genesis, keys and ballast.log (default ${DEFAULT-VALUE})")
    private Path dataDir = Path.of("data");
    @Option(names = "--fresh", description = "delete the data dir first: a new chain")
    private boolean fresh;
    @Option(names = "--traders", paramLabel = "N", description = "synthetic traders, 0..1000 (default ${DEFAULT-VALUE})")
    private int traders = 8;
    @Option(names = "--no-traders", description = "no synthetic traders (as --traders 0)")
    private boolean noTraders;
    @Option(names = "--blocks", paramLabel = "N", description = "stop after N blocks (default: run until Ctrl-C)")
    private long blocks;
    @Option(names = "--seconds", paramLabel = "N", description = "stop after N seconds (default: run until Ctrl-C)")
    private long seconds;
    @Option(names = "--chaos", paramLabel = "SCENARIO", completionCandidates = ChaosScenarios.class,
            description = "inject faults: ${COMPLETION-CANDIDATES}")
    private String chaos;
    @Option(names = "--seed", paramLabel = "S", description = "seed of the traders, prices and chaos (default ${DEFAULT-VALUE})")
    private long seed = 42;
    @Option(names = "--http-port", paramLabel = "P",
            description = "HTTP API port, 0 = a free one (default: ballast.http.port, 8080 or BALLAST_HTTP_PORT)")
    private Integer httpPort;
    @Option(names = "--verbose", description = "show the log lines on the console too")
    private boolean verbose;
    private final PrintStream out;

    DevnetCommand(PrintStream out, PrintStream err) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (chaos != null && !Chaos.SCENARIOS.contains(chaos)) {
            throw new UsageException("--chaos must be one of " + Chaos.SCENARIOS + ", got '" + chaos + "'");
        }
        Bounds.within("--validators", validators, 1, Genesis.MAX_VALIDATORS);
        Bounds.within("--traders", traders, 0, 1_000);
        Bounds.within("--blocks", blocks, 0, Long.MAX_VALUE);
        Bounds.within("--seconds", seconds, 0, Long.MAX_VALUE);
        if (httpPort != null) {
            Bounds.within("--http-port", httpPort, 0, 65_535);
        }
        if (fresh) {
            Devnet.wipe(dataDir.toAbsolutePath()); // before the log file opens in it
        }
        try (DevnetLog log = DevnetLog.route(dataDir, verbose)) {
            out.println("devnet: logs in " + log.file() + (verbose ? "" : " (--verbose shows them here)"));
            Devnet.Options options = new Devnet.Options(dataDir, validators, false, noTraders ? 0 : traders, blocks,
                    seconds, chaos, seed, false, ConfigFactory.empty(), out);
            return Devnet.run(options, devnet -> DevnetHttp.start(devnet, httpPort, out));
        }
    }
}
