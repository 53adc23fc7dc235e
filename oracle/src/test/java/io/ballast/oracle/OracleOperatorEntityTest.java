package io.ballast.oracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.LedgerFixtures;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.property.PropertyCheck;
import io.ballast.core.property.Seed;
import io.ballast.core.property.Seeds;
import io.ballast.core.property.Shrinker;
import io.ballast.oracle.OracleOperator.Command;
import io.ballast.oracle.OracleOperator.Event;
import io.ballast.oracle.OracleOperator.ModeOutcome;
import io.ballast.oracle.OracleOperator.ModeResult;
import io.ballast.oracle.OracleOperator.RoundOutcome;
import io.ballast.oracle.OracleOperator.RoundPrepared;
import io.ballast.oracle.OracleOperator.RoundResult;
import io.ballast.oracle.OracleOperator.State;
import io.ballast.oracle.source.sim.SimulatedMarket;
import io.ballast.oracle.source.sim.SimulationParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The operator entity on the in-memory journal, serialization checks on (every command, event, reply and state
 * round-trips through the configured serializers): persist before sign, recovery, monotone rounds and timestamps,
 * refused commands.
 */
@ExtendWith(TestKitJUnit5Extension.class)
class OracleOperatorEntityTest {
    static final String CHAIN_ID = "ballast-test";
    static final long T0 = 1_700_000_000_000L;
    static final List<String> MARKETS = List.of("BTC-PERP", "ETH-PERP");
    static final String ID = "oracle-0";
    static final KeyPair KEY = LedgerFixtures.ORACLES.get(0);
    static final String PERSISTENCE_ID = "OracleOperator|" + KEY.publicKey().toHex();

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder()
            .withCustomConfig(EventSourcedBehaviorTestKit.config()
                    .withFallback(PersistenceTestKitSnapshotPlugin.config())
                    .withFallback(ConfigFactory.parseResources("serialization.conf"))
                    .withFallback(ConfigFactory.load()))
            .build();

    final AtomicLong clockMillis = new AtomicLong(T0);
    final SimulatedMarket source = new SimulatedMarket(SimulationParams.defaults(17, T0 - 60_000));
    final List<byte[]> sent = new CopyOnWriteArrayList<>();

    private static OperatorSettings settings(boolean faultModes) {
        return OperatorSettings.of(CHAIN_ID, MARKETS, 3_600_000).withBackoffMillis(50, 200).withFaultModes(faultModes);
    }

    private EventSourcedBehaviorTestKit<Command, Event, State> entity(OperatorSettings settings, ReportSink sink) {
        EventSourcedBehaviorTestKit<Command, Event, State> entity = EventSourcedBehaviorTestKit.create(testKit.system(),
                OracleOperator.create(ID, OracleOperatorTest.setup(settings, source, sink, clockMillis::get)),
                EventSourcedBehaviorTestKit.enabledSerializationSettings());
        entity.clear();
        return entity;
    }

    private static TxBody body(byte[] transaction) {
        return SignedTransaction.decode(transaction).body();
    }

    private static long timestamp(byte[] transaction) {
        return body(transaction) instanceof TxBody.OracleReport report ? report.timestampMillis()
                : ((TxBody.VolReport) body(transaction)).timestampMillis();
    }

