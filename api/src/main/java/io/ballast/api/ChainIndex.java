package io.ballast.api;

import io.ballast.actors.validator.BlockFeed;
import io.ballast.actors.validator.BlockFinalized;
import io.ballast.actors.validator.BlockLog;
import io.ballast.actors.validator.ValidatorEntity;
import io.ballast.api.model.AccountEventView;
import io.ballast.api.model.AccountEventsPage;
import io.ballast.api.model.AccountView;
import io.ballast.api.model.BlockView;
import io.ballast.api.model.CertificateView;
import io.ballast.api.model.HeaderView;
import io.ballast.api.model.LedgerEventView;
import io.ballast.api.model.MarketView;
import io.ballast.api.model.TxReceiptView;
import io.ballast.api.model.ValidatorView;
import io.ballast.core.app.LedgerApplication;
import io.ballast.core.consensus.CommitCertificate;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.consensus.ConsensusConfig;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.encoding.DecodingException;
import io.ballast.core.ledger.AccountProof;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TransactionJson;
import io.ballast.core.ledger.tx.TxBody;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The API's read model of the chain: a replica of the ledger fed with every committed block in height order
 * (history from a validator's {@link BlockLog} at start, then each block announced by {@link BlockFinalized} on the
 * cluster-wide {@link BlockFeed} and fetched from its publisher with {@code GetBlock}). It follows the chain on any
 * member, hosting validators or not. Announcements are at most once, so when the index has not advanced for
 * {@code stallAfter} it probes the validators itself, one at a time and rotating over all of them: {@code GetBlock}
 * for the next height (applied if found, then the same validator is asked for the one after), else
 * {@code GetStatus} to learn that validator's tip (a tip ahead of the index makes the normal fetch run, with its
 * block-log fallback). A missed announcement therefore costs at most {@code stallAfter} plus a round trip.
 * Re-executing gives what the published summaries lack: full
 * receipts with ledger events, block-end liquidations and funding, per-account journals, and account proofs.
 * Every replica root is compared with the root the validators published.
 *
 * <p>Proofs: an account's proof is taken against the replica's root after height H (its latest), and answered
 * once block H+1 is indexed: that header carries the root after H and its certificate signs the header.
 * Bounded everywhere: retained blocks, receipts, journal entries per account, waiters.
 */
public final class ChainIndex extends AbstractBehavior<ChainIndex.Command> {
    public sealed interface Command {}

    record Catchup(List<CommittedBlock> blocks) implements Command {}

    record CatchupFailed(String reason) implements Command {}

    record Finalized(BlockFinalized block) implements Command {}

    record Fetched(long height, String from, byte[] committedBlock, String failure) implements Command {}

    enum Pump implements Command { INSTANCE }

    enum StallCheck implements Command { INSTANCE }

    record Probed(long height, String from, byte[] committedBlock, String failure) implements Command {}

    record ProbedTip(String from, long lastCommittedHeight) implements Command {}

    record Expire(long waiterId) implements Command {}

    public record GetAccount(Bytes32 key, boolean proof, ActorRef<Answer<AccountView>> replyTo) implements Command {}

    public record GetMarkets(ActorRef<Answer<List<MarketView>>> replyTo) implements Command {}

    /** @param height -1: the latest */
    public record GetBlock(long height, ActorRef<Answer<BlockView>> replyTo) implements Command {}

    /** Replies when block {@code height} is indexed, or with a null value after {@code maxWait} (ask again). */
    public record AwaitBlock(long height, Duration maxWait, ActorRef<Answer<BlockView>> replyTo) implements Command {}

    /** Replies with the receipt (null value: not in a block indexed so far). */
    public record GetReceipt(String txHash, ActorRef<Answer<TxReceiptView>> replyTo) implements Command {}

    /** Replies when the transaction is in an indexed block, or with a null value after {@code maxWait}. */
    public record AwaitReceipt(String txHash, Duration maxWait, ActorRef<Answer<TxReceiptView>> replyTo) implements Command {}

    public record GetEvents(Bytes32 key, long after, int limit, ActorRef<Answer<AccountEventsPage>> replyTo) implements Command {}

