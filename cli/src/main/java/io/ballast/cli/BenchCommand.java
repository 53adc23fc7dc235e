package io.ballast.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/ballast bench ledger|consensus|cluster}. The JMH benchmarks ({@code ledger}, {@code consensus}) live in
 * the bench module's jar, to which bin/ballast sends them (their help is here, with every other command's);
 * {@code bench cluster} runs from this jar because it needs the local cluster and the chaos suite's audit.
 */
@Command(name = "bench", description = "Benchmarks.", subcommands = BenchClusterCommand.class)
final class BenchCommand {
    private static final String QUICK = "about a minute instead of a few (fewer, shorter JMH iterations)";

    @Command(name = "ledger", description = {"JMH: ledger apply throughput (pre-verified and verified) against raw Ed25519"
            + " verification; the portfolio-margin check of 20 option positions and the apply of a block of option trades."})
    int ledger(@Option(names = "--quick", description = QUICK) boolean quick) {
        throw inBenchJar("ledger");
    }

    @Command(name = "consensus", description = {"4 validators with the real ledger over an in-memory network: committed"
            + " tx/s and time to finality p50/p99 per batch size, against raw Ed25519 verification in the same run."})
    int consensus(@Option(names = "--quick", description = QUICK) boolean quick) {
        throw inBenchJar("consensus");
    }

    private static UsageException inBenchJar(String benchmark) {
        return new UsageException("'bench " + benchmark + "' runs from the bench module's jar (bench/target/benchmarks.jar):"
                + " run it as bin/ballast bench " + benchmark);
    }
}
