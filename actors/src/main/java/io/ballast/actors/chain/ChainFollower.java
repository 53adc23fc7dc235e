package io.ballast.actors.chain;

import io.ballast.actors.node.NodeSignatures;
import io.ballast.actors.validator.BlockFeed;
import io.ballast.actors.validator.BlockFinalized;
import io.ballast.actors.validator.BlockLog;
import io.ballast.actors.validator.ValidatorEntity;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.consensus.ConsensusConfig;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.LedgerState;
import io.ballast.persistence.CborSerializable;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The node's one chain follower: the only component that fetches committed blocks, and the only one
 * that executes them outside the validators. It reads the history from a validator's block log a page at
 * a time, then follows the cluster-wide {@link BlockFeed}: each announcement of a new height makes it fetch
 * that block from a validator that has it ({@code GetBlock}); when announcements stop for {@code stallAfter}
 * it probes the validators itself, one at a time. Each block is executed once on its replica
 * ({@link BlockExecutor}, signatures from the node's shared cache) and published as an {@link ExecutedBlock}
 * on the node's event stream, heights in order. Every reader of the node subscribes to that one stream: the
 * HTTP API's index, the margin-account projector, keepers, status printers.
 *
 * <p>It also answers what needs the state itself ({@link Read}: account views and proofs, admission checks,
 * nonces), keeper candidates, gap fills ({@link GetExecuted}: from its window of recent executed blocks, else a
 * replay of a block log) and the node's one registry of clients waiting for a receipt ({@link AwaitReceipt}).
 * Every root it computes is compared with the root the validators announced for that height.
 */
public final class ChainFollower extends AbstractBehavior<ChainFollower.Command> {
    public sealed interface Command {}

    record HistoryPage(String from, BlockLog.Page page, String failure) implements Command {}

    record Announced(BlockFinalized block) implements Command {}

    record Fetched(long height, String from, byte[] committedBlock, String failure) implements Command {}

    enum Pump implements Command { INSTANCE }

    enum StallCheck implements Command { INSTANCE }

    record Probed(long height, String from, byte[] committedBlock, String failure) implements Command {}

    record ProbedTip(String from, long lastCommittedHeight) implements Command {}

    record Expire(long waiterId) implements Command {}

    record Replayed(List<ExecutedBlock> blocks, ActorRef<Executed> replyTo) implements Command {}

    /** Runs {@code read} on the follower's ledger (after its latest executed block) and replies with the result. */
    public record Read<T>(Function<LedgerState, T> read, ActorRef<T> replyTo) implements Command {}

    /** Executed blocks {@code fromHeight ..} (at most {@code max}, consecutive; fewer if not executed yet). */
    public record GetExecuted(long fromHeight, int max, ActorRef<Executed> replyTo) implements Command {}

    public record Executed(List<ExecutedBlock> blocks) {}

    /** Accounts below maintenance with a position in one of {@code marketIds}, at most {@code max}. */
    public record GetLiquidatable(List<String> marketIds, int max, ActorRef<Liquidatable> replyTo) implements Command {}

    public record Liquidatable(long height, List<String> accountKeys) implements CborSerializable {}

    /** Replies once the transaction is in an executed block, or with a null receipt after {@code maxWait}. */
    public record AwaitReceipt(String txHash, Duration maxWait, ActorRef<ReceiptAnswer> replyTo) implements Command {}

    public record ReceiptAnswer(String txHash, TxReceipt receipt) implements CborSerializable {}

    /** @param stallAfter no new block for this long: probe the validators (checked every {@code stallAfter / 2}) */
    public record Settings(int windowBlocks, int receiptsKept, int waitersMax, Duration stallAfter, Duration askTimeout) {
        public static Settings defaults() {
            return new Settings(1_024, 100_000, 100_000, Duration.ofSeconds(2), Duration.ofSeconds(2));
        }
    }

    private record Waiter(long id, AwaitReceipt request) {}

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final Genesis genesis;
    private final ConsensusConfig consensus;
    private final List<String> validatorIds;
    private final Settings settings;
    private final BlockExecutor executor;
    private final ArrayDeque<ExecutedBlock> window = new ArrayDeque<>();
    private final LinkedHashMap<String, TxReceipt> receipts = new LinkedHashMap<>();
    private final Map<String, Long> publisherTip = new HashMap<>();
    private final Map<Long, String> announcedRoot = new HashMap<>();
    private final Map<Long, Waiter> waiters = new LinkedHashMap<>();
    private final Map<String, List<Long>> waitersByTx = new HashMap<>();
    private long knownTip;
    private long nextWaiterId;
    private boolean readingHistory = true;
    private boolean fetching;
    private boolean probing;
    private int fetchRotation;
    private int probeRotation;
    private long probedBlocks;
    private long lastProgressNanos = System.nanoTime();

    /** @param historyFrom the validator whose block log holds the history this follower starts with */
    public static Behavior<Command> create(Genesis genesis, ConsensusConfig consensus, List<String> validatorIds,
                                           String historyFrom, Settings settings) {
        return create(genesis, consensus, validatorIds, historyFrom, settings, true);
    }

    /** @param followFeed subscribe to the {@link BlockFeed} (false only in tests of the probing fallback) */
    public static Behavior<Command> create(Genesis genesis, ConsensusConfig consensus, List<String> validatorIds,
                                           String historyFrom, Settings settings, boolean followFeed) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            if (followFeed) {
                BlockFeed.get(context.getSystem()).subscribe(context.messageAdapter(BlockFinalized.class, Announced::new));
            }
            timers.startTimerWithFixedDelay(StallCheck.INSTANCE, StallCheck.INSTANCE, settings.stallAfter().dividedBy(2));
            ChainFollower follower = new ChainFollower(context, timers, genesis, consensus, validatorIds, settings);
            follower.readHistory(historyFrom, 1);
            return follower;
        }));
    }

    private ChainFollower(ActorContext<Command> context, TimerScheduler<Command> timers, Genesis genesis,
                          ConsensusConfig consensus, List<String> validatorIds, Settings settings) {
        super(context);
        this.context = context;
        this.timers = timers;
        this.genesis = genesis;
        this.consensus = consensus;
        this.validatorIds = List.copyOf(validatorIds);
        this.settings = settings;
        this.executor = new BlockExecutor(genesis, consensus, NodeSignatures.get(context.getSystem()),
                BlockExecutor.MARGIN_SCAN_PER_BLOCK);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(HistoryPage.class, this::onHistoryPage)
                .onMessage(Announced.class, this::onAnnounced)
                .onMessage(Fetched.class, this::onFetched)
                .onMessage(Pump.class, pump -> {
                    pump();
                    return this;
                })
                .onMessage(StallCheck.class, check -> onStallCheck())
                .onMessage(Probed.class, this::onProbed)
                .onMessage(ProbedTip.class, this::onProbedTip)
                .onMessage(Read.class, this::onRead)
                .onMessage(GetExecuted.class, this::onGetExecuted)
                .onMessage(Replayed.class, replayed -> {
                    replayed.replyTo().tell(new Executed(replayed.blocks()));
                    return this;
                })
                .onMessage(GetLiquidatable.class, get -> {
                    get.replyTo().tell(new Liquidatable(height(), executor.liquidatable(get.marketIds(), get.max())));
                    return this;
                })
                .onMessage(AwaitReceipt.class, this::onAwaitReceipt)
                .onMessage(Expire.class, this::onExpire)
                .build();
    }

    private long height() {
        return executor.height();
    }

    // ---- history ------------------------------------------------------------------------

    private void readHistory(String from, long sequenceNr) {
        readingHistory = true;
        context.pipeToSelf(BlockLog.page(context.getSystem(), from, sequenceNr),
                (page, failure) -> new HistoryPage(from, page, failure == null ? null : String.valueOf(failure.getMessage())));
    }

    private Behavior<Command> onHistoryPage(HistoryPage history) {
        if (history.failure() != null) {
            context.getLog().warn("chain follower: block log of {} unreadable ({}); following live blocks only",
                    history.from(), history.failure());
            readingHistory = false;
            pump();
            return this;
        }
        for (CommittedBlock block : history.page().blocks()) {
            if (block.height() == height() + 1) {
                apply(block);
            }
        }
        if (!history.page().last()) {
            readHistory(history.from(), history.page().nextSequenceNr());
            return this;
        }
        context.getLog().info("chain follower: block log of {} read, at height {}", history.from(), height());
        readingHistory = false;
        pump();
        return this;
    }

    // ---- live blocks --------------------------------------------------------------------

    private Behavior<Command> onAnnounced(Announced announced) {
        BlockFinalized block = announced.block();
        publisherTip.merge(block.validatorId(), block.height(), Math::max);
        if (block.height() > height() && announcedRoot.size() < settings.windowBlocks()) {
            announcedRoot.putIfAbsent(block.height(), block.stateRoot());
        }
        knownTip = Math.max(knownTip, block.height());
        pump();
        return this;
    }

    /** Fetches the next missing block from a validator that has announced it. */
    private void pump() {
        if (readingHistory || fetching || height() >= knownTip) {
            return;
        }
        long next = height() + 1;
        List<String> candidates = new ArrayList<>();
        publisherTip.forEach((id, tip) -> {
            if (tip >= next) {
                candidates.add(id);
            }
        });
        if (candidates.isEmpty()) {
            return;
        }
        candidates.sort(null);
        String from = candidates.get(Math.floorMod(fetchRotation++, candidates.size()));
        fetching = true;
        context.pipeToSelf(getBlock(from, next, settings.askTimeout()),
                (reply, failure) -> failure != null ? new Fetched(next, from, null, String.valueOf(failure.getMessage()))
                        : new Fetched(next, from, reply.committedBlock(), reply.committedBlock() == null
                        ? "outside its window" : null));
    }

    private java.util.concurrent.CompletionStage<ValidatorEntity.BlockBytes> getBlock(String from, long height, Duration timeout) {
        return ClusterSharding.get(context.getSystem()).entityRefFor(ValidatorEntity.TYPE_KEY, from)
                .ask(replyTo -> new ValidatorEntity.GetBlock(height, replyTo), timeout);
    }

    private Behavior<Command> onFetched(Fetched fetched) {
        fetching = false;
        if (fetched.committedBlock() != null && fetched.height() == height() + 1) {
            apply(CommittedBlock.decode(fetched.committedBlock()));
            pump();
        } else if (fetched.committedBlock() == null && "outside its window".equals(fetched.failure())) {
            context.getLog().info("chain follower: block {} no longer in memory at {}; reading its block log",
                    fetched.height(), fetched.from());
            readHistory(fetched.from(), 1);
        } else {
            timers.startSingleTimer(Pump.INSTANCE, Pump.INSTANCE, Duration.ofMillis(200));
        }
        return this;
    }

    // ---- fallback when announcements stop ------------------------------------------------

    private Behavior<Command> onStallCheck() {
        if (readingHistory || fetching || probing || validatorIds.isEmpty()
                || System.nanoTime() - lastProgressNanos < settings.stallAfter().toNanos()) {
            return this;
        }
        probe(validatorIds.get(Math.floorMod(probeRotation++, validatorIds.size())));
        return this;
    }

    /** One probe in flight at most: GetBlock(height + 1) at {@code from}. */
    private void probe(String from) {
        long next = height() + 1;
        probing = true;
        context.pipeToSelf(getBlock(from, next, settings.askTimeout()),
                (reply, failure) -> failure != null ? new Probed(next, from, null, String.valueOf(failure.getMessage()))
                        : new Probed(next, from, reply.committedBlock(), null));
    }

    private Behavior<Command> onProbed(Probed probed) {
        if (probed.committedBlock() != null) {
            probing = false;
            if (probed.height() == height() + 1 && !readingHistory) {
                publisherTip.merge(probed.from(), probed.height(), Math::max);
                knownTip = Math.max(knownTip, probed.height());
                apply(CommittedBlock.decode(probed.committedBlock()));
                probedBlocks++;
                if (probedBlocks == 1 || probedBlocks % 100 == 0) {
                    context.getLog().info("chain follower: block {} found by probing {} ({} so far): announcements missed",
                            probed.height(), probed.from(), probedBlocks);
                }
                if (!fetching) {
                    probe(probed.from()); // it had this one: ask it for the next (bounded by its tip)
                }
            }
            return this;
        }
        if (probed.failure() != null) {
            probing = false; // time-out or no route: the next stall check asks the next validator
            return this;
        }
        String from = probed.from();
        context.pipeToSelf(ClusterSharding.get(context.getSystem()).entityRefFor(ValidatorEntity.TYPE_KEY, from)
                        .<ValidatorEntity.Status>ask(ValidatorEntity.GetStatus::new, settings.askTimeout()),
                (status, failure) -> new ProbedTip(from, failure != null ? -1 : status.lastCommittedHeight()));
        return this;
    }

    /** Not committed there yet, or outside its in-memory window: its tip tells which; a tip ahead lets pump() fetch. */
    private Behavior<Command> onProbedTip(ProbedTip tip) {
        probing = false;
        if (tip.lastCommittedHeight() > height()) {
            publisherTip.merge(tip.from(), tip.lastCommittedHeight(), Math::max);
            knownTip = Math.max(knownTip, tip.lastCommittedHeight());
            pump();
        }
        return this;
    }

    // ---- execution and publication -------------------------------------------------------

    private void apply(CommittedBlock block) {
        String announced = announcedRoot.remove(block.height());
        ExecutedBlock executed = executor.execute(block, announced);
        lastProgressNanos = System.nanoTime();
        if (announced != null && !announced.equals(executed.chain().stateRoot())) {
            context.getLog().error("chain follower: root {} at height {} differs from the validators' {}",
                    executed.chain().stateRoot(), block.height(), announced);
        }
        announcedRoot.keySet().removeIf(h -> h <= block.height());
        window.addLast(executed);
        while (window.size() > settings.windowBlocks()) {
            window.removeFirst();
        }
        for (TxReceipt receipt : executed.receipts()) {
            TxReceipt earlier = receipts.get(receipt.txHash());
            if (earlier == null || !earlier.accepted()) { // a repeat rejected for its nonce keeps the accepted receipt
                receipts.put(receipt.txHash(), receipt);
            }
            answerWaiters(receipt.txHash());
        }
        for (Iterator<String> it = receipts.keySet().iterator(); receipts.size() > settings.receiptsKept(); ) {
            it.next();
            it.remove();
        }
        context.getSystem().eventStream().tell(new EventStream.Publish<>(executed));
    }

    // ---- queries -------------------------------------------------------------------------

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Behavior<Command> onRead(Read read) {
        read.replyTo().tell(read.read().apply(executor.state()));
        return this;
    }

    private Behavior<Command> onGetExecuted(GetExecuted get) {
        List<ExecutedBlock> found = new ArrayList<>();
        for (ExecutedBlock block : window) {
            if (found.size() >= get.max()) {
                break;
            }
            if (block.height() == get.fromHeight() + found.size()) {
                found.add(block);
            }
        }
        boolean beforeWindow = window.isEmpty() ? get.fromHeight() <= height() : get.fromHeight() < window.peekFirst().height();
        if (!found.isEmpty() || !beforeWindow || validatorIds.isEmpty()) {
            get.replyTo().tell(new Executed(found));
            return this;
        }
        String from = validatorIds.get(0);
        context.getLog().info("chain follower: heights from {} are older than its window; replaying the block log of {}",
                get.fromHeight(), from);
        context.pipeToSelf(HistoryReplay.executed(context.getSystem(), genesis, consensus,
                        NodeSignatures.get(context.getSystem()), from, get.fromHeight(), get.max()),
                (blocks, failure) -> new Replayed(failure == null ? blocks : List.of(), get.replyTo()));
        return this;
    }

    private Behavior<Command> onAwaitReceipt(AwaitReceipt await) {
        TxReceipt known = receipts.get(await.txHash());
        if (known != null) {
            await.replyTo().tell(new ReceiptAnswer(await.txHash(), known));
            return this;
        }
        if (waiters.size() >= settings.waitersMax()) {
            await.replyTo().tell(new ReceiptAnswer(await.txHash(), null));
            return this;
        }
        long id = nextWaiterId++;
        waiters.put(id, new Waiter(id, await));
        waitersByTx.computeIfAbsent(await.txHash(), hash -> new ArrayList<>(1)).add(id);
        timers.startSingleTimer(id, new Expire(id), await.maxWait());
        return this;
    }

    private void answerWaiters(String txHash) {
        List<Long> ids = waitersByTx.remove(txHash);
        if (ids == null) {
            return;
        }
        for (long id : ids) {
            Waiter waiter = waiters.remove(id);
            if (waiter != null) {
                timers.cancel(id);
                waiter.request().replyTo().tell(new ReceiptAnswer(txHash, receipts.get(txHash)));
            }
        }
    }

    private Behavior<Command> onExpire(Expire expire) {
        Waiter waiter = waiters.remove(expire.waiterId());
        if (waiter != null) {
            List<Long> ids = waitersByTx.get(waiter.request().txHash());
            if (ids != null) {
                ids.remove(waiter.id());
                if (ids.isEmpty()) {
                    waitersByTx.remove(waiter.request().txHash());
                }
            }
            waiter.request().replyTo().tell(new ReceiptAnswer(waiter.request().txHash(), null));
        }
        return this;
    }
}
