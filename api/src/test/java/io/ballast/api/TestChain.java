package io.ballast.api;

import io.ballast.actors.validator.ConsensusSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.ballast.keys.KeyFile;
import io.ballast.actors.validator.LinkShim;
import io.ballast.actors.validator.ValidatorEntity;
import io.ballast.actors.validator.ValidatorIds;
import io.ballast.actors.validator.ValidatorSetup;
import io.ballast.api.client.BallastApiException;
import io.ballast.api.client.BallastClient;
import io.ballast.api.client.Transactions;
import io.ballast.cluster.BallastNode;
import io.ballast.cluster.devnet.DevnetMarkets;
import io.ballast.cluster.devnet.DevnetStaking;
import io.ballast.actors.chain.NodeClient;
import io.ballast.core.consensus.ConsensusConfig;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.Units;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A 4-validator chain in this JVM (embedded journal in a temp dir) with the HTTP API on an ephemeral
 * 127.0.0.1 port (plain, or HTTPS with the given key store), and an oracle feed that reports prices the test sets, signed with the chain's oracle keys and
 * sent through the API. Shared by the API test classes (started once, stopped at JVM exit).
 */
final class TestChain {
    static final long FUNDING_INTERVAL_MILLIS = 2_000;
    private static TestChain shared;

    final Path dir;
    final Genesis genesis;
    final KeyPair authority;
    final List<KeyPair> oracles = new ArrayList<>();
    final ActorSystem<Void> system;
    final ApiServer api;
    /** The node's own client (validators and chain follower), as the API uses it. */
    final NodeClient node;
    final BallastClient client;
    final Transactions txs;
    private final Map<String, Long> priceUsd = new ConcurrentHashMap<>();
    private final Thread feed;
    private volatile boolean feeding = true;
    private volatile boolean paused;
    private volatile boolean feedIdle;

