package io.ballast.cluster.devnet;

import io.ballast.actors.chain.ExecutedBlock;
import io.ballast.actors.chain.NodeClient;
import io.ballast.actors.chain.TransactionSink;
import io.ballast.actors.chain.NodeClient.AccountInfo;
import io.ballast.actors.chain.TxFinality;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Devnet traffic: the collateral authority funds each synthetic trader once (deposits), then each
 * trader repeatedly signs a small market order (random side and market, limit 2% off the last
 * index; one order in four on a listed option series that has not expired, 1–5 contracts, limit the
 * index for buys and 0 for sells) and waits for its committed receipt before the next one. Nonces
 * follow the receipts; after a refusal or time-out the trader re-reads its nonce from a validator. Seeded.
 */
public final class SyntheticTraders {
    private static final long DEPOSIT_USD = 100_000;

    private sealed interface Msg permits Authority, Funded, Act, Done, Resynced, Prices {}

    private record Authority(long nonce, Throwable failure) implements Msg {}

    private record Funded(int trader, AccountInfo info, Throwable failure) implements Msg {}

    private record Act(int trader) implements Msg {}

    private record Done(int trader, TxFinality finality, Throwable failure, long startNanos) implements Msg {}

    private record Resynced(int trader, long nonce) implements Msg {}

    private record Prices(ExecutedBlock block) implements Msg {}

    private final ActorContext<Msg> context;
    private final TimerScheduler<Msg> timers;
    private final Genesis genesis;
    /**
     * On a staking chain each perpetual trade pays this priority fee (1 cent), so the validators that certify blocks earn
     * their share of it (and the rewards column shows it).
     */
    static final long STAKING_PRIORITY_FEE_USD = 10_000;
    private final KeyPair authority;
    private final List<KeyPair> traders = new ArrayList<>();
    private final long[] nonces;
    private final NodeClient client;
    private final TransactionSink tradeSink;
    private final int firstTrader;
    private final FinalityStats stats;
    private final Random random;
    private final long thinkMillis;
    private final Map<String, Long> pricesUsd = new HashMap<>();
    private long authorityNonce;
    private long blockTimeMillis;

    private SyntheticTraders(ActorContext<Msg> context, TimerScheduler<Msg> timers, Genesis genesis, KeyPair authority,
                             List<KeyPair> fundOnly, int count, NodeClient client, TransactionSink tradeSink,
                             FinalityStats stats, long seed, long thinkMillis) {
        this.context = context;
        this.timers = timers;
        this.genesis = genesis;
        this.authority = authority;
        this.client = client;
        this.tradeSink = tradeSink;
        this.firstTrader = fundOnly.size();
        traders.addAll(fundOnly);
        this.stats = stats;
        this.random = new Random(seed);
        this.thinkMillis = thinkMillis;
        for (int i = 0; i < count; i++) {
            traders.add(Ed25519.keyPairFromLabel("devnet/" + genesis.chainId() + "/trader-" + i));
        }
        this.nonces = new long[traders.size()];
        for (MarketParams market : genesis.markets()) {
            pricesUsd.put(market.id(), market.initialIndexPriceUsd());
        }
    }

    /**
     * @param fundOnly  accounts funded first (e.g. keepers) that do not trade
     * @param tradeSink where trades go (e.g. the traders' margin-account entities)
     */
    public static Behavior<Object> create(Genesis genesis, KeyPair authority, List<KeyPair> fundOnly, int count,
                                        NodeClient client, TransactionSink tradeSink, FinalityStats stats,
                                        long seed, Duration think) {
        return Behaviors.<Msg>setup(context -> Behaviors.withTimers(timers -> {
            context.getSystem().eventStream().tell(new EventStream.Subscribe<>(ExecutedBlock.class,
                    context.messageAdapter(ExecutedBlock.class, Prices::new)));
            SyntheticTraders traders = new SyntheticTraders(context, timers, genesis, authority, fundOnly, count, client,
                    tradeSink, stats, seed, think.toMillis());
            traders.readAuthorityNonce();
            return traders.behavior();
        })).unsafeCast();
    }

    private Behavior<Msg> behavior() {
        return Behaviors.receive(Msg.class)
                .onMessage(Authority.class, this::onAuthority)
                .onMessage(Funded.class, this::onFunded)
                .onMessage(Act.class, this::onAct)
                .onMessage(Done.class, this::onDone)
                .onMessage(Resynced.class, m -> {
                    nonces[m.trader()] = m.nonce();
                    scheduleNext(m.trader());
                    return Behaviors.same();
                })
                .onMessage(Prices.class, m -> {
                    blockTimeMillis = Math.max(blockTimeMillis, m.block().blockTimeMillis());
                    m.block().chain().indexPricesUsd().forEach((market, price) -> {
                        if (price > 0) {
                            pricesUsd.put(market, price);
                        }
                    });
                    return Behaviors.same();
                })
                .build();
    }

    private void readAuthorityNonce() {
        context.pipeToSelf(client.account(authority.publicKey().toHex()),
                (info, failure) -> new Authority(info == null ? 0 : info.nonce(), failure));
    }

    private Behavior<Msg> onAuthority(Authority message) {
        if (message.failure() != null) {
            timers.startSingleTimer(new Act(-1), Duration.ofSeconds(1)); // Act(-1) re-reads the nonce
            return Behaviors.same();
        }
        authorityNonce = message.nonce();
        fund(0);
        return Behaviors.same();
    }

