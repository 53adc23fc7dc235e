package io.ballast.cli;

import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.Ledger;
import io.ballast.core.ledger.LedgerBlock;
import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.MarketView;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.RejectCode;
import io.ballast.core.ledger.Totals;
import io.ballast.core.ledger.TxEffect;
import io.ballast.core.ledger.Units;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/ballast ledger demo}: runs a seeded {@link DemoSession} through the real ledger and
 * prints what happened in each phase. {@code --write DIR} saves the genesis and the session so
 * that {@code ledger replay} reproduces the same state root.
 */
@Command(name = "demo", description = {"Runs a seeded market session (traders, a price crash, an oracle outage,"
        + " liquidations, options) through the real ledger and prints a summary table per phase."})
final class LedgerDemoCommand implements Callable<Integer> {
    @Option(names = "--seed", paramLabel = "S", description = "seed of the session (default ${DEFAULT-VALUE})")
    private long seed = 7;
    @Option(names = "--traders", paramLabel = "N", description = "traders, 1..10000 (default ${DEFAULT-VALUE})")
    private int traders = 40;
    @Option(names = "--blocks", paramLabel = "N", description = "blocks, 20..100000 (default ${DEFAULT-VALUE})")
    private int blocks = 300;
    @Option(names = "--write", paramLabel = "DIR",
            description = "also write genesis.json and session.jsonl into DIR (ledger replay reaches the same state root)")
    private Path write;
    private final PrintStream out;

