package io.ballast.oracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.LedgerFixtures;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.oracle.source.CsvReplaySource;
import io.ballast.oracle.source.PriceSource;
import io.ballast.oracle.source.sim.SimulatedMarket;
import io.ballast.oracle.source.sim.SimulationParams;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.extension.ExtendWith;

/** The operator entity as a running actor (timers, supervision) on the in-memory journal. */
@ExtendWith(TestKitJUnit5Extension.class)
class OracleOperatorTest {
    static final String CHAIN_ID = "ballast-test";
    static final long T0 = 1_700_000_000_000L;
    static final long HOUR_MILLIS = 3_600_000L;
    static final List<String> MARKETS = List.of("BTC-PERP", "ETH-PERP");

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder()
            .withCustomConfig(EventSourcedBehaviorTestKit.config()
                    .withFallback(PersistenceTestKitSnapshotPlugin.config())
                    .withFallback(ConfigFactory.parseResources("serialization.conf"))
                    .withFallback(ConfigFactory.load()))
            .build();

    final KeyPair key = LedgerFixtures.ORACLES.get(0);
    final AtomicLong clockMillis = new AtomicLong(T0);
    final SimulatedMarket source = new SimulatedMarket(SimulationParams.defaults(17, T0 - 60_000));

    /** Rounds only on ReportNow: the timer interval is an hour. Fault modes allowed (the tests switch into them). */
    private OperatorSettings manual(List<String> markets) {
        return OperatorSettings.of(CHAIN_ID, markets, HOUR_MILLIS).withBackoffMillis(50, 200).withFaultModes(true);
    }

    static OracleSetup setup(OperatorSettings settings, PriceSource prices, ReportSink sink, java.util.function.LongSupplier clock) {
        OracleIds ids = new OracleIds(LedgerFixtures.ORACLES.stream().map(KeyPair::publicKey).toList());
        return new OracleSetup(settings, ids, id -> LedgerFixtures.ORACLES.get(ids.indexOf(id)), index -> prices, sink, clock);
    }

    private ActorRef<OracleOperator.Command> spawn(OperatorSettings settings, KeyPair operatorKey, PriceSource prices, ReportSink sink) {
        String id = OracleIds.id(LedgerFixtures.ORACLES.indexOf(operatorKey));
        return testKit.spawn(OracleOperator.create(id, setup(settings, prices, sink, clockMillis::get)));
    }

    private OracleOperator.ReportNow reportNow() {
        return new OracleOperator.ReportNow(testKit.system().ignoreRef());
    }

    private OracleOperator.SetMode setMode(ReportingMode mode) {
        return new OracleOperator.SetMode(mode, testKit.system().ignoreRef());
    }

    private static ReportSink to(TestProbe<byte[]> probe) {
        return transaction -> probe.ref().tell(transaction);
    }

    private OracleOperator.Status status(ActorRef<OracleOperator.Command> operator) {
        TestProbe<OracleOperator.Status> reply = testKit.createTestProbe();
        operator.tell(new OracleOperator.GetStatus(reply.ref()));
        return reply.receiveMessage();
    }

    private static TxBody.OracleReport body(byte[] transaction) {
        return (TxBody.OracleReport) SignedTransaction.decode(transaction).body();
    }

    @Test
    void timerRoundsEmitSignedVerifiableReportsWithIncreasingTimestamps() {
        TestProbe<byte[]> sent = testKit.createTestProbe();
        OperatorSettings settings = OperatorSettings.of(CHAIN_ID, MARKETS, 50);
        AtomicLong ticking = new AtomicLong(T0);
        testKit.spawn(OracleOperator.create("oracle-0", setup(settings, source, to(sent), () -> ticking.addAndGet(700))));

        Map<String, Long> lastTimestamp = new HashMap<>();
        for (byte[] bytes : sent.receiveSeveralMessages(8, Duration.ofSeconds(10))) {
            SignedTransaction tx = SignedTransaction.decode(bytes);
            assertTrue(tx.verifySignature(CHAIN_ID));
            assertFalse(tx.verifySignature("another-chain"));
            assertEquals(key.publicKey(), tx.signer());
            assertEquals(0, tx.nonce());
            assertEquals(0, tx.priorityFeeUsd());
            TxBody.OracleReport report = (TxBody.OracleReport) tx.body();
            assertEquals(source.quote(report.marketId(), report.timestampMillis()).priceUsd(), report.priceUsd());
            Long previous = lastTimestamp.put(report.marketId(), report.timestampMillis());
            assertTrue(previous == null || report.timestampMillis() > previous, "timestamps increase per market");
        }
        assertEquals(2, lastTimestamp.size());
    }

    @Test
    void timestampsIncreaseEvenWhenTheClockDoesNot() {
        TestProbe<byte[]> sent = testKit.createTestProbe();
        ActorRef<OracleOperator.Command> operator = spawn(manual(List.of("BTC-PERP")), key, source, to(sent));
        for (int i = 0; i < 3; i++) {
            operator.tell(reportNow());
            assertEquals(T0 + i, body(sent.receiveMessage()).timestampMillis());
        }
        clockMillis.set(T0 - 1_000); // the clock stepped back
        operator.tell(reportNow());
        assertEquals(T0 + 3, body(sent.receiveMessage()).timestampMillis());
    }

