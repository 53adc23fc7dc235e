package io.ballast.cli;

import picocli.CommandLine.Command;

/** {@code bin/ballast ledger demo|replay}: the clearing ledger alone, without consensus. */
@Command(name = "ledger", description = "The clearing ledger alone, without consensus: demo or replay.",
        subcommands = {LedgerDemoCommand.class, LedgerReplayCommand.class})
final class LedgerCommand {}