    LedgerDemoCommand(PrintStream out, PrintStream err) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        Bounds.within("--traders", traders, 1, 10_000);
        Bounds.within("--blocks", blocks, 20, 100_000);
        DemoSession session = new DemoSession(seed, traders, blocks);
        LedgerState state = LedgerState.fromGenesis(session.genesis());
        Ledger ledger = Ledger.verifying();
        Map<DemoSession.Phase, PhaseStats> phases = new EnumMap<>(DemoSession.Phase.class);
        Map<RejectCode, Integer> rejections = new EnumMap<>(RejectCode.class);
        List<String> replayLines = new ArrayList<>();
        out.printf("Ballast ledger demo: seed %d, %d traders, %d blocks of %d ms%n%n", seed, traders, blocks,
                DemoSession.BLOCK_MILLIS);
        for (int i = 0; i < blocks; i++) {
            LedgerBlock block = session.nextBlock(state);
            BlockResult result = ledger.apply(state, block);
            session.syncNonces(state);
            replayLines.addAll(ReplayFormat.lines(block));
            DemoSession.Phase phase = session.phase(block.height());
            phases.computeIfAbsent(phase, p -> new PhaseStats()).add(state, result, rejections);
        }
        printPhases(out, phases);
        printRejections(out, rejections);
        Totals totals = state.totals();
        out.println();
        out.printf("final: height %d, %d accounts, insurance %s, pool cash %s, cash conserved: %s%n", state.height(),
                state.accountCount(), ReceiptText.usd(totals.insuranceFundUsd()), ReceiptText.usd(totals.poolCashUsd()),
                totals.cashConserved());
        out.println("state root " + state.stateRoot().toHex());
        if (write != null) {
            write(write, session, replayLines, out);
        }
        return totals.cashConserved() ? 0 : 1;
    }

    private static void printPhases(PrintStream out, Map<DemoSession.Phase, PhaseStats> phases) {
        Table table = new Table("phase", "blocks", "BTC index", "safe-mode blocks", "trades ok", "option trades", "rejected",
                "liquidations", "by keeper", "insurance draws", "ADL", "settled", "insurance fund", "pool NAV");
        for (Map.Entry<DemoSession.Phase, PhaseStats> entry : phases.entrySet()) {
            PhaseStats s = entry.getValue();
            table.row(entry.getKey().name().toLowerCase(), s.blocks,
                    whole(s.firstBtcIndexUsd) + " -> " + whole(s.lastBtcIndexUsd), s.safeModeBlocks, s.tradesAccepted,
                    s.optionTrades, s.rejected, s.liquidations + " (" + s.partialLiquidations + " partial)", s.keeperLiquidations,
                    s.insuranceDraws, s.adlEvents, s.settlements, whole(s.insuranceEndUsd), whole(s.poolNavEndUsd));
        }
        table.print(out);
    }

    private static void printRejections(PrintStream out, Map<RejectCode, Integer> rejections) {
        if (rejections.isEmpty()) {
            return;
        }
        out.println();
        Table table = new Table("rejected because", "count");
        rejections.forEach((code, count) -> table.row(code, count));
        table.print(out);
    }

    private static void write(Path dir, DemoSession session, List<String> replayLines, PrintStream out) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("genesis.json"), session.genesis().toJson() + "\n", StandardCharsets.UTF_8);
        try (BufferedWriter writer = Files.newBufferedWriter(dir.resolve("session.jsonl"), StandardCharsets.UTF_8)) {
            for (String line : replayLines) {
                writer.write(line);
                writer.newLine();
            }
        }
        out.println("wrote " + dir.resolve("genesis.json") + " and " + dir.resolve("session.jsonl")
                + "; replay with: bin/ballast ledger replay " + dir.resolve("session.jsonl") + " --genesis "
                + dir.resolve("genesis.json"));
    }

    private static String whole(long usd) {
        return String.format("%,d", usd / Units.USD_SCALE);
    }

    /** Counters for one phase of the session. */
    private static final class PhaseStats {
        int blocks;
        int safeModeBlocks;
        int tradesAccepted;
        int rejected;
        int liquidations;
        int partialLiquidations;
        int keeperLiquidations;
        int insuranceDraws;
        int adlEvents;
        int optionTrades;
        int settlements;
        long firstBtcIndexUsd = -1;
        long lastBtcIndexUsd;
        long insuranceEndUsd;
        long poolNavEndUsd;

        void add(LedgerState state, BlockResult result, Map<RejectCode, Integer> rejections) {
            blocks++;
            MarketView btc = state.marketView("BTC-PERP").orElseThrow();
            if (firstBtcIndexUsd < 0) {
                firstBtcIndexUsd = btc.indexPriceUsd();
            }
            lastBtcIndexUsd = btc.indexPriceUsd();
            if (state.marketViews().stream().anyMatch(MarketView::safeMode)
                    || state.optionMarketViews().stream().anyMatch(o -> o.safeMode())) {
                safeModeBlocks++;
            }
            for (Receipt receipt : result.receipts()) {
                if (receipt instanceof Receipt.Rejected rejectedReceipt) {
                    rejected++;
                    rejections.merge(rejectedReceipt.code(), 1, Integer::sum);
                } else if (receipt instanceof Receipt.Accepted accepted) {
                    if (accepted.effect() instanceof TxEffect.Traded) {
                        tradesAccepted++;
                    } else if (accepted.effect() instanceof TxEffect.OptionTraded) {
                        optionTrades++;
                    } else if (accepted.effect() instanceof TxEffect.Liquidated) {
                        keeperLiquidations++;
                    }
                    countEvents(accepted.events());
                }
            }
            countEvents(result.startEvents());
            countEvents(result.endEvents());
            insuranceEndUsd = state.insuranceFundUsd();
            poolNavEndUsd = state.poolNav();
        }

        private void countEvents(List<LedgerEvent> events) {
            for (LedgerEvent event : events) {
                if (event instanceof LedgerEvent.PositionLiquidated liquidated) {
                    liquidations++;
                    if (liquidated.partial()) {
                        partialLiquidations++;
                    }
                } else if (event instanceof LedgerEvent.InsuranceDraw) {
                    insuranceDraws++;
                } else if (event instanceof LedgerEvent.AutoDeleveraged) {
                    adlEvents++;
                } else if (event instanceof LedgerEvent.OptionSettled) {
                    settlements++;
                }
            }
        }
    }
}
