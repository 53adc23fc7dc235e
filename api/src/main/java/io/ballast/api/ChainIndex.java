package io.ballast.api;

import io.ballast.actors.chain.AccountBlock;
import io.ballast.actors.chain.ChainFollower;
import io.ballast.actors.chain.ChainView;
import io.ballast.actors.chain.ExecutedBlock;
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
import io.ballast.core.consensus.CommitCertificate;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.consensus.ConsensusConfig;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.encoding.DecodingException;
import io.ballast.core.ledger.AccountProof;
import io.ballast.core.ledger.Admission;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TransactionJson;
import io.ballast.core.ledger.tx.TxBody;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The API's read model of the chain, fed by the node's {@link ExecutedBlock} stream (its {@link ChainFollower}
 * fetches and executes every block once): block views with receipts and events, receipts by hash, per-account
 * journals, intervals and signers, and the clients waiting for a block or a proof. What needs the ledger itself
 * (an account's valuation and Merkle proof, admission checks) is read from the follower. Heights arrive in order;
 * a gap (a restart of this actor, a full mailbox) is filled from the follower before later heights are indexed.
 *
 * <p>Proofs: an account's proof is taken against the follower's root after height H (its latest), and answered
 * once block H+1 is indexed: that header carries the root after H and its certificate signs the header.
 * Bounded everywhere: retained blocks, receipts, journal entries per account, waiters.
 */
public final class ChainIndex extends AbstractBehavior<ChainIndex.Command> {
    public sealed interface Command {}

    record Indexed(ExecutedBlock block) implements Command {}

    record GapFilled(List<ExecutedBlock> blocks) implements Command {}

    record AccountRead(AccountView view, AccountProof proof, Bytes32 root, boolean withProof,
                       ActorRef<Answer<AccountView>> replyTo) implements Command {}

    record Expire(long waiterId) implements Command {}

    public record GetAccount(Bytes32 key, boolean proof, ActorRef<Answer<AccountView>> replyTo) implements Command {}

    public record GetMarkets(ActorRef<Answer<List<MarketView>>> replyTo) implements Command {}

    /** @param height -1: the latest */
    public record GetBlock(long height, ActorRef<Answer<BlockView>> replyTo) implements Command {}

    /** Replies when block {@code height} is indexed, or with a null value after {@code maxWait} (ask again). */
    public record AwaitBlock(long height, Duration maxWait, ActorRef<Answer<BlockView>> replyTo) implements Command {}

    /** Replies with the receipt (null value: not in a block indexed so far). */
    public record GetReceipt(String txHash, ActorRef<Answer<TxReceiptView>> replyTo) implements Command {}

    public record GetEvents(Bytes32 key, long after, int limit, ActorRef<Answer<AccountEventsPage>> replyTo) implements Command {}

    public record GetChain(ActorRef<Answer<ChainSummary>> replyTo) implements Command {}

    /** The admission rule ({@link Admission}) against the follower's latest state: signer known, nonce not used, authorised. */
    public record Precheck(SignedTransaction tx, ActorRef<Answer<Boolean>> replyTo) implements Command {}

    /**
     * What the status and validators endpoints need from the chain.
     *
     * @param validators the set certifying the latest block, then the other validators the ledger knows
     * @param security   the cost of corruption at the latest indexed block
     */
    public record ChainSummary(String chainId, long height, long blockTimeMillis, String stateRoot,
                               List<Long> recentIntervalsMillis, List<ValidatorView> validators,
                               io.ballast.api.model.StatusView.Security security, List<MarketView> markets,
                               boolean diverged) {}

    /** @param retainedBlocks blocks (with receipts) kept for /blocks, /stream and proofs */
    public record Limits(int retainedBlocks, int retainedReceipts, int eventsPerAccount, int waitersMax,
                         int onlineWindowBlocks, Duration proofWait) {}

    private record Waiter(long id, Object request) {}

    private record Commit(List<io.ballast.core.ledger.ValidatorInfo> members, Set<Bytes32> signers,
                          List<Bytes32> failedProposers) {}

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final Genesis genesis;
    private final ConsensusConfig consensus;
    private final List<String> validatorIds;
    private final Limits limits;
    private final ApiMetrics metrics;
    private final ActorRef<ChainFollower.Command> follower;
    private final TreeMap<Long, BlockView> blocks = new TreeMap<>();
    private final TreeMap<Long, ExecutedBlock> early = new TreeMap<>();
    private final LinkedHashMap<String, TxReceiptView> receipts = new LinkedHashMap<>();
    private final Map<Bytes32, ArrayDeque<AccountEventView>> journals = new HashMap<>();
    private final Map<Bytes32, Long> journalSequence = new HashMap<>();
    private final Map<Long, Waiter> waiters = new LinkedHashMap<>();
    private final ArrayDeque<Long> intervals = new ArrayDeque<>();
    /** The last certificates (newest last): who could sign, who did, who led a failed round; by key, across set changes. */
    private final ArrayDeque<Commit> recentCommits = new ArrayDeque<>();
    /** Per validator key: {height, certificate timestamp} of its last precommit seen. */
    private final Map<Bytes32, long[]> lastVotes = new HashMap<>();
    private ChainView chain;
    private ChainView genesisView;
    private boolean diverged;
    private boolean fillingGap;
    private long lastBlockMillis;
    private long nextWaiterId;

    private ChainIndex(ActorContext<Command> context, TimerScheduler<Command> timers, Genesis genesis,
                       ConsensusConfig consensus, List<String> validatorIds, Limits limits, ApiMetrics metrics,
                       ActorRef<ChainFollower.Command> follower) {
        super(context);
        this.context = context;
        this.timers = timers;
        this.genesis = genesis;
        this.consensus = consensus;
        this.validatorIds = List.copyOf(validatorIds);
        this.limits = limits;
        this.metrics = metrics;
        this.follower = follower;
        this.lastBlockMillis = genesis.genesisTimeMillis();
    }

    /** Subscribes to the node's executed blocks and indexes everything from height 1 its follower still holds. */
    public static Behavior<Command> create(Genesis genesis, ConsensusConfig consensus, List<String> validatorIds,
                                           ActorRef<ChainFollower.Command> follower, Limits limits, ApiMetrics metrics) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            context.getSystem().eventStream().tell(new EventStream.Subscribe<>(ExecutedBlock.class,
                    context.messageAdapter(ExecutedBlock.class, Indexed::new)));
            ChainIndex index = new ChainIndex(context, timers, genesis, consensus, validatorIds, limits, metrics, follower);
            index.fillGap();
            return index;
        }));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Indexed.class, indexed -> {
                    offer(indexed.block());
                    return this;
                })
                .onMessage(GapFilled.class, this::onGapFilled)
                .onMessage(AccountRead.class, this::onAccountRead)
                .onMessage(Expire.class, this::onExpire)
                .onMessage(GetAccount.class, this::onGetAccount)
                .onMessage(GetMarkets.class, get -> reply(get.replyTo(), Answer.of(markets())))
                .onMessage(GetBlock.class, this::onGetBlock)
                .onMessage(AwaitBlock.class, this::onAwaitBlock)
                .onMessage(GetReceipt.class, get -> reply(get.replyTo(), Answer.of(receipts.get(get.txHash()))))
                .onMessage(GetEvents.class, this::onGetEvents)
                .onMessage(GetChain.class, get -> reply(get.replyTo(), Answer.of(summary())))
                .onMessage(Precheck.class, this::onPrecheck)
                .build();
    }

    private <T> Behavior<Command> reply(ActorRef<T> to, T answer) {
        to.tell(answer);
        return this;
    }

    // ---- feeding ------------------------------------------------------------------------

    private long height() {
        return chain == null ? 0 : chain.height();
    }

    /** Indexes the next height; keeps a later one until the gap before it is filled from the follower. */
    private void offer(ExecutedBlock block) {
        if (block.height() <= height()) {
            return;
        }
        if (block.height() == height() + 1 && !fillingGap) {
            index(block);
            while (!early.isEmpty() && early.firstKey() <= height() + 1) {
                ExecutedBlock next = early.pollFirstEntry().getValue();
                if (next.height() == height() + 1) {
                    index(next);
                }
            }
            return;
        }
        if (early.size() < limits.retainedBlocks()) {
            early.put(block.height(), block);
        }
        fillGap();
    }

    private void fillGap() {
        if (fillingGap) {
            return;
        }
        fillingGap = true;
        long from = height() + 1;
        context.pipeToSelf(AskPattern.<ChainFollower.Command, ChainFollower.Executed>ask(follower,
                        replyTo -> new ChainFollower.GetExecuted(from, 256, replyTo), Duration.ofSeconds(60),
                        context.getSystem().scheduler()),
                (executed, failure) -> new GapFilled(failure == null ? executed.blocks() : List.of()));
    }

    private Behavior<Command> onGapFilled(GapFilled filled) {
        fillingGap = false;
        for (ExecutedBlock block : filled.blocks()) {
            if (block.height() == height() + 1) {
                index(block);
            }
        }
        early.headMap(height(), true).clear();
        if (!early.isEmpty()) {
            if (early.firstKey() == height() + 1) {
                offer(early.pollFirstEntry().getValue());
            } else if (!filled.blocks().isEmpty()) {
                fillGap();
            } else {
                timers.startSingleTimer("gap", new Indexed(early.pollFirstEntry().getValue()), Duration.ofSeconds(1));
            }
        }
        return this;
    }

    private void index(ExecutedBlock executed) {
        CommittedBlock block = executed.block();
        BlockResult result = executed.result();
        chain = executed.chain();
        diverged |= executed.diverged();
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
        journal(block, result, executed.accounts());
        track(block, chain.certifying());
        metrics.blockIndexed(result, chain.markets());
        metrics.security(chain.security());
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
    private void journal(CommittedBlock block, BlockResult result, List<AccountBlock> touched) {
        Set<Bytes32> existing = new HashSet<>();
        for (AccountBlock account : touched) {
            existing.add(Bytes32.fromHex(account.accountKey()));
        }
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
                journalEvents(accepted.events(), block.height(), view.txHash(), existing);
            }
        }
        journalEvents(result.startEvents(), block.height(), null, existing);
        journalEvents(result.endEvents(), block.height(), null, existing);
    }

    /** Events naming an account go to its journal when it exists (touched by the block, or journaled before). */
    private void journalEvents(List<LedgerEvent> events, long height, String txHash, Set<Bytes32> touched) {
        for (LedgerEvent event : events) {
            LedgerEventView view = Views.event(event);
            for (Bytes32 account : Views.accountsOf(event)) {
                if (touched.contains(account) || journals.containsKey(account)) {
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

    private void track(CommittedBlock block, List<io.ballast.core.ledger.ValidatorInfo> members) {
        long time = block.block().header().timestampMillis();
        metrics.blockTime(time);
        intervals.addLast(Math.max(0, time - lastBlockMillis));
        lastBlockMillis = time;
        while (intervals.size() > 256) {
            intervals.pollFirst();
        }
        Set<Bytes32> signers = new HashSet<>();
        for (CommitCertificate.CommitSig sig : block.certificate().signatures()) {
            if (sig.validator() >= 0 && sig.validator() < members.size()) {
                Bytes32 key = members.get(sig.validator()).key();
                signers.add(key);
                lastVotes.put(key, new long[] {block.height(), sig.timestampMillis()});
            }
        }
        List<Bytes32> failed = new ArrayList<>();
        for (int index : block.block().header().failedProposers()) {
            if (index >= 0 && index < members.size()) {
                failed.add(members.get(index).key());
            }
        }
        recentCommits.addLast(new Commit(members, signers, failed));
        while (recentCommits.size() > Math.max(limits.onlineWindowBlocks(), reputationWindow())) {
            recentCommits.pollFirst();
        }
        if (lastVotes.size() > 2 * Genesis.MAX_VALIDATORS) { // keys that left long ago
            Set<Bytes32> known = new HashSet<>();
            chain.stakes().forEach(stake -> known.add(stake.key()));
            members.forEach(member -> known.add(member.key()));
            lastVotes.keySet().retainAll(known);
        }
    }

    /** Certificates over which uptime and failed proposals count: the genesis leader-reputation window. */
    private int reputationWindow() {
        return Math.max(1, consensus.reputationWindowBlocks());
    }

    /** What the last certificates show of {@code key}. */
    private ValidatorViews.Activity activity(Bytes32 key) {
        boolean online = false;
        int failed = 0;
        long window = 0;
        long signed = 0;
        int age = recentCommits.size();
        for (Commit commit : recentCommits) {
            boolean signedThis = commit.signers().contains(key);
            if (age <= limits.onlineWindowBlocks()) {
                online |= signedThis;
            }
            if (age <= reputationWindow()) {
                failed += (int) commit.failedProposers().stream().filter(key::equals).count();
                if (commit.members().stream().anyMatch(member -> member.key().equals(key))) {
                    window++;
                    if (signedThis) {
                        signed++;
                    }
                }
            }
            age--;
        }
        long[] vote = lastVotes.getOrDefault(key, new long[2]);
        return new ValidatorViews.Activity(vote[0], vote[1], online, failed, window, signed);
    }

    // ---- queries ------------------------------------------------------------------------

    /** Values the account (and proves it, if asked) on the follower's ledger; a proof then waits for block H+1 here. */
    private Behavior<Command> onGetAccount(GetAccount get) {
        Bytes32 key = get.key();
        ActorRef<AccountRead> self = context.getSelf().narrow();
        follower.tell(new ChainFollower.Read<>(state -> new AccountRead(StateViews.account(state, key),
                get.proof() ? state.proveAccount(key).orElse(null) : null, state.stateRoot(), get.proof(), get.replyTo()),
                self));
        return this;
    }

    private Behavior<Command> onAccountRead(AccountRead read) {
        if (!read.withProof()) {
            read.replyTo().tell(Answer.of(read.view()));
        } else if (read.proof() == null) {
            read.replyTo().tell(Answer.failed(ApiError.notFound(ProblemCode.ACCOUNT_NOT_FOUND, "no account " + read.view().account()
                    + " at height " + read.view().height() + " (absence has no proof)")));
        } else {
            park(new ProofWaiter(read.view(), read.proof(), read.root(), read.replyTo()), limits.proofWait());
        }
        return this;
    }

    private Behavior<Command> onPrecheck(Precheck check) {
        SignedTransaction tx = check.tx();
        follower.tell(new ChainFollower.Read<>(state -> {
            Admission.Refusal refusal = Admission.check(state, tx);
            return refusal == null ? Answer.of(true) : Answer.<Boolean>failed(ApiError.ofRejection(refusal.code(),
                    refusal.detail()));
        }, check.replyTo()));
        return this;
    }

    private record ProofWaiter(AccountView view, AccountProof proof, Bytes32 root, ActorRef<Answer<AccountView>> replyTo) {}

    private Behavior<Command> onGetBlock(GetBlock get) {
        long height = get.height() < 0 ? height() : get.height();
        BlockView block = blocks.get(height);
        if (block != null) {
            get.replyTo().tell(Answer.of(block));
        } else if (height > height() || height <= 0) {
            get.replyTo().tell(Answer.failed(ApiError.notFound(ProblemCode.BLOCK_NOT_FOUND,
                    "no committed block at height " + height + " (latest indexed: " + height() + ")")));
        } else {
            get.replyTo().tell(Answer.failed(new ApiError(410, ProblemCode.BLOCK_NOT_RETAINED, "block " + height
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

    private void park(Object request, Duration maxWait) {
        if (waiters.size() >= limits.waitersMax()) {
            ApiError busy = new ApiError(503, ProblemCode.NODE_BUSY, "too many clients waiting on this node", 1);
            if (request instanceof ProofWaiter proof) {
                proof.replyTo().tell(Answer.failed(busy));
            } else if (request instanceof AwaitBlock block) {
                block.replyTo().tell(Answer.failed(busy));
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
            proof.replyTo().tell(Answer.failed(new ApiError(503, ProblemCode.PROOF_UNAVAILABLE,
                    "block " + (proof.view().height() + 1) + " (which certifies the root after " + proof.view().height()
                            + ") did not commit within " + limits.proofWait().toMillis() + " ms", 1)));
        } else if (waiter.request() instanceof AwaitBlock block) {
            block.replyTo().tell(Answer.of(null));
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
        if (chain != null) {
            for (io.ballast.core.ledger.MarketView market : chain.markets()) {
                markets.add(StateViews.market(genesis, chain, market, recentFinality));
            }
        }
        return markets;
    }

    /** Before the first block is indexed: the genesis state's view (its set, bonds and security). */
    private ChainView genesisView() {
        if (genesisView == null) {
            genesisView = ChainView.of(io.ballast.core.ledger.LedgerState.fromGenesis(genesis));
        }
        return genesisView;
    }

    private ChainSummary summary() {
        Map<Bytes32, String> ids = new HashMap<>();
        for (int i = 0; i < genesis.validators().size() && i < validatorIds.size(); i++) {
            ids.put(genesis.validators().get(i).key(), validatorIds.get(i));
        }
        ChainView latest = chain != null ? chain : genesisView();
        List<ValidatorView> validators = ValidatorViews.validators(latest, genesis.staking().enabled(),
                key -> ids.getOrDefault(key, "validator-" + key.toHex().substring(0, 8)), this::activity);
        io.ballast.api.model.StatusView.Security security = ValidatorViews.security(genesis.staking().enabled(),
                latest.security());
        return new ChainSummary(genesis.chainId(), height(), chain == null ? genesis.genesisTimeMillis() : chain.timeMillis(),
                chain == null ? "" : chain.stateRoot(), List.copyOf(intervals), validators, security, markets(), diverged);
    }
}
