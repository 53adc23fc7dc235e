package io.ballast.cluster.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.ledger.MarketView;
import io.ballast.cluster.node.NodeServices;
import io.ballast.oracle.OracleOperator;
import io.ballast.oracle.ReportingMode;
import io.ballast.oracle.source.PriceSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The devnet's oracle operators are sharded, persistent entities: they report with no command sent to them, keep the
 * index fresh, come back with their journaled round after being stopped, take the chaos scenario's fault mode (one
 * liar does not move the index), and continue their rounds after a restart of the whole devnet on the same data dir.
 */
class DevnetOracleTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void operatorsRunAsEntitiesAndContinueTheirRoundsAfterAStopAndARestart(@TempDir Path dataDir) throws Exception {
        List<Long> roundsBeforeRestart = new ArrayList<>();
        try (Devnet devnet = Devnet.start(Devnet.Options.defaults(dataDir, System.out).withTraders(0))) {
            List<EntityRef<OracleOperator.Command>> operators = devnet.operators();
            assertEquals(devnet.genesis().oracleOperators().size(), operators.size());
            for (int i = 0; i < operators.size(); i++) {
                EntityRef<OracleOperator.Command> operator = operators.get(i);
                BlockWatch.await("oracle-" + i + " at round 3", WAIT, () -> round(operator) >= 3);
                assertEquals(devnet.genesis().oracleOperators().get(i).toHex(), status(operator).operatorKey());
            }
            BlockWatch.await("fresh indexes", WAIT, () -> freshMarkets(devnet) == devnet.genesis().markets().size());

            // stopped (as sharding does on a hand-off): the keep-alive re-creates it from its journal
            EntityRef<OracleOperator.Command> first = operators.get(0);
            long stoppedAt = round(first);
            first.tell(OracleOperator.Passivate.INSTANCE);
            BlockWatch.await("oracle-0 back after its stop", WAIT, () -> {
                OracleOperator.Status status = statusOrNull(first);
                return status != null && status.roundsRun() > 0 && status.round() > stoppedAt;
            });

            // the devnet allows fault modes (--chaos lying-oracle): one liar of four does not move the index
            assertEquals(OracleOperator.ModeResult.CHANGED, setMode(first, new ReportingMode.WildPrice(3)).result());
            long lyingFrom = round(first);
            BlockWatch.await("oracle-0 lying for 4 rounds", WAIT, () -> round(first) >= lyingFrom + 4);
            PriceSource truth = NodeServices.simulatedMarket(devnet.genesis(), 42);
            MarketView btc = devnet.client().read(state -> state.marketView("BTC-PERP").orElseThrow())
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            long truePriceUsd = truth.quote("BTC-PERP", System.currentTimeMillis() - btc.indexAgeMillis()).priceUsd();
            assertTrue(Math.abs(btc.indexPriceUsd() - truePriceUsd) < truePriceUsd / 100,
                    "index " + btc.indexPriceUsd() + " vs the market " + truePriceUsd + " with one operator at 3x");
            assertEquals(OracleOperator.ModeResult.CHANGED, setMode(first, new ReportingMode.Honest()).result());

            for (EntityRef<OracleOperator.Command> operator : operators) {
                roundsBeforeRestart.add(round(operator));
            }
        }
        try (Devnet devnet = Devnet.start(Devnet.Options.defaults(dataDir, System.out).withTraders(0))) {
            for (int i = 0; i < devnet.operators().size(); i++) {
                OracleOperator.Status status = status(devnet.operators().get(i));
                assertTrue(status.round() >= roundsBeforeRestart.get(i),
                        "oracle-" + i + " recovered round " + status.round() + " < " + roundsBeforeRestart.get(i));
                long recovered = status.round();
                EntityRef<OracleOperator.Command> operator = devnet.operators().get(i);
                BlockWatch.await("oracle-" + i + " reporting after the restart", WAIT, () -> round(operator) > recovered);
            }
            BlockWatch.await("fresh indexes after the restart", WAIT,
                    () -> freshMarkets(devnet) == devnet.genesis().markets().size());
        }
    }

    private static long freshMarkets(Devnet devnet) {
        try {
            return devnet.client().read(state -> state.marketViews().stream()
                            .filter(m -> !m.safeMode() && m.indexAgeMillis() < 5_000).map(MarketView::id).count())
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception notYet) {
            return -1;
        }
    }

    private static OracleOperator.ModeOutcome setMode(EntityRef<OracleOperator.Command> operator, ReportingMode mode)
            throws Exception {
        return operator.<OracleOperator.ModeOutcome>ask(reply -> new OracleOperator.SetMode(mode, reply),
                Duration.ofSeconds(10)).toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    private static long round(EntityRef<OracleOperator.Command> operator) {
        OracleOperator.Status status = statusOrNull(operator);
        return status == null ? -1 : status.round();
    }

    private static OracleOperator.Status statusOrNull(EntityRef<OracleOperator.Command> operator) {
        try {
            return status(operator);
        } catch (Exception notYet) {
            return null;
        }
    }

    private static OracleOperator.Status status(EntityRef<OracleOperator.Command> operator) throws Exception {
        return operator.<OracleOperator.Status>ask(OracleOperator.GetStatus::new, Duration.ofSeconds(10))
                .toCompletableFuture().get(15, TimeUnit.SECONDS);
    }
}