    @Test
    void aRoundIsJournaledBeforeAnyOfItsReportsIsSignedAndSent() {
        List<String> violations = new CopyOnWriteArrayList<>();
        PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
        ReportSink checking = transaction -> {
            // runs when the operator hands a report over: its round must already be in the journal
            String hash = PreparedReport.hashOf(CHAIN_ID, KEY.publicKey(), body(transaction));
            boolean journaled = journal.persistedInStorage(PERSISTENCE_ID).stream()
                    .filter(e -> e instanceof RoundPrepared)
                    .flatMap(e -> ((RoundPrepared) e).reports().stream())
                    .anyMatch(report -> report.reportHash().equals(hash));
            if (!journaled) {
                violations.add("sent before it was journaled: " + body(transaction));
            }
            sent.add(transaction);
        };
        var entity = entity(settings(false), checking);
        var first = entity.<RoundOutcome>runCommand(OracleOperator.ReportNow::new);
        assertEquals(new RoundOutcome(ID, RoundResult.SIGNED, 1, 2), first.reply());
        RoundPrepared prepared = assertInstanceOf(RoundPrepared.class, first.event());
        assertEquals(1, prepared.round());
        assertEquals(MARKETS, prepared.reports().stream().map(PreparedReport::marketId).toList());
        assertEquals(2, sent.size());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(prepared.reports().get(i).sign(CHAIN_ID, KEY), sent.get(i), "exactly what was journaled");
            assertTrue(SignedTransaction.decode(sent.get(i)).verifySignature(CHAIN_ID));
        }
        clockMillis.addAndGet(1_000);
        assertEquals(2, entity.<RoundOutcome>runCommand(OracleOperator.ReportNow::new).reply().round());
        assertEquals(List.of(), violations);
        assertEquals(4, sent.size());
    }

    @Test
    void aFailedJournalWriteSendsNothing() {
        TestProbe<byte[]> probe = testKit.createTestProbe();
        PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
        journal.clearAll();
        ActorRef<Command> operator = testKit.spawn(OracleOperator.create(ID,
                OracleOperatorTest.setup(settings(false), source, tx -> probe.ref().tell(tx), clockMillis::get)));
        TestProbe<RoundOutcome> outcomes = testKit.createTestProbe();
        journal.failNextPersisted(PERSISTENCE_ID);
        operator.tell(new OracleOperator.ReportNow(outcomes.ref()));
        probe.expectNoMessage(Duration.ofMillis(300));
        outcomes.expectNoMessage(Duration.ZERO);
        // restarted from the journal (which holds nothing): the next round is round 1, signed once it is written
        operator.tell(new OracleOperator.ReportNow(outcomes.ref()));
        assertEquals(new RoundOutcome(ID, RoundResult.SIGNED, 1, 2), outcomes.receiveMessage(Duration.ofSeconds(5)));
        assertEquals("BTC-PERP", ((TxBody.OracleReport) body(probe.receiveMessage())).marketId());
        assertEquals(1, journal.persistedInStorage(PERSISTENCE_ID).size());
    }

    @Test
    void aRestartResendsTheLastRoundsBytesAndNeverSignsAnotherReportInItsPlace() {
        var entity = entity(settings(true), sent::add);
        entity.runCommand(OracleOperator.ReportNow::new);
        clockMillis.addAndGet(2_000);
        entity.runCommand(OracleOperator.ReportNow::new);
        List<byte[]> secondRound = List.copyOf(sent.subList(2, 4));

        entity.restart(); // a crash after the write and before (or after) the send: the same bytes again
        assertEquals(6, sent.size());
        assertArrayEquals(secondRound.get(0), sent.get(4));
        assertArrayEquals(secondRound.get(1), sent.get(5));
        assertEquals(2, entity.getState().round());

        // the clock stepped back 10 s (or the operator moved to a node whose clock is behind): later timestamps anyway
        clockMillis.addAndGet(-10_000);
        var third = entity.<RoundOutcome>runCommand(OracleOperator.ReportNow::new);
        assertEquals(3, third.reply().round());
        assertEquals(T0 + 2_001, timestamp(sent.get(6)));
        assertEquals(T0 + 2_001, timestamp(sent.get(7)));

        // a wild mode after a restart still never reuses a timestamp: no (market, time) is ever signed twice
        assertEquals(ModeResult.CHANGED, entity.<ModeOutcome>runCommand(r -> new OracleOperator.SetMode(
                new ReportingMode.WildPrice(5), r)).reply().result());
        entity.restart();
        entity.runCommand(OracleOperator.ReportNow::new);
        assertEquals(new ReportingMode.WildPrice(5), entity.getState().mode(), "the mode survives the restart");
        assertEquals(4, entity.getState().round());
        assertOneEncodingPerReport(sent);
    }

    @Test
    void recoveryResendsNothingOlderThanTheQuoteAgeLimitOrWhenSilent() {
        var entity = entity(settings(true), sent::add);
        entity.runCommand(OracleOperator.ReportNow::new);
        clockMillis.addAndGet(60_001); // maxQuoteAgeMillis is 60 s
        entity.restart();
        assertEquals(2, sent.size(), "a round older than the quote age limit is not re-sent");
        clockMillis.addAndGet(-60_001);
        entity.<ModeOutcome>runCommand(r -> new OracleOperator.SetMode(new ReportingMode.Silent(), r));
        entity.restart();
        assertEquals(2, sent.size(), "a silent operator re-sends nothing");
    }

    @Test
    void refusedCommandsGetTypedRepliesAndChangeNothing() {
        var entity = entity(settings(false), sent::add);
        entity.runCommand(OracleOperator.ReportNow::new);
        State before = entity.getState();

        var missing = entity.<ModeOutcome>runCommand(r -> new OracleOperator.SetMode(null, r));
        assertEquals(new ModeOutcome(ID, ModeResult.REFUSED_MISSING_MODE, new ReportingMode.Honest()), missing.reply());
        assertTrue(missing.hasNoEvents());
        for (ReportingMode fault : List.of(new ReportingMode.WildPrice(3), new ReportingMode.StaleReplay(),
                new ReportingMode.Silent())) {
            var refused = entity.<ModeOutcome>runCommand(r -> new OracleOperator.SetMode(fault, r));
            assertEquals(ModeResult.REFUSED_FAULT_MODES_DISABLED, refused.reply().result(), fault.toString());
            assertEquals(new ReportingMode.Honest(), refused.reply().mode());
            assertTrue(refused.hasNoEvents());
        }
        var same = entity.<ModeOutcome>runCommand(r -> new OracleOperator.SetMode(new ReportingMode.Honest(), r));
        assertEquals(ModeResult.UNCHANGED, same.reply().result());
        assertTrue(same.hasNoEvents());
        assertEquals(before, entity.getState());
        clockMillis.addAndGet(1_000);
        assertEquals(RoundResult.SIGNED, entity.<RoundOutcome>runCommand(OracleOperator.ReportNow::new).reply().result());
        assertTrue(sent.stream().allMatch(tx -> ((TxBody.OracleReport) body(tx)).priceUsd()
                == source.quote(((TxBody.OracleReport) body(tx)).marketId(), timestamp(tx)).priceUsd()), "still honest");
    }

    @Test
    void anIdThatNamesNoOperatorStopsWithoutTouchingTheJournal() {
        PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
        for (String bad : List.of("oracle-9", "oracle-01", "validator-0", "oracle-", "oracle--1")) {
            ActorRef<Command> operator = testKit.spawn(OracleOperator.create(bad,
                    OracleOperatorTest.setup(settings(true), source, sent::add, clockMillis::get)));
            TestProbe<Object> watcher = testKit.createTestProbe();
            watcher.expectTerminated(operator, Duration.ofSeconds(5));
        }
        assertTrue(sent.isEmpty());
        assertEquals(0, journal.persistedInStorage(PERSISTENCE_ID).size());
    }

    @Test
    void aKeyFileThatIsNotTheGenesisKeyIsRefused() {
        // a long backoff: the failure repeats on every restart, the test expects exactly the first one
        OracleSetup good = OracleOperatorTest.setup(settings(false).withBackoffMillis(5_000, 10_000), source, sent::add,
                clockMillis::get);
        OracleSetup wrongKey = new OracleSetup(good.settings(), good.ids(), id -> LedgerFixtures.ORACLES.get(1),
                good.sources(), good.sink(), good.clockMillis());
        LoggingTestKit.error("its key file holds").expect(testKit.system(),
                () -> testKit.spawn(OracleOperator.create(ID, wrongKey)));
        assertTrue(sent.isEmpty());
    }

    @Test
    void anIncarnationThatCannotConfirmItsLeaseWritesAndSendsNothingAndStops() {
        PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
        journal.clearAll();
        OracleSetup fenced = OracleOperatorTest.setup(settings(false), source, sent::add, clockMillis::get)
                .withFence(id -> false);
        ActorRef<Command> operator = testKit.spawn(OracleOperator.create(ID, fenced));
        TestProbe<RoundOutcome> outcomes = testKit.createTestProbe();
        operator.tell(new OracleOperator.ReportNow(outcomes.ref()));
        assertEquals(new RoundOutcome(ID, RoundResult.FENCED, 0, 0), outcomes.receiveMessage());
        outcomes.expectTerminated(operator);
        assertEquals(0, journal.persistedInStorage(PERSISTENCE_ID).size());
        assertTrue(sent.isEmpty());
    }

    @Test
    void anIncarnationThatLosesItsLeaseDuringTheWriteSendsNothingOfIt() {
        PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
        journal.clearAll();
        java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
        OracleSetup losing = OracleOperatorTest.setup(settings(false), source, sent::add, clockMillis::get)
                .withFence(id -> checks.incrementAndGet() == 1); // held before the write, lost after it
        ActorRef<Command> operator = testKit.spawn(OracleOperator.create(ID, losing));
        TestProbe<RoundOutcome> outcomes = testKit.createTestProbe();
        operator.tell(new OracleOperator.ReportNow(outcomes.ref()));
        assertEquals(new RoundOutcome(ID, RoundResult.FENCED, 1, 0), outcomes.receiveMessage());
        outcomes.expectTerminated(operator);
        assertEquals(1, journal.persistedInStorage(PERSISTENCE_ID).size(), "written, for the successor to recover");
        assertTrue(sent.isEmpty(), "nothing of it sent by the incarnation that lost the lease");
    }

    /**
     * Rounds at random clock moves (forward and back), restarts and mode switches: round numbers follow each other,
     * every market's timestamps only increase, and no (kind, market, timestamp) is ever sent with two encodings.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @Seeds(tries = 25)
    void roundsAndTimestampsOnlyIncreaseThroughRestartsAndClockJumps(Seed seed) {
        PropertyCheck.check(seed, gen -> gen.list(5, 40, g -> new Step(g.weighted(6, 2, 2), g.longs(-5_000, 3_000),
                        g.oneOf(new ReportingMode.Honest(), new ReportingMode.WildPrice(2), new ReportingMode.StaleReplay(),
                                new ReportingMode.Silent()))),
                steps -> Shrinker.shorterLists(steps, 5, "steps"), this::runSteps);
    }

    /** @param kind 0 a round after moving the clock by {@code clockMoveMillis}, 1 a restart, 2 a mode switch */
    record Step(int kind, long clockMoveMillis, ReportingMode mode) {}

    private void runSteps(List<Step> steps) {
        sent.clear();
        clockMillis.set(T0);
        var entity = entity(settings(true), sent::add);
        long round = 0;
        Map<String, Long> lastTimestamp = new HashMap<>();
        for (Step step : steps) {
            switch (step.kind()) {
                case 0 -> {
                    clockMillis.addAndGet(step.clockMoveMillis());
                    var result = entity.<RoundOutcome>runCommand(OracleOperator.ReportNow::new);
                    if (result.reply().result() == RoundResult.SIGNED) {
                        RoundPrepared prepared = (RoundPrepared) result.event();
                        assertEquals(round + 1, prepared.round(), "rounds follow each other");
                        for (PreparedReport report : prepared.reports()) {
                            Long last = lastTimestamp.put(report.kind() + report.marketId(), report.timestampMillis());
                            assertTrue(last == null || report.timestampMillis() > last, "timestamps only increase");
                        }
                    } else {
                        assertTrue(result.hasNoEvents());
                    }
                    round = result.reply().round();
                }
                case 1 -> assertEquals(round, entity.restart().state().round(), "a restart keeps the round");
                default -> entity.<ModeOutcome>runCommand(r -> new OracleOperator.SetMode(step.mode(), r));
            }
            assertEquals(round, entity.getState().round());
        }
        assertOneEncodingPerReport(sent);
        for (byte[] tx : sent) {
            assertTrue(SignedTransaction.decode(tx).verifySignature(CHAIN_ID));
        }
    }

    /** Every (kind, market, timestamp) was sent with one encoding only: re-sends are byte-identical. */
    private static void assertOneEncodingPerReport(List<byte[]> transactions) {
        Map<String, byte[]> bySlot = new HashMap<>();
        List<String> conflicts = new ArrayList<>();
        for (byte[] tx : transactions) {
            TxBody body = body(tx);
            String slot = body instanceof TxBody.OracleReport report ? "price " + report.marketId() + " " + report.timestampMillis()
                    : "vol " + ((TxBody.VolReport) body).marketId() + " " + ((TxBody.VolReport) body).timestampMillis();
            byte[] previous = bySlot.putIfAbsent(slot, tx);
            if (previous != null && !java.util.Arrays.equals(previous, tx)) {
                conflicts.add(slot);
            }
        }
        assertNotNull(bySlot);
        assertEquals(List.of(), conflicts, "two different reports signed for one slot");
    }
}
