package io.ballast.actors.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.ballast.actors.chain.AccountBalances;
import io.ballast.actors.chain.AccountBlock;
import io.ballast.actors.chain.LedgerEntry;
import io.ballast.actors.chain.LedgerEntry.Kind;
import io.ballast.actors.chain.MarginLevel;
import io.ballast.actors.account.MarginAccount.Command;
import io.ballast.actors.account.MarginAccount.Event;
import io.ballast.actors.account.MarginAccount.State;
import io.ballast.actors.validator.TxAdmission;
import io.ballast.actors.chain.TxReceipt;
import io.ballast.actors.chain.TxFinality;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The margin-account entity alone; serialization checks on for every command, event and state. */
@ExtendWith(TestKitJUnit5Extension.class)
class MarginAccountTest {
    private static final KeyPair ACCOUNT = Ed25519.keyPairFromLabel("test/account");
    private static final String KEY = ACCOUNT.publicKey().toHex();

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder()
            .withCustomConfig(EventSourcedBehaviorTestKit.config()
                    .withFallback(PersistenceTestKitSnapshotPlugin.config())
                    .withFallback(ConfigFactory.parseResources("serialization.conf"))
                    .withFallback(ConfigFactory.load()))
            .build();

    private final List<byte[]> forwarded = new CopyOnWriteArrayList<>();
    private EventSourcedBehaviorTestKit<Command, Event, State> entity;

    @BeforeEach
    void setUp() {
        FinalitySink sink = tx -> {
            forwarded.add(tx);
            return CompletableFuture.completedFuture(new TxFinality(null,
                    new TxReceipt(SignedTransaction.decode(tx).hash().toHex(), 7, 0, true, "OK", "")));
        };
        entity = EventSourcedBehaviorTestKit.create(testKit.system(), MarginAccount.create(KEY, sink),
                EventSourcedBehaviorTestKit.enabledSerializationSettings());
    }

    static AccountBlock block(long height, long collateralUsd, long sizeE8, long equityUsd, long maintenanceUsd) {
        List<AccountBalances.Position> positions = sizeE8 == 0 ? List.of()
                : List.of(new AccountBalances.Position("BTC-PERP", sizeE8, sizeE8 * 600));
        return new AccountBlock(KEY, height, 1_000 * height,
                List.of(new LedgerEntry(height, 0, Kind.FILL, "BTC-PERP", sizeE8, 60_000_000_000L, 0, "", "ab")),
                new AccountBalances(height, collateralUsd, equityUsd, maintenanceUsd * 2, maintenanceUsd, positions,
                        List.of()));
    }

    /** An account holding only a short option (no perp), valued after block {@code height}. */
    static AccountBlock optionBlock(long height, long equityUsd, long maintenanceUsd) {
        return new AccountBlock(KEY, height, 1_000 * height,
                List.of(new LedgerEntry(height, 0, Kind.FILL, "BTC-20270326-70000-C", -10, 1_000_000_000L, 0, "", "cd")),
                new AccountBalances(height, 500, equityUsd, maintenanceUsd * 2, maintenanceUsd, List.of(),
                        List.of(new AccountBalances.OptionPosition("BTC-20270326-70000-C", -10, -100))));
    }

    @Test
    void anAccountHoldingOnlyOptionsGetsItsMarginCallAndItsJournalKeepsThem() {
        var low = entity.<MarginAccount.Projected>runCommand(replyTo -> new MarginAccount.Project(
                List.of(optionBlock(2, 140, 100)), replyTo));
        assertEquals(2, low.events().size(), "the block and a margin call (equity 140 < 1.5 × maintenance 100)");
        assertTrue(low.events().get(1) instanceof MarginAccount.MarginCallRaised);
        assertTrue(low.state().marginCall());
        entity.restart();
        assertEquals(List.of(new AccountBalances.OptionPosition("BTC-20270326-70000-C", -10, -100)),
                entity.getState().balances().optionPositions(), "option positions survive serialization and recovery");
    }

