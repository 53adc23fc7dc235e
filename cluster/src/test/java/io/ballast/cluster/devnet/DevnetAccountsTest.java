package io.ballast.cluster.devnet;

import io.ballast.actors.validator.ConsensusSettings;
import io.ballast.cluster.GenesisFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.keys.KeyFile;
import io.ballast.actors.chain.AccountBalances;
import io.ballast.actors.chain.AccountEntries;
import io.ballast.actors.chain.LedgerEntry;
import io.ballast.actors.account.MarginAccount;
import io.ballast.actors.account.MarginCall;
import io.ballast.actors.liquidator.Liquidator;
import io.ballast.actors.chain.ChainFollower;
import io.ballast.actors.chain.NodeClient;
import io.ballast.actors.chain.ExecutedBlock;
import io.ballast.actors.validator.BlockLog;
import io.ballast.actors.validator.ValidatorEntity;
import io.ballast.actors.chain.TxFinality;
import io.ballast.actors.validator.ValidatorSetup;
import io.ballast.core.app.LedgerApplication;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.LedgerLimits;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.oracle.source.PriceQuote;
import io.ballast.oracle.source.PriceSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The devnet with traders, three risky accounts and a price crash: margin calls are raised, the
 * keepers liquidate (block-end liquidation is off in this genesis, so only keepers can), and every
 * account entity's journal reproduces the ledger's view of that account.
 */
class DevnetAccountsTest {
    private static final long DEPOSIT_USD = 10_000;

    /** Each market at its genesis index times a factor the test moves. */
    static final class CrashableSource implements PriceSource {
        private final Map<String, Long> startUsd;
        volatile double factor = 1.0;

        CrashableSource(Genesis genesis) {
            startUsd = genesis.markets().stream().collect(Collectors.toMap(MarketParams::id,
                    MarketParams::initialIndexPriceUsd));
        }

        @Override
        public PriceQuote quote(String marketId, long timeMillis) {
            return new PriceQuote(Math.max(1, Math.round(startUsd.get(marketId) * factor)), timeMillis);
        }

        @Override
        public Set<String> marketIds() {
            return startUsd.keySet();
        }
    }

    @Test
    void crashMarginCallsKeeperLiquidationsAndJournalsMatchTheLedger(@TempDir Path dataDir) throws Exception {
        long genesisMillis = System.currentTimeMillis();
        GenesisFiles.write(dataDir, 4, DevnetMarkets.OPERATORS, "ballast-devnet", genesisMillis,
                DevnetMarkets.markets(), DevnetMarkets.options(genesisMillis));
        Genesis genesis = GenesisFiles.read(dataDir).withLimits(new LedgerLimits(20_000, 0, 1_000_000, 50, 5_000,
                200_000)); // no block-end liquidation: keepers must act
        Files.writeString(dataDir.resolve(GenesisFiles.GENESIS_FILE), genesis.toJson() + "\n", StandardCharsets.UTF_8);
        CrashableSource prices = new CrashableSource(genesis);
        long startNanos = System.nanoTime();
        try (Devnet devnet = Devnet.start(Devnet.Options.defaults(dataDir, System.out).withTraders(4).withPrices(prices))) {
            ActorSystem<Void> system = devnet.system();
            List<Liquidator.KeeperSubmission> submissions = new CopyOnWriteArrayList<>();
            List<MarginCall> marginCalls = new CopyOnWriteArrayList<>();
            listen(system, Liquidator.KeeperSubmission.class, submissions);
            listen(system, MarginCall.class, marginCalls);
            NodeClient client = devnet.client();

            // traders and keepers funded by the devnet first (the authority's nonces must not race)
            List<String> funded = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                funded.add(Ed25519.keyPairFromLabel("devnet/" + genesis.chainId() + "/trader-" + i).publicKey().toHex());
            }
            devnet.liquidators().keeperKeys().forEach(k -> funded.add(k.publicKey().toHex()));
            BlockWatch.await("traders and keepers funded", Duration.ofSeconds(90), () -> funded.stream()
                    .allMatch(k -> client.account(k).toCompletableFuture().join().collateralUsd() > 0));

            // three accounts at 9x leverage on BTC, trading through their account entities
            KeyPair authority = KeyFile.read(dataDir.resolve(GenesisFiles.AUTHORITY_KEY_FILE));
            long authorityNonce = client.account(authority.publicKey().toHex()).toCompletableFuture().join().nonce();
            AccountRouter router = new AccountRouter(system, client, Duration.ofSeconds(15));
            List<KeyPair> risky = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                KeyPair account = Ed25519.keyPairFromLabel("test/risky-" + i);
                risky.add(account);
                byte[] deposit = SignedTransaction.sign(genesis.chainId(), authority, ++authorityNonce,
                        new TxBody.Deposit(account.publicKey(), DEPOSIT_USD * Units.USD_SCALE)).encode();
                assertAccepted(client.submitAndAwaitFinality(deposit).toCompletableFuture().get(20, TimeUnit.SECONDS));
                long sizeE8 = 150_000_000L; // 1.5 BTC ≈ 90,000 USD
                byte[] buy = SignedTransaction.sign(genesis.chainId(), account, 1,
                        new TxBody.Trade("BTC-PERP", sizeE8, 62_000 * Units.USD_SCALE)).encode();
                assertAccepted(untilFresh(() -> router.submitAndAwaitFinality(buy).toCompletableFuture()
                        .get(20, TimeUnit.SECONDS)));
            }