    @Test
    void wildPriceMultipliesTheSourcePrice() {
        TestProbe<byte[]> sent = testKit.createTestProbe();
        ActorRef<OracleOperator.Command> operator = spawn(manual(MARKETS), key, source, to(sent));
        operator.tell(setMode(new ReportingMode.WildPrice(10)));
        operator.tell(reportNow());
        for (String market : MARKETS) {
            TxBody.OracleReport report = body(sent.receiveMessage());
            assertEquals(market, report.marketId());
            assertEquals(10 * source.quote(market, T0).priceUsd(), report.priceUsd());
            assertEquals(T0, report.timestampMillis());
        }
        assertEquals(new ReportingMode.WildPrice(10), status(operator).mode());
    }

    @Test
    void staleReplayResubmitsTheLastReportsBytesAndHonestResumesAfterThem() {
        TestProbe<byte[]> sent = testKit.createTestProbe();
        ActorRef<OracleOperator.Command> operator = spawn(manual(MARKETS), key, source, to(sent));
        operator.tell(reportNow());
        byte[] btc = sent.receiveMessage();
        byte[] eth = sent.receiveMessage();

        operator.tell(setMode(new ReportingMode.StaleReplay()));
        clockMillis.addAndGet(30_000);
        for (int round = 0; round < 2; round++) {
            operator.tell(reportNow());
            assertArrayEquals(btc, sent.receiveMessage());
            assertArrayEquals(eth, sent.receiveMessage());
        }

        operator.tell(setMode(new ReportingMode.Honest()));
        operator.tell(reportNow());
        assertEquals(T0 + 30_000, body(sent.receiveMessage()).timestampMillis());
        OracleOperator.Status status = status(operator);
        assertEquals(4, status.roundsRun());
        assertEquals(8, status.submissions());
        assertEquals(Map.of("BTC-PERP", T0 + 30_000, "ETH-PERP", T0 + 30_000), status.lastTimestampMillisByMarket());
    }

    @Test
    void silentSubmitsNothingButKeepsRunning() {
        TestProbe<byte[]> sent = testKit.createTestProbe();
        ActorRef<OracleOperator.Command> operator =
                spawn(manual(MARKETS).withInitialMode(new ReportingMode.Silent()), key, source, to(sent));
        for (int i = 0; i < 3; i++) {
            operator.tell(reportNow());
        }
        OracleOperator.Status status = status(operator);
        assertEquals(3, status.roundsRun());
        assertEquals(0, status.submissions());
        sent.expectNoMessage(Duration.ofMillis(100));
        operator.tell(setMode(new ReportingMode.Honest()));
        operator.tell(reportNow());
        assertEquals("BTC-PERP", body(sent.receiveMessage()).marketId());
    }

    @Test
    void restartsAfterASinkFailureKeepingModeAndTimestamps() {
        TestProbe<byte[]> sent = testKit.createTestProbe();
        AtomicInteger calls = new AtomicInteger();
        ReportSink flaky = transaction -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("validator connection lost");
            }
            sent.ref().tell(transaction);
        };
        ActorRef<OracleOperator.Command> operator = spawn(
                manual(List.of("BTC-PERP")).withInitialMode(new ReportingMode.WildPrice(2)), key, source, flaky);
        operator.tell(reportNow());
        assertEquals(T0, body(sent.receiveMessage()).timestampMillis());
        operator.tell(setMode(new ReportingMode.WildPrice(3)));
        operator.tell(reportNow()); // the sink throws: restart with backoff
        operator.tell(reportNow()); // handled after the restart
        TxBody.OracleReport after = body(sent.receiveMessage(Duration.ofSeconds(5)));
        assertEquals(T0 + 1, after.timestampMillis());
        assertEquals(3 * source.quote("BTC-PERP", T0).priceUsd(), after.priceUsd());
        assertEquals(new ReportingMode.WildPrice(3), status(operator).mode());
    }

    @Test
    void staleSourcePricesAreNotReported() {
        TestProbe<byte[]> sent = testKit.createTestProbe();
        PriceSource old = CsvReplaySource.parse("old.csv", (T0 - 120_000) + ",BTC-PERP,60000\n");
        ActorRef<OracleOperator.Command> operator = spawn(manual(List.of("BTC-PERP")), key, old, to(sent));
        operator.tell(reportNow());
        assertEquals(0, status(operator).submissions());
        sent.expectNoMessage(Duration.ofMillis(50));

        ActorRef<OracleOperator.Command> replaying =
                spawn(manual(List.of("BTC-PERP")), LedgerFixtures.ORACLES.get(1), old.shiftedBy(120_000), to(sent));
        replaying.tell(reportNow());
        assertEquals(60_000_000_000L, body(sent.receiveMessage()).priceUsd());
    }

    @Test
    void refusesMarketsTheSourceCannotPrice() {
        assertThrows(IllegalArgumentException.class, () -> OracleOperator.create("oracle-0",
                setup(manual(List.of("SOL-PERP")), source, transaction -> {}, clockMillis::get)));
    }

    @Test
    void logsThePublicKeyNeverTheSecretSeed() {
        String seedHex = HexFormat.of().formatHex(key.secretSeed());
        String publicHex = key.publicKey().toHex();
        LoggingTestKit.info("reports")
                .withCustom(event -> event.message().contains(publicHex) && !event.message().contains(seedHex))
                .expect(testKit.system(), () -> spawn(manual(MARKETS), key, source, transaction -> {}));
        assertEquals(Bytes32.LENGTH * 2, publicHex.length());
    }
}