    @Test
    void projectsBlocksInOrderAndIgnoresRedelivery() {
        var first = entity.<MarginAccount.Projected>runCommand(replyTo -> new MarginAccount.Project(
                List.of(block(3, 1_000, 10, 1_000, 100), block(5, 900, 20, 900, 100)), replyTo));
        assertEquals(2, first.events().size());
        assertEquals(5, first.reply().lastHeight());
        assertEquals(900, first.state().balances().collateralUsd());

        // a duplicate and an older height (another node's projector, or a retry): acknowledged, nothing written
        var again = entity.<MarginAccount.Projected>runCommand(replyTo -> new MarginAccount.Project(
                List.of(block(5, 900, 20, 900, 100), block(4, 1, 1, 1, 1)), replyTo));
        assertTrue(again.hasNoEvents());
        assertEquals(5, again.reply().lastHeight());
        assertEquals(2, again.state().entryCount());

        var journal = entity.<MarginAccount.Journal>runCommand(replyTo -> new MarginAccount.GetJournal(3, 10, replyTo));
        assertEquals(List.of(5L), journal.reply().entries().stream().map(LedgerEntry::height).toList());

        entity.restart();
        assertEquals(5, entity.getState().lastHeight());
        assertEquals(900, entity.getState().balances().collateralUsd());
    }

    @Test
    void raisesAndClearsMarginCalls() {
        TestProbe<MarginCall> notices = testKit.createTestProbe();
        testKit.system().eventStream().tell(new EventStream.Subscribe<>(MarginCall.class, notices.getRef()));

        // equity 140 < 1.5 × 100: margin call
        var low = entity.<MarginAccount.Projected>runCommand(replyTo -> new MarginAccount.Project(
                List.of(block(2, 500, 10, 140, 100)), replyTo));
        assertEquals(2, low.events().size());
        assertTrue(low.events().get(1) instanceof MarginAccount.MarginCallRaised);
        assertTrue(low.state().marginCall());
        assertTrue(notices.receiveMessage().raised());

        // the same level again (projector's list at an older height): nothing
        var stale = entity.<MarginAccount.Projected>runCommand(replyTo -> new MarginAccount.UpdateMargin(
                new MarginLevel(KEY, 1, 0, 0), replyTo));
        assertTrue(stale.hasNoEvents());

        // prices recovered: the projector reports it left the list
        var cleared = entity.<MarginAccount.Projected>runCommand(replyTo -> new MarginAccount.UpdateMargin(
                new MarginLevel(KEY, 3, 0, 0), replyTo));
        assertEquals(List.of(new MarginAccount.MarginCallCleared(3, 0, 0)), cleared.events());
        assertFalse(cleared.state().marginCall());
        assertFalse(notices.receiveMessage().raised());

        // exactly 1.5 × maintenance is not a call; just below is
        assertFalse(MarginLevel.isMarginCall(150, 100));
        assertTrue(MarginLevel.isMarginCall(149, 100));
        assertFalse(MarginLevel.isMarginCall(152, 101));
        assertTrue(MarginLevel.isMarginCall(151, 101));
    }

    @Test
    void forwardsOnlyItsOwnTransactionsAndRepliesWithTheReceipt() {
        TestProbe<TxFinality> client = testKit.createTestProbe();
        byte[] own = SignedTransaction.sign("test", ACCOUNT, 1, new TxBody.Withdraw(5)).encode();
        entity.runCommand(new MarginAccount.Submit(own, client.getRef()));
        TxFinality finality = client.receiveMessage();
        assertTrue(finality.isFinal());
        assertEquals(1, forwarded.size());

        byte[] foreign = SignedTransaction.sign("test", Ed25519.keyPairFromLabel("someone else"), 1,
                new TxBody.Withdraw(5)).encode();
        entity.runCommand(new MarginAccount.Submit(foreign, client.getRef()));
        TxFinality refused = client.receiveMessage();
        assertFalse(refused.isFinal());
        assertEquals(TxAdmission.Refusal.INVALID, refused.admission().refusal());
        assertEquals(1, forwarded.size());

        var summary = entity.<MarginAccount.Summary>runCommand(MarginAccount.GetAccount::new);
        assertEquals(0, summary.reply().inFlight());
    }
}
