package io.ballast.actors.chain;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
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

    /**
     * From {@code ballast.follower} (conf/follower.conf).
     *
     * @param stallAfter          no new block for this long: probe the validators (checked every {@code stallAfter / 2})
     * @param snapshotEveryBlocks a restart point is written after every height divisible by this
     * @param snapshotDir         this node's own directory for restart points; null: none (a restart executes the
     *                            chain again from genesis)
     */
    public record Settings(int windowBlocks, int receiptsKept, int waitersMax, Duration stallAfter, Duration askTimeout,
                           int snapshotEveryBlocks, Path snapshotDir) {
        public Settings {
            if (windowBlocks < 1 || receiptsKept < 1 || waitersMax < 1 || snapshotEveryBlocks < 1) {
                throw new IllegalArgumentException("ballast.follower: window, receipts, waiters and snapshot interval must be positive");
            }
        }

        public static Settings load(Config config) {
            Config c = config.withFallback(ConfigFactory.parseResources("follower.conf")).getConfig("ballast.follower");
            String dir = c.getString("snapshot-dir");
            return new Settings(c.getInt("window-blocks"), c.getInt("receipts-kept"), c.getInt("waiters-max"),
                    c.getDuration("stall-after"), c.getDuration("ask-timeout"), c.getInt("snapshot-every-blocks"),
                    dir.isEmpty() ? null : Path.of(dir));
        }

        /** The shipped defaults (conf/follower.conf alone: no restart points). */
        public static Settings defaults() {
            return load(ConfigFactory.empty());
        }

        public Settings withSnapshotDir(Path dir) {
            return new Settings(windowBlocks, receiptsKept, waitersMax, stallAfter, askTimeout, snapshotEveryBlocks, dir);
        }
    }

    /** Where {@code validatorId}'s block log continues: its blocks at {@code nextSequenceNr} and later are above {@code height}. */
    private record LogPosition(long height, long nextSequenceNr) {}

    record SnapshotWritten(long height, String failure) implements Command {}

    public record GetStatus(ActorRef<Status> replyTo) implements Command {}

    /**
     * @param resumedFromHeight the restart point this follower began at (0: genesis)
     * @param executedBlocks    blocks this follower executed since it began
     */
    public record Status(long height, long resumedFromHeight, long executedBlocks) implements CborSerializable {}

    private record Waiter(long id, AwaitReceipt request) {}

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final Genesis genesis;
    private final ConsensusConfig consensus;
    private final List<String> validatorIds;
    private final Settings settings;
    private final BlockExecutor executor;
    private final FollowerSnapshots snapshots;
    private boolean writingSnapshot;
    private long resumedFromHeight;
    private long executedBlocks;
    private final Map<String, LogPosition> logPositions = new HashMap<>();
    private final Map<Long, Map<String, Long>> announcedPositions = new HashMap<>();
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

    /**
     * @param followFeed subscribe to the {@link BlockFeed} (false only in tests of the probing fallback)
     * Supervised: a failure restarts the follower with backoff (it re-reads the history and continues).
     */
    public static Behavior<Command> create(Genesis genesis, ConsensusConfig consensus, List<String> validatorIds,
                                           String historyFrom, Settings settings, boolean followFeed) {
        return Behaviors.supervise(follower(genesis, consensus, validatorIds, historyFrom, settings, followFeed))
                .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    }

    private static Behavior<Command> follower(Genesis genesis, ConsensusConfig consensus, List<String> validatorIds,
                                              String historyFrom, Settings settings, boolean followFeed) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            if (followFeed) {
                BlockFeed.get(context.getSystem()).subscribe(context.messageAdapter(BlockFinalized.class, Announced::new));
            }
            timers.startTimerWithFixedDelay(StallCheck.INSTANCE, StallCheck.INSTANCE, settings.stallAfter().dividedBy(2));
            ChainFollower follower = new ChainFollower(context, timers, genesis, consensus, validatorIds, settings);
            String from = follower.resume(historyFrom);
            follower.readHistory(from, follower.resumeAt(from));
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
        this.executor = new BlockExecutor(genesis, NodeSignatures.get(context.getSystem()),
                BlockExecutor.MARGIN_SCAN_PER_BLOCK);
        this.snapshots = settings.snapshotDir() == null ? null
                : new FollowerSnapshots(settings.snapshotDir(), consensus.maxSnapshotBytes());
    }

    /**
     * Continues from the newest restart point of this chain when there is one; the validator whose block log to
     * read first (the snapshot's, if it is still a validator here, else {@code historyFrom}).
     */
    private String resume(String historyFrom) {
        if (snapshots == null) {
            return historyFrom;
        }
        FollowerSnapshots.Loaded loaded;
        try {
            loaded = snapshots.newest(genesis.chainId());
        } catch (IOException e) {
            context.getLog().warn("chain follower: restart points in {} unreadable ({}); starting from genesis",
                    snapshots.dir(), e.toString());
            return historyFrom;
        }
        for (String skipped : loaded.skipped()) {
            context.getLog().warn("chain follower: restart point skipped: {}", skipped);
        }
        if (loaded.snapshot().isEmpty()) {
            return historyFrom;
        }
        FollowerSnapshots.Snapshot snapshot = loaded.snapshot().get();
        try {
            executor.restore(snapshot.ledgerSnapshot());
            if (executor.height() != snapshot.height()) {
                throw new IllegalStateException("the restart point of height " + snapshot.height()
                        + " holds a state at height " + executor.height());
            }
        } catch (RuntimeException unusable) { // discarded, then the supervisor's restart begins at genesis
            context.getLog().error("chain follower: restart point in {} unusable ({}); discarding the restart points",
                    snapshots.dir(), unusable.toString());
            discardSnapshots();
            throw unusable;
        }
        logPositions.put(snapshot.historyFrom(), new LogPosition(snapshot.height(), snapshot.nextSequenceNr()));
        resumedFromHeight = snapshot.height();
        context.getLog().info("chain follower: resumed at height {} from {} (block log of {} from sequence number {})",
                snapshot.height(), snapshots.dir(), snapshot.historyFrom(), snapshot.nextSequenceNr());
        return validatorIds.contains(snapshot.historyFrom()) ? snapshot.historyFrom() : historyFrom;
    }

    /** The journal sequence number to read {@code validatorId}'s block log from (1: from its start). */
    private long resumeAt(String validatorId) {
        LogPosition position = logPositions.get(validatorId);
        return position == null ? 1 : position.nextSequenceNr();
    }

    private void advancePosition(String validatorId, long height, long nextSequenceNr) {
        logPositions.merge(validatorId, new LogPosition(height, nextSequenceNr),
                (old, now) -> now.height() > old.height() ? now : old);
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
                .onMessage(SnapshotWritten.class, this::onSnapshotWritten)
                .onMessage(GetStatus.class, get -> {
                    get.replyTo().tell(new Status(height(), resumedFromHeight, executedBlocks));
                    return this;
                })
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
        long pageTop = 0;
        for (CommittedBlock block : history.page().blocks()) {
            if (block.height() == height() + 1) {
                apply(block);
            }
            pageTop = Math.max(pageTop, block.height());
        }
        if (pageTop > 0 && pageTop <= height()) {
            advancePosition(history.from(), pageTop, history.page().nextSequenceNr());
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
        if (block.height() <= height()) {
            advancePosition(block.validatorId(), block.height(), block.journalSequenceNr() + 1);
        } else if (announcedRoot.size() < settings.windowBlocks()) {
            announcedRoot.putIfAbsent(block.height(), block.stateRoot());
            announcedPositions.computeIfAbsent(block.height(), h -> new HashMap<>())
                    .putIfAbsent(block.validatorId(), block.journalSequenceNr() + 1);
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
            readHistory(fetched.from(), resumeAt(fetched.from()));
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
        ExecutedBlock executed;
        try {
            executed = executor.execute(block, announced);
        } catch (BlockExecutor.RestoredStateMismatch mismatch) {
            context.getLog().error("chain follower: the restart point in {} is not this chain's ({}); discarding the "
                    + "restart points and starting again from genesis", snapshots.dir(), mismatch.getMessage());
            discardSnapshots();
            throw mismatch;
        }
        executedBlocks++;
        Map<String, Long> positions = announcedPositions.remove(block.height());
        if (positions != null) {
            positions.forEach((id, next) -> advancePosition(id, block.height(), next));
        }
        announcedPositions.keySet().removeIf(h -> h <= block.height());
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
        if (snapshots != null && block.height() % settings.snapshotEveryBlocks() == 0) {
            writeSnapshot(block.height());
        }
    }

    // ---- restart points ------------------------------------------------------------------

    /** One write at a time, on the blocking-I/O dispatcher; a height skipped while one is in flight waits for the next. */
    private void writeSnapshot(long height) {
        if (writingSnapshot) {
            return;
        }
        String from = null; // the log read first at start if it has a position, else the one known furthest along
        for (String id : validatorIds) {
            LogPosition position = logPositions.get(id);
            if (position != null && (from == null || position.height() > logPositions.get(from).height())) {
                from = id;
            }
            if (from != null && from.equals(validatorIds.get(0))) {
                break;
            }
        }
        if (from == null) {
            return; // no block log position known yet: a restart could not resume anywhere
        }
        FollowerSnapshots.Snapshot snapshot = new FollowerSnapshots.Snapshot(genesis.chainId(), height, from,
                logPositions.get(from).nextSequenceNr(), executor.snapshot());
        writingSnapshot = true;
        Executor blocking = context.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
        context.pipeToSelf(CompletableFuture.runAsync(() -> {
            try {
                snapshots.write(snapshot);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, blocking), (done, failure) -> new SnapshotWritten(height, failure == null ? null : failure.toString()));
    }

    private Behavior<Command> onSnapshotWritten(SnapshotWritten written) {
        writingSnapshot = false;
        if (written.failure() != null) {
            context.getLog().warn("chain follower: restart point at height {} not written ({})", written.height(),
                    written.failure());
        }
        return this;
    }

    private void discardSnapshots() {
        try {
            snapshots.discard();
        } catch (IOException e) {
            context.getLog().error("chain follower: could not delete the restart points in {} ({})", snapshots.dir(),
                    e.toString());
        }
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
        context.pipeToSelf(HistoryReplay.executed(context.getSystem(), genesis,
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
