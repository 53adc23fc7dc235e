package io.ballast.cli;

import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.Ledger;
import io.ballast.core.ledger.LedgerBlock;
import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.Totals;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code bin/ballast ledger replay FILE --genesis GENESIS}: applies a JSON-lines file of
 * transactions and price updates (see {@link ReplayFormat}) and prints every receipt and the
 * final state root.
 */
final class LedgerReplayCommand {
    static final String USAGE = "ledger replay FILE --genesis GENESIS.json [--quiet]";

    private LedgerReplayCommand() {}

    static int run(List<String> arguments, PrintStream out) throws IOException {
        Args args = Args.parse(arguments, Set.of("quiet")).allowOnly(Set.of("genesis", "quiet"));
        Path file = Path.of(args.positional(0, "FILE"));
        String genesisFile = args.option("genesis", null);
        if (genesisFile == null) {
            throw new UsageException("--genesis is required");
        }
        Genesis genesis = Genesis.fromJson(Files.readString(Path.of(genesisFile), StandardCharsets.UTF_8));
        LedgerState state = LedgerState.fromGenesis(genesis);
        List<LedgerBlock> blocks = ReplayFormat.parse(Files.readAllLines(file, StandardCharsets.UTF_8), state.height(),
                state.timeMillis(), genesis.limits().maxTransactionsPerBlock());
        Ledger ledger = Ledger.verifying();
        long accepted = 0;
        long rejected = 0;
        boolean quiet = args.flag("quiet");
        for (LedgerBlock block : blocks) {
            BlockResult result = ledger.apply(state, block);
            if (!quiet) {
                printEvents(out, block.height(), result.startEvents());
            }
            for (Receipt receipt : result.receipts()) {
                if (receipt.accepted()) {
                    accepted++;
                } else {
                    rejected++;
                }
                if (!quiet) {
                    out.printf("%6d.%-4d %s  %s%n", block.height(), receipt.index(), receipt.txHash().shortHex(),
                            ReceiptText.describe(receipt));
                }
            }
            if (!quiet) {
                printEvents(out, block.height(), result.endEvents());
            }
        }
        Totals totals = state.totals();
        out.println();
        new Table("blocks", "accepted", "rejected", "accounts", "insurance", "pool cash", "cash conserved")
                .row(blocks.size(), accepted, rejected, state.accountCount(), ReceiptText.usd(totals.insuranceFundUsd()),
                        ReceiptText.usd(totals.poolCashUsd()), totals.cashConserved())
                .print(out);
        out.println("height " + state.height() + "  state root " + state.stateRoot().toHex());
        return 0;
    }

    private static void printEvents(PrintStream out, long height, List<LedgerEvent> events) {
        for (LedgerEvent event : events) {
            out.printf("%6d      ledger    %s%n", height, ReceiptText.describe(event));
        }
    }
}
