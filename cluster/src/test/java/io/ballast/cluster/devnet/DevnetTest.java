package io.ballast.cluster.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.ballast.actors.validator.ValidatorEntity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The devnet in-process on the embedded (H2) journal. */
class DevnetTest {
    @Test
    void fourValidatorsCommitUnderTrafficKeepGoingWithoutOneAndCatchItUp(@TempDir Path dataDir) throws Exception {
        try (Devnet devnet = Devnet.start(Devnet.Options.defaults(dataDir, System.out).withTraders(4))) {
            assertTrue(devnet.genesis().staking().enabled(), "the devnet's validators bond stake (DevnetStaking)");
            BlockWatch watch = BlockWatch.attach(devnet.system(), "watch");
            long startNanos = System.nanoTime();
            BlockWatch.await("100 blocks", Duration.ofSeconds(90), () -> watch.height("validator-0") >= 100);
            double blocksPerSecond = 100_000.0 / ((System.nanoTime() - startNanos) / 1_000_000);
            assertTrue(devnet.stats().totalFinal() > 0, "traders' transactions became final");
            for (String id : List.of("validator-1", "validator-2", "validator-3")) {
                BlockWatch.await(id + " at 100", Duration.ofSeconds(10), () -> watch.height(id) >= 100);
                assertEquals(watch.root("validator-0", 100), watch.root(id, 100), id + " agrees on the root");
            }

            // stop validator-3 (and cut it off so peers' messages do not restart it)
            devnet.shim().isolate("validator-3");
            devnet.client().ref("validator-3").tell(ValidatorEntity.Passivate.INSTANCE);
            long stoppedAt = watch.height("validator-0");
            BlockWatch.await("30 blocks without validator-3", Duration.ofSeconds(60),
                    () -> watch.height("validator-0") >= stoppedAt + 30);
            assertTrue(watch.height("validator-3") <= stoppedAt + 2, "validator-3 was down");

            // restart it: it recovers from its journal and catches up from its peers
            long target = watch.height("validator-0");
            devnet.shim().heal();
            devnet.client().ref("validator-3").tell(ValidatorEntity.Start.INSTANCE);
            BlockWatch.await("validator-3 to catch up", Duration.ofSeconds(60),
                    () -> watch.height("validator-3") >= target);
            assertEquals(watch.root("validator-0", target), watch.root("validator-3", target),
                    "after catching up validator-3 has the same state root");
            System.out.printf("devnet test: %.1f blocks/s to height 100; validator-3 down for %d blocks, caught up%n",
                    blocksPerSecond, target - stoppedAt);
        }
    }

    @Test
    void aRestartContinuesTheSameChainAndLosesNoFinalizedTransaction(@TempDir Path dataDir) throws Exception {
        RestartCheck.Timings timings = RestartCheck.run(dataDir, ConfigFactory.empty(), 60, System.out);
        System.out.printf("H2 restart: first run %d ms to height %d; restart to all recovered %d ms%n",
                timings.firstRunMillis(), timings.height(), timings.restartToRecoveredMillis());
    }
}
