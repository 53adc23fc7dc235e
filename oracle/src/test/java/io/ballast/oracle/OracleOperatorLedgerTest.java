package io.ballast.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.LedgerFixtures;
import io.ballast.core.ledger.MarketView;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.RejectCode;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.oracle.source.sim.SimulatedMarket;
import io.ballast.oracle.source.sim.SimulationParams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Three operators feed the real ledger (LedgerFixtures: BTC-PERP, 10 s freshness, one fresh report needed). */
@ExtendWith(TestKitJUnit5Extension.class)
class OracleOperatorLedgerTest {
    private static final String BTC = LedgerFixtures.BTC;

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder()
            .withCustomConfig(org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.config()
                    .withFallback(org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin.config())
                    .withFallback(com.typesafe.config.ConfigFactory.parseResources("serialization.conf"))
                    .withFallback(com.typesafe.config.ConfigFactory.load()))
            .build();

    private final LedgerFixtures.Chain chain = new LedgerFixtures.Chain(LedgerFixtures.genesis());
    private final AtomicLong clockMillis = new AtomicLong(chain.now());
    private final SimulatedMarket source = new SimulatedMarket(SimulationParams.defaults(3, chain.now()));
    private final TestProbe<byte[]> sent = testKit.createTestProbe();
    private final List<ActorRef<OracleOperator.Command>> operators = new ArrayList<>();

    private void spawnOperators(ReportingMode... modes) {
        for (int i = 0; i < modes.length; i++) {
            OperatorSettings settings = OperatorSettings.of(LedgerFixtures.CHAIN_ID, List.of(BTC), 3_600_000)
                    .withInitialMode(modes[i]).withFaultModes(true);
            operators.add(testKit.spawn(OracleOperator.create(OracleIds.id(i),
                    OracleOperatorTest.setup(settings, source, tx -> sent.ref().tell(tx), clockMillis::get))));
        }
    }

    /** Runs one round on every operator at {@code timeMillis} and applies what they sent in a block at that time. */
    private Map<Bytes32, Receipt> roundAt(long timeMillis, int expectedTransactions) {
        clockMillis.set(timeMillis);
        operators.forEach(operator -> operator.tell(new OracleOperator.ReportNow(testKit.system().ignoreRef())));
        List<SignedTransaction> transactions = new ArrayList<>();
        sent.receiveSeveralMessages(expectedTransactions).forEach(bytes -> transactions.add(SignedTransaction.decode(bytes)));
        BlockResult result = chain.blockAt(timeMillis, transactions.toArray(new SignedTransaction[0]));
        Map<Bytes32, Receipt> receipts = new HashMap<>();
        result.receipts().forEach(receipt -> receipts.put(receipt.transaction().signer(), receipt));
        return receipts;
    }

    private MarketView btc() {
        return chain.state.marketView(BTC).orElseThrow();
    }

    private static Bytes32 operator(int index) {
        return LedgerFixtures.ORACLES.get(index).publicKey();
    }

    @Test
    void ledgerAcceptsReportsTakesTheMedianOverAWildOperatorAndRejectsReplays() {
        spawnOperators(new ReportingMode.Honest(), new ReportingMode.Honest(), new ReportingMode.WildPrice(10));
        long t1 = chain.now() + 1_000;
        Map<Bytes32, Receipt> first = roundAt(t1, 3);
        first.values().forEach(receipt -> assertTrue(receipt.accepted(), receipt.toString()));
        long honestPriceUsd = source.quote(BTC, t1).priceUsd();
        assertEquals(honestPriceUsd, btc().indexPriceUsd(), "the median ignores the 10x operator");

        operators.get(0).tell(new OracleOperator.SetMode(new ReportingMode.StaleReplay(), testKit.system().ignoreRef()));
        Map<Bytes32, Receipt> second = roundAt(t1 + 1_000, 3);
        assertEquals(RejectCode.DUPLICATE_REPORT, ((Receipt.Rejected) second.get(operator(0))).code());
        assertTrue(second.get(operator(1)).accepted());
        assertTrue(second.get(operator(2)).accepted());

        operators.forEach(operator -> operator.tell(new OracleOperator.SetMode(new ReportingMode.Silent(), testKit.system().ignoreRef())));
        chain.blockAt(t1 + 12_000);
        assertTrue(btc().safeMode(), "no fresh report for 11 s: safe mode");

        operators.get(0).tell(new OracleOperator.SetMode(new ReportingMode.Honest(), testKit.system().ignoreRef()));
        Map<Bytes32, Receipt> third = roundAt(t1 + 13_000, 1);
        assertTrue(third.get(operator(0)).accepted());
        assertFalse(btc().safeMode(), "a fresh honest report ends safe mode");
        assertEquals(source.quote(BTC, t1 + 13_000).priceUsd(), btc().indexPriceUsd());
    }
}
