package io.ballast.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** Entry point of {@code bin/ballast}: dispatches to one command and turns errors into exit codes. */
public final class Main {
    private static final String HELP = String.join("\n",
            "usage: bin/ballast COMMAND [ARGS]",
            "",
            "commands:",
            "  " + LedgerDemoCommand.USAGE,
            "      run a seeded market session (traders, a price crash, an oracle outage, liquidations)",
            "      through the real ledger and print a summary table per phase",
            "  " + LedgerReplayCommand.USAGE,
            "      apply a JSON-lines file of signed transactions and price updates to a genesis;",
            "      print every receipt and the final state root",
            "  " + DevnetCommand.USAGE,
            "      run N validators (sharded persistent entities, embedded journal in DIR, default ./data),",
            "      4 oracle operators, margin accounts, liquidators and synthetic traders in one JVM; one line per second (height,",
            "      blocks/s, time to finality, prices); Ctrl-C stops cleanly, a restart continues the chain;",
            "      --chaos partition-one|lossy|kill-leader|lying-oracle injects faults (validators, oracle-0)",
            "  " + GenesisCommand.USAGE,
            "      write a devnet genesis with fresh keys (key files mode 600 beside it)",
            "  " + KeysCommand.USAGE,
            "      generate an Ed25519 key file",
            "  " + NodeCommand.USAGE,
            "      run one cluster node (seeds, failure domain, ports, key dir, Cassandra from FILE; see conf/node-1.conf)",
            "  " + ClusterCommand.USAGE,
            "      a local cluster in the background: Cassandra + N node JVMs on 127.0.0.11.. (+ a load driver);",
            "      status shows nodes, hosted validators, height and time to finality; down stops them all",
            "  " + ChaosCommand.USAGE,
            "      soak: kill -9, SIGSTOP, partitions, loss against a fresh local cluster for N minutes; per-fault table",
            "  bench ledger [--quick]",
            "      JMH: ledger apply throughput (pre-verified and verified) against raw Ed25519 verification",
            "  help",
            "      this text");

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help") || args.get(0).equals("-h")) {
            out.println(HELP);
            return 0;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (command) {
                case "ledger" -> ledger(rest, out);
                case "genesis" -> GenesisCommand.run(rest, out);
                case "devnet" -> DevnetCommand.run(rest, out);
                case "keys" -> KeysCommand.run(rest, out);
                case "node" -> NodeCommand.run(rest, out);
                case "cluster" -> ClusterCommand.run(rest, out);
                case "chaos" -> ChaosCommand.run(rest, out);
                default -> throw new UsageException("unknown command '" + command + "'");
            };
        } catch (UsageException e) {
            err.println("ballast: " + e.getMessage());
            err.println("run 'bin/ballast help' for usage");
            return 2;
        } catch (Exception e) {
            err.println("ballast: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        }
    }

    private static int ledger(List<String> args, PrintStream out) throws Exception {
        if (args.isEmpty()) {
            throw new UsageException("ledger needs a subcommand: demo or replay");
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "demo" -> LedgerDemoCommand.run(rest, out);
            case "replay" -> LedgerReplayCommand.run(rest, out);
            default -> throw new UsageException("unknown ledger subcommand '" + args.get(0) + "'");
        };
    }
}
