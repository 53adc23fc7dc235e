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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/ballast ledger replay FILE --genesis GENESIS}: applies a JSON-lines file of
 * transactions and price updates (see {@link ReplayFormat}) and prints every receipt and the
 * final state root.
 */
@Command(name = "replay", description = {"Applies a JSON-lines file of signed transactions and price updates to a"
        + " genesis; prints every receipt and the final state root."})
final class LedgerReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the JSON-lines session (ledger demo --write DIR writes one)")
    private Path file;
    @Option(names = "--genesis", paramLabel = "GENESIS.json", required = true, description = "the genesis to start from")
    private Path genesisFile;
    @Option(names = "--quiet", description = "print only the summary and the state root, not every receipt")
    private boolean quiet;
    private final PrintStream out;

    LedgerReplayCommand(PrintStream out, PrintStream err) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        Genesis genesis = Genesis.fromJson(Files.readString(genesisFile, StandardCharsets.UTF_8));
        LedgerState state = LedgerState.fromGenesis(genesis);
        List<LedgerBlock> blocks = ReplayFormat.parse(Files.readAllLines(file, StandardCharsets.UTF_8), state.height(),
                state.timeMillis(), genesis.limits().maxTransactionsPerBlock());
        Ledger ledger = Ledger.verifying();
        long accepted = 0;
        long rejected = 0;
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