    public record GetChain(ActorRef<Answer<ChainSummary>> replyTo) implements Command {}

    /** Stateful admission checks against the latest indexed state (signer known, nonce not stale, authorised). */
    public record Precheck(SignedTransaction tx, ActorRef<Answer<Boolean>> replyTo) implements Command {}

    /** What the status and validators endpoints need from the chain. */
    public record ChainSummary(String chainId, long height, long blockTimeMillis, String stateRoot,
                               List<Long> recentIntervalsMillis, List<ValidatorView> validators,
                               List<MarketView> markets, boolean diverged) {}

    /** @param retainedBlocks blocks (with receipts) kept for /blocks, /stream and proofs */
    public record Limits(int retainedBlocks, int retainedReceipts, int eventsPerAccount, int waitersMax,
                         int onlineWindowBlocks, Duration proofWait) {}

    private record Waiter(long id, Object request) {}

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final Genesis genesis;
    private final ConsensusConfig consensus;
    private final List<String> validatorIds;
    private final Limits limits;
    private final ApiMetrics metrics;
    private final LedgerApplication replica;
    private final TreeMap<Long, BlockView> blocks = new TreeMap<>();
    private final LinkedHashMap<String, TxReceiptView> receipts = new LinkedHashMap<>();
    private final Map<Bytes32, ArrayDeque<AccountEventView>> journals = new HashMap<>();
    private final Map<Bytes32, Long> journalSequence = new HashMap<>();
    private final Map<String, Long> publisherTip = new HashMap<>();
    private final Map<Long, String> publishedRoot = new HashMap<>();
    private final Map<Long, Waiter> waiters = new LinkedHashMap<>();
    private final ArrayDeque<Long> intervals = new ArrayDeque<>();
    private final ArrayDeque<List<Integer>> recentSigners = new ArrayDeque<>();
    private final ArrayDeque<List<Integer>> recentFailedProposers = new ArrayDeque<>();
    private final long[] lastVoteHeight;
    private final long[] lastVoteMillis;
    private long knownTip;
    private long lastBlockMillis;
    private boolean catchingUp = true;
    private boolean fetching;
    private boolean diverged;
    private long nextWaiterId;
    private int fetchRotation;
    private final Duration stallAfter;
    private long lastProgressNanos = System.nanoTime();
    private boolean probing;
    private int probeRotation;
    private long probedBlocks;

    private ChainIndex(ActorContext<Command> context, TimerScheduler<Command> timers, Genesis genesis,
                       ConsensusConfig consensus, List<String> validatorIds, Limits limits, ApiMetrics metrics,
                       Duration stallAfter) {
        super(context);
        this.stallAfter = stallAfter;
        this.context = context;
        this.timers = timers;
        this.genesis = genesis;
        this.consensus = consensus;
        this.validatorIds = List.copyOf(validatorIds);
        this.limits = limits;
        this.metrics = metrics;
        this.replica = new LedgerApplication(genesis, consensus.maxBlockTxs(), consensus.epochLengthBlocks(), 100_000);
        this.lastVoteHeight = new long[genesis.validators().size()];
        this.lastVoteMillis = new long[genesis.validators().size()];
        this.lastBlockMillis = genesis.genesisTimeMillis();
    }

    /** Probes validators when the index has not advanced for this long (blocks normally come every ~200 ms). */
    public static final Duration STALL_AFTER = Duration.ofSeconds(2);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    /** @param historyFrom the validator whose journal seeds the index at start */
    public static Behavior<Command> create(Genesis genesis, ConsensusConfig consensus, List<String> validatorIds,
                                           String historyFrom, Limits limits, ApiMetrics metrics) {
        return create(genesis, consensus, validatorIds, historyFrom, limits, metrics, STALL_AFTER, true);
    }

