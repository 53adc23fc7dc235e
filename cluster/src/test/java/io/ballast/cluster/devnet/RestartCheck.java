package io.ballast.cluster.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.ballast.actors.validator.BlockLog;
import io.ballast.actors.chain.TxReceipt;
import io.ballast.actors.validator.ValidatorRecovered;
import io.ballast.actors.validator.ValidatorSetup;
import io.ballast.core.app.LedgerApplication;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.Receipt;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole-system restart check, journal-independent: run a devnet with traffic, stop the
 * ActorSystem, start it again on the same storage, and require every validator to recover at the
 * height and state root it last published, the chain to continue, and every transaction
 * acknowledged as final before the stop to be in a committed block with the same receipt.
 */
final class RestartCheck {
    record Timings(long firstRunMillis, long restartToRecoveredMillis, long height) {}

    private RestartCheck() {}

    static Timings run(Path dataDir, Config journal, long blocks, PrintStream out) throws Exception {
        long startNanos = System.nanoTime();
        Devnet.Options options = Devnet.Options.defaults(dataDir, out).withTraders(4).withReceipts().withConfig(journal);
        Map<String, Long> lastHeights = new HashMap<>();
        Map<String, String> lastRoots = new HashMap<>();
        Map<String, TxReceipt> acknowledged;
        Genesis genesis;
        try (Devnet first = Devnet.start(options)) {
            BlockWatch watch = BlockWatch.attach(first.system(), "watch-1");
            BlockWatch.await(blocks + " blocks and 20 final transactions", Duration.ofSeconds(90),
                    () -> watch.height("validator-0") >= blocks && first.stats().totalFinal() >= 20);
            first.close();
            acknowledged = first.stats().finalized();
            genesis = first.genesis();
            for (String id : first.ids().all()) {
                lastHeights.put(id, watch.height(id));
                lastRoots.put(id, watch.root(id, watch.height(id)));
            }
        }
        long firstRunMillis = (System.nanoTime() - startNanos) / 1_000_000;
        assertTrue(acknowledged.size() >= 20, "traffic before the stop: " + acknowledged.size());

        long restartNanos = System.nanoTime();
        try (Devnet second = Devnet.start(options.withTraders(0))) {
            BlockWatch.await("every validator recovered", Duration.ofSeconds(60),
                    () -> second.recovered().size() == second.ids().size());
            long recoveredMillis = (System.nanoTime() - restartNanos) / 1_000_000;
            for (ValidatorRecovered recovered : second.recovered().values()) {
                String id = recovered.validatorId();
                assertEquals(lastHeights.get(id), recovered.height(), id + " recovers at its last published height");
                assertEquals(lastRoots.get(id), recovered.stateRoot(), id + " recovers the same state root");
            }
            BlockWatch watch = BlockWatch.attach(second.system(), "watch-2");
            long resumeFrom = lastHeights.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            BlockWatch.await("the chain to continue", Duration.ofSeconds(60),
                    () -> watch.height("validator-0") >= resumeFrom + 5);

            Map<String, TxReceipt> replayed = replayReceipts(genesis,
                    BlockLog.readAll(second.system(), "validator-0").toCompletableFuture().get(60, TimeUnit.SECONDS));
            for (TxReceipt receipt : acknowledged.values()) {
                TxReceipt committed = replayed.get(receipt.txHash());
                assertNotNull(committed, "finalized transaction " + receipt.txHash() + " is in a committed block");
                assertEquals(receipt, committed, "same receipt after restart");
            }
            return new Timings(firstRunMillis, recoveredMillis, resumeFrom);
        }
    }

    /** Re-executes the stored block log from genesis and returns every receipt by transaction hash. */
    static Map<String, TxReceipt> replayReceipts(Genesis genesis, List<CommittedBlock> blocks) {
        LedgerApplication app = new LedgerApplication(genesis, 10_000);
        Map<String, TxReceipt> receipts = new HashMap<>();
        long expected = 1;
        for (CommittedBlock block : blocks) {
            assertEquals(expected++, block.height(), "the block log is contiguous from genesis");
            for (Receipt receipt : LedgerApplication.resultOf(app.execute(block)).receipts()) {
                receipts.put(receipt.txHash().toHex(), TxReceipt.of(block.height(), receipt));
            }
        }
        return receipts;
    }
}