            prices.factor = 0.95; // equity ~5.5k vs maintenance ~4.3k: margin call, not yet liquidatable
            BlockWatch.await("margin calls", Duration.ofSeconds(60), () -> risky.stream().allMatch(k ->
                    marginCalls.stream().anyMatch(c -> c.raised() && c.accountKey().equals(k.publicKey().toHex()))));
            assertTrue(submissions.isEmpty(), "nothing liquidatable at 5% down: " + submissions);

            prices.factor = 0.88; // below maintenance
            BlockWatch.await("keeper liquidations of all three", Duration.ofSeconds(60), () -> risky.stream()
                    .allMatch(k -> submissions.stream().anyMatch(s -> s.accepted()
                            && s.target().equals(k.publicKey().toHex()))));

            // compare every account's journal with the ledger at the projector's height (at least the
            // 30 blocks the block-log replay below compares)
            BlockWatch.await("30 blocks projected", Duration.ofSeconds(60), () -> projectedHeight(devnet) >= 30);
            long height = projectedHeight(devnet);
            List<CommittedBlock> blocks = BlockLog.readAll(system, "validator-0").toCompletableFuture().get(30, TimeUnit.SECONDS);
            LedgerApplication ledger = new LedgerApplication(genesis, 100_000);
            for (CommittedBlock block : blocks) {
                if (block.height() <= height) {
                    ledger.execute(block);
                }
            }
            assertEquals(height, ledger.state().height());
            int compared = 0;
            long keeperEntries = 0;
            for (Bytes32 key : ledger.state().accountKeys()) {
                List<MarginAccount.BlockProjected> journal = journal(system, key.toHex());
                for (int i = 1; i < journal.size(); i++) {
                    assertTrue(journal.get(i).height() > journal.get(i - 1).height(), "strictly increasing heights");
                }
                AccountBalances fromJournal = journal.stream().filter(e -> e.height() <= height)
                        .reduce((a, b) -> b).orElseThrow().after();
                AccountBalances fromLedger = AccountEntries.balances(ledger.state().accountView(key).orElseThrow());
                assertEquals(fromLedger.collateralUsd(), fromJournal.collateralUsd(), "collateral of " + key.shortHex());
                assertEquals(fromLedger.nonce(), fromJournal.nonce(), "nonce of " + key.shortHex());
                assertEquals(fromLedger.positions(), fromJournal.positions(), "positions of " + key.shortHex());
                keeperEntries += journal.stream().flatMap(e -> e.entries().stream())
                        .filter(e -> e.kind() == LedgerEntry.Kind.KEEPER_LIQUIDATION).count();
                compared++;
            }
            // the last-resort catch-up (a follower whose window no longer holds the heights re-executes a block log)
            // equals what the node's follower executed live
            ActorRef<ChainFollower.Command> small = system.systemActorOf(ChainFollower.create(genesis,
                    ConsensusSettings.defaults(genesis), devnet.ids().all(), "validator-1",
                    new ChainFollower.Settings(8, 1_000, 100, Duration.ofSeconds(2), Duration.ofSeconds(2), 1_000, null)),
                    "small-window-follower", org.apache.pekko.actor.typed.Props.empty());
            long tip = height;
            BlockWatch.await("the small-window follower past height " + tip, Duration.ofSeconds(60),
                    () -> !executed(system, small, tip, 1).isEmpty());
            List<ExecutedBlock> replayed = executed(system, small, 1, 30);
            List<ExecutedBlock> live = executed(system, client.follower(), 1, 30);
            assertEquals(30, replayed.size());
            assertEquals(live.stream().map(b -> b.chain().stateRoot() + b.accounts() + b.marginCalls()).toList(),
                    replayed.stream().map(b -> b.chain().stateRoot() + b.accounts() + b.marginCalls()).toList());

