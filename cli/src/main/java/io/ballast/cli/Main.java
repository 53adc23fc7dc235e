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
            "  " + NodeCommands.USAGE,
            "      talk to a node's HTTP API (default --node http://127.0.0.1:8080): sign and submit transactions",
            "      (waits for the committed receipt), show an account (--verify checks its Merkle proof and commit",
            "      certificate against the genesis validator set), markets, status; tables, or --json. For an https://",
            "      node, --trust-store FILE (or BALLAST_TRUST_STORE) is the CA to trust: ca.pem from bin/ballast-tls-certs,",
            "      or a PKCS12 truststore.p12 with BALLAST_TRUST_STORE_PASSWORD",
            "  " + OptionsCommand.USAGE,
            "      price: an option's price and greeks by the ledger's own Black–Scholes (units: bin/ballast options price --help);",
            "      list: the option series a node lists, quoted by its pool (bid/ask, greeks, open interest, settlement state)",
            "  " + GenesisCommand.USAGE,
            "      write a devnet genesis with fresh keys (key files mode 600 beside it)",
            "  " + KeysCommand.USAGE,
            "      generate an Ed25519 key file",
            "  " + NodeCommand.USAGE,
            "      run one cluster node (seeds, failure domain, ports, key dir, Cassandra from FILE; see conf/node-1.conf)",
            "  " + ClusterCommand.USAGE,
            "      a local cluster in the background: Cassandra + N node JVMs on 127.0.0.11.. (+ HTTP load);",
            "      status shows nodes, hosted validators, height and time to finality; down stops them all",
            "  " + ChaosCommand.USAGE,
            "      soak: kill -9, SIGSTOP, partitions, loss against a fresh local cluster for N minutes; per-fault table",
            "  sim [--seeds N] [--scenario NAME|all] [--validators N] [--seed S] [--threads T]",
            "      the deterministic simulator: real consensus and ledger under seeded crashes, partitions,",
            "      lossy links, Byzantine validators (equivocation, twins, withholding, censorship, garbage)",
            "      and lying oracles; prints per-scenario results, and the replay command of any violation",
            "  " + ReportArguments.USAGE,
            "      the resilience report: a seeded simulator campaign (every fault class, n = 4 and 7; --quick in",
            "      a few minutes) written as DIR/report.html (one page, inline SVG) and DIR/report.json, every number",
            "      with its seed and the command that reproduces it; --cluster adds the chaos suite on real JVMs",
            "  bench ledger [--quick]",
            "      JMH: ledger apply throughput (pre-verified and verified) against raw Ed25519 verification; the",
            "      portfolio-margin check of 20 option positions and the apply of a block of option trades",
            "  bench consensus [--quick]",
            "      4 validators with the real ledger over an in-memory network: committed tx/s and time to",
            "      finality p50/p99 per batch size, against raw Ed25519 verification in the same run",
            "  " + BenchClusterCommand.USAGE,
            "      a real local cluster (Cassandra + N node JVMs, default 4) under HTTP load from this JVM: pre-signed",
            "      trades from 1,000 funded accounts, closed loop (C = 16, 64, 256) then open loop at rising rates until",
            "      p99 > 1 s; per step committed tx/s, p50/p99/p99.9 finality, CPU % per JVM, verifications per tx; a JSON",
            "      summary; at the end every acknowledged transaction is audited against the journals (lost or",
            "      duplicated: exit 1). --quick: under 5 minutes",
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
                case "bench" -> BenchClusterCommand.run(rest, out);
                case "sim" -> io.ballast.sim.SimMain.run(rest, out, err);
                case "report" -> ReportCommand.run(rest, out, err);
                case "options" -> OptionsCommand.run(rest, out);
                case "deposit", "withdraw", "trade", "close", "account", "markets", "status" ->
                        NodeCommands.run(command, rest, out);
                default -> throw new UsageException("unknown command '" + command + "'");
            };
        } catch (UsageException e) {
            err.println("ballast: " + e.getMessage());
            err.println("run 'bin/ballast help' for usage");
            return 2;
        } catch (io.ballast.api.client.BallastApiException | io.ballast.api.client.ProofException e) {
            err.println("ballast: " + e.getMessage());
            return 1;
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
