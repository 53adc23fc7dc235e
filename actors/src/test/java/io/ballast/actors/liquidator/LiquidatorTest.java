package io.ballast.actors.liquidator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.actors.chain.ExecutedBlocks;
import io.ballast.actors.chain.TxReceipt;
import io.ballast.actors.chain.ChainFollower.Liquidatable;
import io.ballast.actors.chain.TxFinality;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A liquidator with a fake node: one scan per new height, at most K submissions, own key and nonces. */
@ExtendWith(TestKitJUnit5Extension.class)
class LiquidatorTest {
    private static final KeyPair KEEPER = Ed25519.keyPairFromLabel("test/keeper");

    @JUnit5TestKit
    ActorTestKit testKit = ActorTestKit.create();

    static final class FakeValidators implements KeeperPorts {
        final AtomicInteger scans = new AtomicInteger();
        final List<SignedTransaction> submitted = new CopyOnWriteArrayList<>();
        volatile long nonce = 4;

        @Override
        public CompletionStage<Liquidatable> liquidatable(List<String> marketIds, int max) {
            scans.incrementAndGet();
            List<String> accounts = new ArrayList<>();
            for (int i = 0; i < 10 && accounts.size() < max; i++) {
                accounts.add(Ed25519.keyPairFromLabel("victim-" + i).publicKey().toHex());
            }
            return CompletableFuture.completedFuture(new Liquidatable(7, accounts));
        }

        @Override
        public CompletionStage<Long> nonce(String accountKeyHex) {
            return CompletableFuture.completedFuture(nonce);
        }

        @Override
        public CompletionStage<TxFinality> submitAndAwaitFinality(byte[] transaction) {
            SignedTransaction tx = SignedTransaction.decode(transaction);
            submitted.add(tx);
            boolean first = submitted.size() == 1;
            if (first) {
                nonce++;
            }
            return CompletableFuture.completedFuture(new TxFinality(null, new TxReceipt(tx.hash().toHex(), 8, 0, first,
                    first ? "OK" : "NOT_LIQUIDATABLE", "")));
        }
    }

    @Test
    void scansOncePerHeightAndSubmitsAtMostKSignedByItsKeeper() {
        FakeValidators validators = new FakeValidators();
        LiquidatorSetup setup = new LiquidatorSetup("test", List.of(List.of("BTC-PERP"), List.of("ETH-PERP")), 2, 3,
                id -> KEEPER, validators);
        TestProbe<Liquidator.KeeperSubmission> outcomes = testKit.createTestProbe();
        testKit.system().eventStream().tell(new EventStream.Subscribe<>(Liquidator.KeeperSubmission.class,
                outcomes.getRef()));
        ActorRef<Liquidator.Command> liquidator = testKit.spawn(Liquidator.create("liquidator-0-1", setup));
        TestProbe<Liquidator.Status> status = testKit.createTestProbe();
        status.awaitAssert(() -> {
            liquidator.tell(new Liquidator.GetStatus(status.getRef()));
            assertEquals(List.of("BTC-PERP"), status.receiveMessage().marketIds());
            return null;
        });
        for (int copy = 0; copy < 4; copy++) { // the same height seen again (a follower replay) scans nothing more
            testKit.system().eventStream().tell(new EventStream.Publish<>(ExecutedBlocks.touching(7, List.of(), List.of())));
        }
        List<Liquidator.KeeperSubmission> got = outcomes.receiveSeveralMessages(3);
        outcomes.expectNoMessage(Duration.ofMillis(300));
        assertEquals(1, validators.scans.get());
        assertEquals(3, validators.submitted.size());
        assertEquals(List.of(5L, 6L, 7L), validators.submitted.stream().map(SignedTransaction::nonce).toList());
        assertTrue(validators.submitted.stream().allMatch(tx -> tx.signer().equals(KEEPER.publicKey())
                && tx.body() instanceof TxBody.Liquidate));
        assertEquals(1, got.stream().filter(Liquidator.KeeperSubmission::accepted).count());

        // the next height: nonce re-read (5 after one accepted), new scan
        testKit.system().eventStream().tell(new EventStream.Publish<>(ExecutedBlocks.touching(8, List.of(), List.of())));
        outcomes.receiveSeveralMessages(3);
        assertEquals(2, validators.scans.get());
        assertEquals(6L, validators.submitted.get(3).nonce());
    }
}