    /** Funds traders one at a time (the authority's nonces must commit in order). */
    private void fund(int trader) {
        if (trader == traders.size()) {
            for (int i = firstTrader; i < traders.size(); i++) {
                scheduleNext(i);
            }
            return;
        }
        String key = traders.get(trader).publicKey().toHex();
        context.pipeToSelf(client.account(key), (info, failure) -> new Funded(trader, info, failure));
    }

    private Behavior<Msg> onFunded(Funded message) {
        int trader = message.trader();
        if (message.failure() != null) {
            readAuthorityNonce(); // a refused or lost deposit: re-read the authority's nonce, re-check everyone
        } else if (message.info() == null) {
            fund(trader); // deposit committed: read the account back
        } else if (message.info().exists() && message.info().collateralUsd() > 0) {
            nonces[trader] = message.info().nonce();
            fund(trader + 1);
        } else {
            byte[] deposit = SignedTransaction.sign(genesis.chainId(), authority, authorityNonce + 1,
                    new TxBody.Deposit(traders.get(trader).publicKey(), DEPOSIT_USD * Units.USD_SCALE)).encode();
            context.pipeToSelf(client.submitAndAwaitFinality(deposit), (finality, failure) -> {
                boolean ok = finality != null && finality.isFinal() && finality.receipt().accepted();
                return new Funded(trader, null, ok ? null : new IllegalStateException("deposit not final"));
            });
            authorityNonce++;
        }
        return Behaviors.same();
    }

    private Behavior<Msg> onAct(Act act) {
        if (act.trader() < 0) {
            readAuthorityNonce();
            return Behaviors.same();
        }
        int trader = act.trader();
        byte[] option = random.nextInt(4) == 0 ? optionOrder(trader) : null;
        if (option != null) {
            long startNanos = System.nanoTime();
            context.pipeToSelf(tradeSink.submitAndAwaitFinality(option),
                    (finality, failure) -> new Done(trader, finality, failure, startNanos));
            return Behaviors.same();
        }
        MarketParams market = genesis.markets().get(random.nextInt(genesis.markets().size()));
        long indexUsd = Math.max(1, pricesUsd.getOrDefault(market.id(), market.initialIndexPriceUsd()));
        boolean buy = random.nextBoolean();
        long notionalUsd = (500 + random.nextInt(4_500)) * Units.USD_SCALE;
        long sizeE8 = Math.max(1, (long) ((double) notionalUsd / indexUsd * Units.SIZE_SCALE));
        long limitUsd = buy ? indexUsd + indexUsd / 50 : indexUsd - indexUsd / 50;
        byte[] trade = SignedTransaction.sign(genesis.chainId(), traders.get(trader), nonces[trader] + 1,
                genesis.staking().enabled() ? STAKING_PRIORITY_FEE_USD : 0,
                new TxBody.Trade(market.id(), buy ? sizeE8 : -sizeE8, limitUsd)).encode();
        long startNanos = System.nanoTime();
        context.pipeToSelf(tradeSink.submitAndAwaitFinality(trade),
                (finality, failure) -> new Done(trader, finality, failure, startNanos));
        return Behaviors.same();
    }

    /** An order for 1–5 contracts of a genesis series expiring more than a minute after the last block; null if none. */
    private byte[] optionOrder(int trader) {
        List<io.ballast.core.ledger.OptionSeriesSpec> open = genesis.options().series().stream()
                .filter(s -> blockTimeMillis > 0 && s.expiryMillis() > blockTimeMillis + 60_000).toList();
        if (open.isEmpty()) {
            return null;
        }
        io.ballast.core.ledger.OptionSeriesSpec series = open.get(random.nextInt(open.size()));
        long indexUsd = Math.max(1, pricesUsd.getOrDefault(series.marketId(), 1L));
        boolean buy = random.nextBoolean();
        long sizeE8 = (1 + random.nextInt(5)) * series.contractSizeE8();
        long limitUsd = buy ? Math.max(indexUsd, series.strikeUsd()) : 0; // an option is never worth more than this
        return SignedTransaction.sign(genesis.chainId(), traders.get(trader), nonces[trader] + 1,
                new TxBody.Trade(series.id(), buy ? sizeE8 : -sizeE8, limitUsd)).encode();
    }

    private Behavior<Msg> onDone(Done done) {
        if (client.isClosed()) {
            return Behaviors.stopped();
        }
        int trader = done.trader();
        TxFinality finality = done.finality();
        if (finality != null && finality.isFinal()) {
            stats.recordFinal(finality.receipt(), (System.nanoTime() - done.startNanos()) / 1_000_000);
            if (finality.receipt().accepted()) {
                nonces[trader]++;
                scheduleNext(trader);
                return Behaviors.same();
            }
        } else {
            stats.recordRefused(done.failure() != null ? done.failure().getClass().getSimpleName()
                    : finality.admission().refusal() + " " + finality.admission().detail());
        }
        String key = traders.get(trader).publicKey().toHex();
        context.pipeToSelf(client.account(key), (info, failure) -> new Resynced(trader,
                info == null ? nonces[trader] : info.nonce()));
        return Behaviors.same();
    }

    private void scheduleNext(int trader) {
        timers.startSingleTimer(new Act(trader), Duration.ofMillis(1 + random.nextInt((int) Math.max(1, 2 * thinkMillis))));
    }
}