    /**
     * @param stallAfter no new indexed block for this long: probe the validators (checked every {@code stallAfter / 2})
     * @param followFeed subscribe to the {@link BlockFeed} (false only in tests of the probing fallback)
     */
    static Behavior<Command> create(Genesis genesis, ConsensusConfig consensus, List<String> validatorIds,
                                    String historyFrom, Limits limits, ApiMetrics metrics, Duration stallAfter,
                                    boolean followFeed) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            if (followFeed) {
                BlockFeed.get(context.getSystem()).subscribe(context.messageAdapter(BlockFinalized.class, Finalized::new));
            }
            context.pipeToSelf(BlockLog.read(context.getSystem(), historyFrom), (history, failure) -> failure == null
                    ? new Catchup(history) : new CatchupFailed(String.valueOf(failure.getMessage())));
            timers.startTimerWithFixedDelay(StallCheck.INSTANCE, StallCheck.INSTANCE, stallAfter.dividedBy(2));
            return new ChainIndex(context, timers, genesis, consensus, validatorIds, limits, metrics, stallAfter);
        }));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Catchup.class, this::onCatchup)
                .onMessage(CatchupFailed.class, failed -> {
                    context.getLog().warn("chain index: block log unreadable ({}); following live blocks only", failed.reason());
                    catchingUp = false;
                    pump();
                    return this;
                })
                .onMessage(Finalized.class, this::onFinalized)
                .onMessage(Fetched.class, this::onFetched)
                .onMessage(Pump.class, pump -> {
                    pump();
                    return this;
                })
                .onMessage(Expire.class, this::onExpire)
                .onMessage(StallCheck.class, check -> onStallCheck())
                .onMessage(Probed.class, this::onProbed)
                .onMessage(ProbedTip.class, this::onProbedTip)
                .onMessage(GetAccount.class, this::onGetAccount)
                .onMessage(GetMarkets.class, get -> reply(get.replyTo(), Answer.of(markets())))
                .onMessage(GetBlock.class, this::onGetBlock)
                .onMessage(AwaitBlock.class, this::onAwaitBlock)
                .onMessage(GetReceipt.class, get -> reply(get.replyTo(), Answer.of(receipts.get(get.txHash()))))
                .onMessage(AwaitReceipt.class, this::onAwaitReceipt)
                .onMessage(GetEvents.class, this::onGetEvents)
                .onMessage(GetChain.class, get -> reply(get.replyTo(), Answer.of(summary())))
                .onMessage(Precheck.class, check -> reply(check.replyTo(), precheck(check.tx())))
                .build();
    }

    private <T> Behavior<Command> reply(ActorRef<T> to, T answer) {
        to.tell(answer);
        return this;
    }

    // ---- feeding ------------------------------------------------------------------------

    private Behavior<Command> onCatchup(Catchup catchup) {
        for (CommittedBlock block : catchup.blocks()) {
            if (block.height() == height() + 1) {
                apply(block);
            }
        }
        if (catchingUp) {
            context.getLog().info("chain index: {} blocks from the block log, at height {}", catchup.blocks().size(), height());
        }
        catchingUp = false;
        pump();
        return this;
    }

    private Behavior<Command> onFinalized(Finalized finalized) {
        BlockFinalized block = finalized.block();
        publisherTip.merge(block.validatorId(), block.height(), Math::max);
        if (block.height() > height() && publishedRoot.size() < limits.retainedBlocks()) {
            publishedRoot.putIfAbsent(block.height(), block.stateRoot());
        }
        knownTip = Math.max(knownTip, block.height());
        pump();
        return this;
    }

    /** Fetches the next missing block from a validator that has published it. */
    private void pump() {
        if (catchingUp || fetching || height() >= knownTip) {
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
        context.pipeToSelf(ClusterSharding.get(context.getSystem()).entityRefFor(ValidatorEntity.TYPE_KEY, from)
                        .<ValidatorEntity.BlockBytes>ask(replyTo -> new ValidatorEntity.GetBlock(next, replyTo), Duration.ofSeconds(2)),
                (reply, failure) -> failure != null ? new Fetched(next, from, null, String.valueOf(failure.getMessage()))
                        : new Fetched(next, from, reply.committedBlock(), reply.committedBlock() == null ? "outside its window" : null));
    }

    private Behavior<Command> onFetched(Fetched fetched) {
        fetching = false;
        if (fetched.committedBlock() != null && fetched.height() == height() + 1) {
            apply(CommittedBlock.decode(fetched.committedBlock()));
            pump();
        } else if (fetched.committedBlock() == null && fetched.failure().equals("outside its window")) {
            catchingUp = true;
            context.getLog().info("chain index: block {} no longer in memory at {}; reading its block log", fetched.height(), fetched.from());
            context.pipeToSelf(BlockLog.read(context.getSystem(), fetched.from()), (history, failure) -> failure == null
                    ? new Catchup(history) : new CatchupFailed(String.valueOf(failure.getMessage())));
        } else {
            timers.startSingleTimer(Pump.INSTANCE, Pump.INSTANCE, Duration.ofMillis(200));
        }
        return this;
    }

    private long height() {
        return replica.state().height();
    }

    // ---- fallback when announcements stop ------------------------------------------------

    private Behavior<Command> onStallCheck() {
        if (catchingUp || fetching || probing || validatorIds.isEmpty()
                || System.nanoTime() - lastProgressNanos < stallAfter.toNanos()) {
            return this;
        }
        probe(validatorIds.get(Math.floorMod(probeRotation++, validatorIds.size())));
        return this;
    }

    /** One probe in flight at most: GetBlock(height + 1) at {@code from}. */
    private void probe(String from) {
        long next = height() + 1;
        probing = true;
        context.pipeToSelf(ClusterSharding.get(context.getSystem()).entityRefFor(ValidatorEntity.TYPE_KEY, from)
                        .<ValidatorEntity.BlockBytes>ask(replyTo -> new ValidatorEntity.GetBlock(next, replyTo), PROBE_TIMEOUT),
                (reply, failure) -> failure != null ? new Probed(next, from, null, String.valueOf(failure.getMessage()))
                        : new Probed(next, from, reply.committedBlock(), null));
    }

    private Behavior<Command> onProbed(Probed probed) {
        if (probed.committedBlock() != null) {
            probing = false;
            if (probed.height() == height() + 1 && !catchingUp) {
                publisherTip.merge(probed.from(), probed.height(), Math::max);
                knownTip = Math.max(knownTip, probed.height());
                apply(CommittedBlock.decode(probed.committedBlock()));
                probedBlocks++;
                if (probedBlocks == 1 || probedBlocks % 100 == 0) {
                    context.getLog().info("chain index: block {} found by probing {} ({} so far): announcements missed",
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
                        .<ValidatorEntity.Status>ask(ValidatorEntity.GetStatus::new, PROBE_TIMEOUT),
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

    private void apply(CommittedBlock block) {
        replica.execute(block);
        lastProgressNanos = System.nanoTime();
        BlockResult result = replica.lastResult();
        String published = publishedRoot.remove(block.height());
        if (published != null && !published.equals(result.stateRoot().toHex())) {
            diverged = true;
            context.getLog().error("chain index: replica root {} at height {} differs from the validators' {}",
                    result.stateRoot().toHex(), block.height(), published);
        }
        publishedRoot.keySet().removeIf(h -> h <= block.height());
        BlockView view = blockView(block, result);
        blocks.put(block.height(), view);
        while (blocks.size() > limits.retainedBlocks()) {
            blocks.pollFirstEntry();
        }
        for (TxReceiptView receipt : view.receipts()) {
            // A transaction already applied can be included again (a resubmission a lagging validator still held);
            // the ledger rejects the repeat for its nonce. The receipt that counts stays the accepted one.
            TxReceiptView earlier = receipts.get(receipt.txHash());
            if (earlier == null || !earlier.accepted()) {
                receipts.put(receipt.txHash(), receipt);
            }
        }
        for (Iterator<String> it = receipts.keySet().iterator(); receipts.size() > limits.retainedReceipts(); ) {
            it.next();
            it.remove();
        }
        journal(block, result);
        track(block);
        metrics.blockIndexed(result, replica.state().marketViews());
        answerWaiters();
    }

    private BlockView blockView(CommittedBlock block, BlockResult result) {
        List<Map<String, Object>> transactions = new ArrayList<>();
        for (byte[] bytes : block.block().transactions()) {
            try {
                transactions.add(TransactionJson.toMap(SignedTransaction.decode(bytes)));
            } catch (DecodingException | IllegalArgumentException undecodable) {
                transactions.add(Map.of("type", "undecodable", "bytes", bytes.length));
            }
        }
        List<TxReceiptView> views = new ArrayList<>();
        for (Receipt receipt : result.receipts()) {
            views.add(Views.receipt(block.height(), receipt));
        }
        List<LedgerEventView> blockEvents = new ArrayList<>(Views.events(result.startEvents()));
        blockEvents.addAll(Views.events(result.endEvents()));
        HeaderView header = Views.header(block.block().header());
        return new BlockView(block.height(), header.hash(), header, transactions, views, blockEvents,
                Views.certificate(block.certificate()));
    }

    /** Per-account journal entries: transactions the account signed or was the object of, events naming it. */
    private void journal(CommittedBlock block, BlockResult result) {
        for (Receipt receipt : result.receipts()) {
            SignedTransaction tx = receipt.transaction();
            TxReceiptView view = Views.receipt(block.height(), receipt);
            Map<String, String> fields = new LinkedHashMap<>();
            TransactionJson.toMap(tx).forEach((name, value) -> {
                if (!name.equals("signature") && !name.equals("type")) {
                    fields.put(name, String.valueOf(value));
                }
            });
            if (!receipt.accepted()) {
                fields.put("reason", view.detail());
            }
            append(tx.signer(), block.height(), view.type(), view.txHash(), view.accepted(), view.code(), fields);
            Bytes32 object = tx.body() instanceof TxBody.Deposit deposit ? deposit.account()
                    : tx.body() instanceof TxBody.Liquidate liquidate ? liquidate.targetAccount() : null;
            if (object != null && !object.equals(tx.signer())) {
                append(object, block.height(), view.type(), view.txHash(), view.accepted(), view.code(), fields);
            }
            if (receipt instanceof Receipt.Accepted accepted) {
                journalEvents(accepted.events(), block.height(), view.txHash());
            }
        }
        journalEvents(result.startEvents(), block.height(), null);
        journalEvents(result.endEvents(), block.height(), null);
    }

    private void journalEvents(List<LedgerEvent> events, long height, String txHash) {
        for (LedgerEvent event : events) {
            LedgerEventView view = Views.event(event);
            for (Bytes32 account : Views.accountsOf(event)) {
                if (replica.state().accountView(account).isPresent()) {
                    append(account, height, view.kind(), txHash, true, "OK", view.fields());
                }
            }
        }
    }

    private void append(Bytes32 account, long height, String kind, String txHash, boolean accepted, String code,
                        Map<String, String> fields) {
        long sequence = journalSequence.merge(account, 1L, Long::sum);
        ArrayDeque<AccountEventView> journal = journals.computeIfAbsent(account, key -> new ArrayDeque<>());
        journal.addLast(new AccountEventView(sequence, height, kind, txHash, accepted, code, fields));
        while (journal.size() > limits.eventsPerAccount()) {
            journal.pollFirst();
        }
    }

    private void track(CommittedBlock block) {
        long time = block.block().header().timestampMillis();
        metrics.blockTime(time);
        intervals.addLast(Math.max(0, time - lastBlockMillis));
        lastBlockMillis = time;
        while (intervals.size() > 256) {
            intervals.pollFirst();
        }
        List<Integer> signers = new ArrayList<>();
        for (CommitCertificate.CommitSig sig : block.certificate().signatures()) {
            signers.add(sig.validator());
            if (sig.validator() < lastVoteHeight.length) {
                lastVoteHeight[sig.validator()] = block.height();
                lastVoteMillis[sig.validator()] = sig.timestampMillis();
            }
        }
        recentSigners.addLast(signers);
        while (recentSigners.size() > limits.onlineWindowBlocks()) {
            recentSigners.pollFirst();
        }
        recentFailedProposers.addLast(block.block().header().failedProposers());
        while (recentFailedProposers.size() > Math.max(1, consensus.reputationWindowBlocks())) {
            recentFailedProposers.pollFirst();
        }
    }

    // ---- queries ------------------------------------------------------------------------

    private Behavior<Command> onGetAccount(GetAccount get) {
        LedgerState state = replica.state();
        AccountView view = StateViews.account(state, get.key());
        if (!get.proof()) {
            get.replyTo().tell(Answer.of(view));
            return this;
        }
        AccountProof proof = state.proveAccount(get.key()).orElse(null);
        if (proof == null) {
            get.replyTo().tell(Answer.failed(ApiError.notFound("ACCOUNT_NOT_FOUND",
                    "no account " + get.key().toHex() + " at height " + state.height() + " (absence has no proof)")));
            return this;
        }
        park(new ProofWaiter(view, proof, state.stateRoot(), get.replyTo()), limits.proofWait());
        return this;
    }

    private record ProofWaiter(AccountView view, AccountProof proof, Bytes32 root, ActorRef<Answer<AccountView>> replyTo) {}

    private Behavior<Command> onGetBlock(GetBlock get) {
        long height = get.height() < 0 ? height() : get.height();
        BlockView block = blocks.get(height);
        if (block != null) {
            get.replyTo().tell(Answer.of(block));
        } else if (height > height() || height <= 0) {
            get.replyTo().tell(Answer.failed(ApiError.notFound("BLOCK_NOT_FOUND",
                    "no committed block at height " + height + " (latest indexed: " + height() + ")")));
        } else {
            get.replyTo().tell(Answer.failed(new ApiError(410, "BLOCK_NOT_RETAINED", "block " + height
                    + " is older than the " + limits.retainedBlocks() + " blocks this node keeps with receipts")));
        }
        return this;
    }

    private Behavior<Command> onAwaitBlock(AwaitBlock await) {
        if (await.height() <= height()) {
            return onGetBlock(new GetBlock(await.height(), await.replyTo()));
        }
        park(await, await.maxWait());
        return this;
    }

    private Behavior<Command> onAwaitReceipt(AwaitReceipt await) {
        TxReceiptView receipt = receipts.get(await.txHash());
        if (receipt != null) {
            await.replyTo().tell(Answer.of(receipt));
        } else {
            park(await, await.maxWait());
        }
        return this;
    }

    private void park(Object request, Duration maxWait) {
        if (waiters.size() >= limits.waitersMax()) {
            ApiError busy = new ApiError(503, "NODE_BUSY", "too many clients waiting on this node", 1);
            if (request instanceof ProofWaiter proof) {
                proof.replyTo().tell(Answer.failed(busy));
            } else if (request instanceof AwaitBlock block) {
                block.replyTo().tell(Answer.failed(busy));
            } else if (request instanceof AwaitReceipt receipt) {
                receipt.replyTo().tell(Answer.failed(busy));
            }
            return;
        }
        long id = nextWaiterId++;
        waiters.put(id, new Waiter(id, request));
        timers.startSingleTimer(id, new Expire(id), maxWait);
    }

    private Behavior<Command> onExpire(Expire expire) {
        Waiter waiter = waiters.remove(expire.waiterId());
        if (waiter == null) {
            return this;
        }
        if (waiter.request() instanceof ProofWaiter proof) {
            proof.replyTo().tell(Answer.failed(new ApiError(503, "PROOF_UNAVAILABLE",
                    "block " + (proof.view().height() + 1) + " (which certifies the root after " + proof.view().height()
                            + ") did not commit within " + limits.proofWait().toMillis() + " ms", 1)));
        } else if (waiter.request() instanceof AwaitBlock block) {
            block.replyTo().tell(Answer.of(null));
        } else if (waiter.request() instanceof AwaitReceipt receipt) {
            receipt.replyTo().tell(Answer.of(null));
        }
        return this;
    }

    private void answerWaiters() {
        for (Iterator<Waiter> it = waiters.values().iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            boolean done = false;
            if (waiter.request() instanceof ProofWaiter proof) {
                BlockView next = blocks.get(proof.view().height() + 1);
                if (next != null) {
                    proof.replyTo().tell(Answer.of(withProof(proof, next.header(), next.certificate())));
                    done = true;
                }
            } else if (waiter.request() instanceof AwaitBlock block && block.height() <= height()) {
                onGetBlock(new GetBlock(block.height(), block.replyTo()));
                done = true;
            } else if (waiter.request() instanceof AwaitReceipt await && receipts.containsKey(await.txHash())) {
                await.replyTo().tell(Answer.of(receipts.get(await.txHash())));
                done = true;
            }
            if (done) {
                timers.cancel(waiter.id());
                it.remove();
            }
        }
    }

    private static AccountView withProof(ProofWaiter waiter, HeaderView header, CertificateView certificate) {
        AccountView view = waiter.view();
        return view.withProof(Views.proof(view.height(), waiter.root(), waiter.proof(), header, certificate));
    }

    private Behavior<Command> onGetEvents(GetEvents get) {
        ArrayDeque<AccountEventView> journal = journals.getOrDefault(get.key(), new ArrayDeque<>());
        List<AccountEventView> page = new ArrayList<>();
        for (AccountEventView event : journal) {
            if (event.sequence() > get.after() && page.size() < get.limit()) {
                page.add(event);
            }
        }
        Long next = !page.isEmpty() && page.get(page.size() - 1).sequence() < journalSequence.getOrDefault(get.key(), 0L)
                ? page.get(page.size() - 1).sequence() : null;
        get.replyTo().tell(Answer.of(new AccountEventsPage(get.key().toHex(), page, next)));
        return this;
    }

    private List<MarketView> markets() {
        long recentFinality = intervals.isEmpty() ? 0 : intervals.peekLast();
        List<MarketView> markets = new ArrayList<>();
        for (io.ballast.core.ledger.MarketView market : replica.state().marketViews()) {
            markets.add(StateViews.market(replica.state(), market, recentFinality));
        }
        return markets;
    }

    private ChainSummary summary() {
        LedgerState state = replica.state();
        List<ValidatorView> validators = new ArrayList<>();
        for (int i = 0; i < genesis.validators().size(); i++) {
            final int index = i;
            boolean online = recentSigners.stream().anyMatch(signers -> signers.contains(index));
            int failed = (int) recentFailedProposers.stream().flatMap(List::stream).filter(v -> v == index).count();
            Bytes32 key = genesis.validators().get(i).key();
            long slashedAt = state.slashedAtHeight(key);
            validators.add(new ValidatorView(i, index < validatorIds.size() ? validatorIds.get(index) : "validator-" + i,
                    key.toHex(), genesis.validators().get(i).stake(), online, lastVoteHeight[i], lastVoteMillis[i], failed,
                    slashedAt > 0, slashedAt));
        }
        return new ChainSummary(genesis.chainId(), state.height(), state.timeMillis(), state.stateRoot().toHex(),
                List.copyOf(intervals), validators, markets(), diverged);
    }

    private Answer<Boolean> precheck(SignedTransaction tx) {
        LedgerState state = replica.state();
        Bytes32 signer = tx.signer();
        TxBody body = tx.body();
        if (body instanceof TxBody.Deposit || body instanceof TxBody.ValidatorUpdate || body instanceof TxBody.ListOption) {
            if (!signer.equals(genesis.collateralAuthority())) {
                return Answer.failed(new ApiError(403, "NOT_AUTHORIZED",
                        "deposits, validator updates and listings must be signed by the collateral authority"));
            }
            return nonceCheck(tx, state.lastUsedNonce(tx));
        }
        if (body instanceof TxBody.OracleReport || body instanceof TxBody.VolReport) {
            if (!genesis.oracleOperators().contains(signer)) {
                return Answer.failed(new ApiError(403, "NOT_AUTHORIZED", "oracle reports must be signed by an oracle operator"));
            }
            return tx.nonce() == 0 ? Answer.of(true)
                    : Answer.failed(ApiError.unprocessable("BAD_NONCE", "oracle reports use nonce 0"));
        }
        if (state.accountView(signer).isEmpty()) {
            return Answer.failed(ApiError.unprocessable("UNKNOWN_ACCOUNT",
                    "signer " + signer.toHex() + " has no account (accounts are created by a deposit)"));
        }
        return nonceCheck(tx, state.lastUsedNonce(tx));
    }

    private static Answer<Boolean> nonceCheck(SignedTransaction tx, long current) {
        if (tx.nonce() <= current) {
            return Answer.failed(new ApiError(409, "STALE_NONCE", "nonce " + tx.nonce() + " is already used: the signer's"
                    + " last committed nonce is " + current + ", sign with " + (current + 1)));
        }
        return Answer.of(true);
    }
}