    static synchronized TestChain shared() throws Exception {
        if (shared == null) {
            shared = new TestChain(Files.createTempDirectory("ballast-api-test"));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    /** A new chain in {@code dir}, or (when {@code dir} already holds one) the same chain restarted from its journal. */
    TestChain(Path dir) throws Exception {
        this(dir, HttpsSettings.DISABLED, SSLContext.getDefault());
    }

    /** @param clientTls what {@link #client} trusts when {@code tls} is enabled */
    TestChain(Path dir, HttpsSettings tls, SSLContext clientTls) throws Exception {
        this(dir, tls, clientTls, false);
    }

    /** A new chain whose validators bond stake as a devnet's do ({@link DevnetStaking#bonded}). */
    static TestChain staking(Path dir) throws Exception {
        return new TestChain(dir, HttpsSettings.DISABLED, SSLContext.getDefault(), true);
    }

    private TestChain(Path dir, HttpsSettings tls, SSLContext clientTls, boolean staking) throws Exception {
        this.dir = dir;
        if (Files.exists(dir.resolve("genesis.json"))) {
            genesis = Genesis.fromJson(Files.readString(dir.resolve("genesis.json"), StandardCharsets.UTF_8));
            authority = KeyFile.read(dir.resolve("collateral-authority.key"));
            for (int i = 0; i < genesis.oracleOperators().size(); i++) {
                oracles.add(KeyFile.read(dir.resolve("oracle-" + i + ".key")));
            }
        } else {
            genesis = writeGenesis(dir, oracles, staking);
            authority = KeyFile.read(dir.resolve("collateral-authority.key"));
        }
        for (MarketParams market : genesis.markets()) {
            priceUsd.put(market.id(), market.initialIndexPriceUsd());
        }
        Config config = BallastNode.config(ConfigFactory.empty().withValue("ballast.data-dir",
                ConfigValueFactory.fromAnyRef(dir.toString())).withValue("pekko.loglevel",
                ConfigValueFactory.fromAnyRef("WARNING")), "devnet.conf");
        system = ActorSystem.create(Behaviors.empty(), "ballast", config);
        BallastNode.joinSelf(system);
        ConsensusConfig consensus = ConsensusSettings.defaults(genesis);
        ValidatorIds ids = new ValidatorIds(genesis);
        BallastNode.initValidators(system, ValidatorSetup.of(genesis, consensus,
                ValidatorSetup.KeySource.directory(dir), new LinkShim(7)));
        node = BallastNode.startFollower(system, genesis, consensus, ids.all());
        for (String id : ids.all()) {
            node.ref(id).tell(ValidatorEntity.Start.INSTANCE);
        }
        api = ApiServer.start(system, genesis, consensus, ids.all(), node,
                ApiSettings.load(system.settings().config()).withPort(0).withTls(tls))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        client = new BallastClient(URI.create(api.url()), Duration.ofSeconds(30), clientTls);
        txs = new Transactions(genesis.chainId());
        feed = new Thread(this::feedPrices, "test-oracle-feed");
        feed.setDaemon(true);
        feed.start();
        await("fresh prices and 3 blocks", Duration.ofSeconds(60), () -> {
            try {
                return client.status().height() >= 3 && client.markets().stream().noneMatch(m -> m.safeMode());
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }

    private static Genesis writeGenesis(Path dir, List<KeyPair> oracles, boolean staking) throws Exception {
        List<Bytes32> validatorKeys = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            KeyPair key = KeyFile.generate();
            KeyFile.write(dir.resolve("validator-" + i + ".key"), key);
            validatorKeys.add(key.publicKey());
        }
        List<Bytes32> oracleKeys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            KeyPair key = KeyFile.generate();
            KeyFile.write(dir.resolve("oracle-" + i + ".key"), key);
            oracles.add(key);
            oracleKeys.add(key.publicKey());
        }
        KeyPair authority = KeyFile.generate();
        KeyFile.write(dir.resolve("collateral-authority.key"), authority);
        List<MarketParams> markets = new ArrayList<>();
        for (MarketParams market : DevnetMarkets.markets()) {
            markets.add(market.toBuilder().funding(FUNDING_INTERVAL_MILLIS, 2_000_000, 500_000).build());
        }
        Genesis devnet = Genesis.devnet("ballast-api-test", System.currentTimeMillis(), validatorKeys, oracleKeys,
                authority.publicKey(), markets);
        Genesis genesis = staking ? DevnetStaking.bonded(devnet) : devnet;
        Files.writeString(dir.resolve("genesis.json"), genesis.toJson() + "\n", StandardCharsets.UTF_8);
        return genesis;
    }

    /** Sets the price the oracle operators report from now on (USD decimal string). */
    void setPrice(String market, String usd) {
        priceUsd.put(market, Units.parseUsd(usd));
    }

    private void feedPrices() {
        long lastMillis = 0;
        while (feeding) {
            if (paused) {
                feedIdle = true;
                sleep(50);
                continue;
            }
            feedIdle = false;
            long now = Math.max(System.currentTimeMillis(), lastMillis + 1);
            lastMillis = now;
            for (KeyPair oracle : oracles) {
                for (Map.Entry<String, Long> price : priceUsd.entrySet()) {
                    try {
                        client.submit(txs.oracleReport(oracle, price.getKey(), Units.formatUsd(price.getValue()), now));
                    } catch (BallastApiException | java.io.UncheckedIOException ignored) {
                        // a stale/duplicate report or a node still starting: the next round replaces it
                    }
                }
            }
            sleep(300);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the oracle feed (nothing but the test then submits); {@link #resumeFeed} waits for fresh prices again. */
    void pauseFeed() throws InterruptedException {
        paused = true;
        await("the oracle feed to stop between rounds", Duration.ofSeconds(60), () -> feedIdle);
    }

    void resumeFeed() throws InterruptedException {
        paused = false;
        await("fresh prices", Duration.ofSeconds(30), () -> client.markets().stream().noneMatch(m -> m.safeMode()));
    }

    KeyPair fundedTrader(String usd) {
        KeyPair trader = KeyFile.generate();
        fund(trader, usd);
        return trader;
    }

    /** Deposits {@code usd} into {@code account} and waits for the committed receipt. */
    void fund(KeyPair account, String usd) {
        client.submitAndWait(txs.deposit(authority, client.nextNonce(authority.publicKey()), account.publicKey(), usd));
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    void stop() {
        feeding = false;
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // exiting anyway
        }
    }
}