            long accepted = submissions.stream().filter(Liquidator.KeeperSubmission::accepted).count();
            assertTrue(keeperEntries >= 3, "keepers' journals list their liquidations");
            System.out.printf("devnet accounts test: %d accounts' journals match the ledger at height %d; %d margin "
                            + "calls; keeper submissions %d (%d accepted); %d s%n", compared, height,
                    marginCalls.size(), submissions.size(), accepted, (System.nanoTime() - startNanos) / 1_000_000_000L);
        }
    }

    /** A trade is refused (changing nothing, not even the nonce) while its market is not fresh yet: try again. */
    private static TxFinality untilFresh(java.util.concurrent.Callable<TxFinality> submit) throws Exception {
        for (int attempt = 0; ; attempt++) {
            TxFinality finality = submit.call();
            if (attempt >= 40 || !finality.isFinal() || !finality.receipt().code().equals("STALE_INDEX")) {
                return finality;
            }
            Thread.sleep(250);
        }
    }

    private static void assertAccepted(TxFinality finality) {
        assertTrue(finality.isFinal() && finality.receipt().accepted(), "accepted: " + finality);
    }

    private static List<ExecutedBlock> executed(ActorSystem<?> system, ActorRef<ChainFollower.Command> follower, long from,
                                                int max) {
        try {
            return AskPattern.<ChainFollower.Command, ChainFollower.Executed>ask(follower,
                            replyTo -> new ChainFollower.GetExecuted(from, max, replyTo), Duration.ofSeconds(60),
                            system.scheduler()).toCompletableFuture().get(60, TimeUnit.SECONDS).blocks();
        } catch (Exception e) {
            throw new AssertionError("follower did not answer", e);
        }
    }

    private static <T> void listen(ActorSystem<?> system, Class<T> type, List<T> into) {
        system.eventStream().tell(new EventStream.Subscribe<>(type, system.systemActorOf(
                Behaviors.<T>receiveMessage(m -> {
                    into.add(m);
                    return Behaviors.same();
                }), "test-" + type.getSimpleName(), Props.empty())));
    }

    private static List<MarginAccount.BlockProjected> journal(ActorSystem<?> system, String key) throws Exception {
        CurrentEventsByPersistenceIdQuery query = PersistenceQuery.get(system.classicSystem())
                .getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, "jdbc-read-journal");
        return query.currentEventsByPersistenceId(MarginAccount.TYPE_KEY.name() + "|" + key, 0, Long.MAX_VALUE)
                .map(EventEnvelope::event)
                .filter(e -> e instanceof MarginAccount.BlockProjected)
                .map(e -> (MarginAccount.BlockProjected) e)
                .runWith(Sink.seq(), system).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static long projectedHeight(Devnet devnet) {
        try {
            return org.apache.pekko.actor.typed.javadsl.AskPattern.<io.ballast.actors.account.AccountProjector.Command,
                            io.ballast.actors.account.AccountProjector.Progress>ask(devnet.projector(),
                            io.ballast.actors.account.AccountProjector.GetProgress::new, Duration.ofSeconds(5),
                            devnet.system().scheduler()).toCompletableFuture().get().lastHeight();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("projector progress unavailable", e);
        }
    }
}
