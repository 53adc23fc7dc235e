package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.encoding.DecodingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One validator's Tendermint-style BFT state machine. Pure and single-threaded: the host feeds
 * {@link Event}s to {@link #step} and performs the returned {@link Actions} in order (persist,
 * then send, then schedule timers, then notify). See the package README for the protocol and its
 * safety argument.
 */
public final class Validator {
    private static final int STEP_PROPOSE = 1;
    private static final int STEP_PREVOTE = 2;
    private static final int STEP_PRECOMMIT = 3;
    private static final int MAX_EVALUATIONS_PER_STEP = 100_000;

    private final ConsensusConfig config;
    private final Bytes32 chainId;
    private final KeyPair keys;
    private final Application app;
    private final SafetyRules rules;
    private final Mempool mempool;
    private final ChainState chain;
    private final Sync sync;

    private SafetyState safety = SafetyState.INITIAL;
    private int myIndex;
    private long height;
    private int round;
    private int step;
    private boolean started;
    private int lockedRound = -1;
    private Bytes32 lockedHash = Bytes32.ZERO;
    private int validRound = -1;
    private Block validBlock;
    private final TreeMap<Integer, Message.Proposal> proposals = new TreeMap<>();
    private final Map<Bytes32, Block> blocks = new HashMap<>();
    private final Map<Bytes32, Boolean> validity = new HashMap<>();
    private VoteBook votes = new VoteBook();
    private final RoundTracker rounds = new RoundTracker();
    private List<Vote> roundJustification = List.of();
    private Set<Vote> lastHeightPrecommits = new HashSet<>();
    private final Set<Long> scheduledRoundTimers = new HashSet<>();
    private final Set<Integer> polkaHandled = new HashSet<>();
    private final List<byte[]> futureHeightMessages = new ArrayList<>();
    private final LinkedHashMap<Bytes32, Evidence> pendingEvidence = new LinkedHashMap<>();
    private TimeoutCertificate lastTimeoutCertificate;
    private boolean proposeDelayScheduled;
    private long roundStartedMillis;

    private Actions.Builder out;
    private long now;

    private Validator(ConsensusConfig config, Genesis genesis, KeyPair keys, Application app, SafetyRules rules) {
        this.config = config;
        this.chainId = genesis.chainId();
        this.keys = keys;
        this.app = app;
        this.rules = rules;
        this.mempool = new Mempool(config);
        this.chain = new ChainState(config, genesis, app);
        this.sync = new Sync(this);
        this.height = 1;
        this.myIndex = chain.set.indexOf(keys.publicKey());
        this.rounds.reset(chain.set.size());
    }

    /** A validator at genesis; {@code app} must hold the genesis state. Feed {@link Event.Start} next. */
    public static Validator create(ConsensusConfig config, Genesis genesis, KeyPair keys, Application app,
                                   SafetyRules rules) {
        return new Validator(config, genesis, keys, app, rules);
    }

    public static Validator create(ConsensusConfig config, Genesis genesis, KeyPair keys, Application app) {
        return create(config, genesis, keys, app, SafetyRules.SAFE);
    }

    /**
     * Rebuilds a validator after a crash from what the host persisted.
     *
     * @param app        a fresh application at the genesis state (it is restored from {@code checkpoint} if given)
     * @param safety     the last persisted {@link SafetyState} (null if none was ever persisted)
     * @param lock       the last persisted {@link LockProof} (null if none); ignored unless it matches the safety state's lock
     * @param checkpoint the last persisted {@link Checkpoint} (null if the validator never installed a snapshot)
     * @param committed  the persisted committed blocks in height order, at least every height above the
     *                   checkpoint (or from 1); they are re-executed
     */
    public static Validator restore(ConsensusConfig config, Genesis genesis, KeyPair keys, Application app,
                                    SafetyState safety, LockProof lock, Checkpoint checkpoint,
                                    List<CommittedBlock> committed, SafetyRules rules) {
        Validator validator = new Validator(config, genesis, keys, app, rules);
        if (checkpoint != null) {
            app.restore(checkpoint.appSnapshot());
            validator.chain.install(checkpoint);
        }
        for (CommittedBlock block : committed) {
            if (block.height() <= validator.chain.lastHeight) {
                continue;
            }
            if (block.height() != validator.chain.lastHeight + 1 || !block.verify(validator.chain.set)) {
                throw new IllegalArgumentException("persisted chain is broken at height " + block.height());
            }
            validator.chain.apply(block);
            validator.mempool.removeCommitted(block.block().transactions());
        }
        validator.height = validator.chain.lastHeight + 1;
        validator.myIndex = validator.chain.set.indexOf(keys.publicKey());
        validator.rounds.reset(validator.chain.set.size());
        if (safety != null) {
            validator.safety = safety;
            if (safety.height() == validator.height) {
                validator.round = safety.round();
                validator.lockedRound = safety.lockedRound();
                validator.lockedHash = safety.lockedHash();
                validator.restoreLock(lock);
                validator.restoreJustification(safety.roundJustification());
            }
        }
        return validator;
    }

    /** Re-arms the votes that justify the restored round, so peers still behind can be brought to it. */
    private void restoreJustification(List<Vote> justification) {
        List<Vote> verified = new ArrayList<>();
        for (Vote vote : justification) {
            if (vote.height() == height && vote.verify(chain.set, chainId)) {
                verified.add(vote);
                rounds.note(vote);
                VoteBook.Tally tally = votes.tally(vote.round(), vote.type());
                if (tally.get(vote.validator()) == null) {
                    tally.add(vote, chain.set.stake(vote.validator()));
                }
            }
        }
        roundJustification = List.copyOf(verified);
    }

    /** Re-arms the locked block and its polka so this validator can re-propose it and others can accept it. */
    private void restoreLock(LockProof lock) {
        if (lock == null || lock.height() != height || lock.round() != lockedRound
                || !lock.block().hash().equals(lockedHash) || !lock.verify(chain.set, chainId)) {
            return;
        }
        validRound = lock.round();
        validBlock = lock.block();
        blocks.put(lockedHash, lock.block());
        for (Vote vote : lock.prevotes()) {
            VoteBook.Tally tally = votes.tally(vote.round(), vote.type());
            if (tally.get(vote.validator()) == null) {
                tally.add(vote, chain.set.stake(vote.validator()));
            }
        }
    }

    /** The one entry point: consume an event, return what the host must do, in order. */
    public Actions step(Event event) {
        out = new Actions.Builder();
        now = event.nowMillis();
        try {
            if (event instanceof Event.Start) {
                onStart();
            } else if (event instanceof Event.Received received) {
                onReceived(received.bytes());
            } else if (event instanceof Event.TimerFired fired) {
                onTimer(fired.timer());
            } else if (event instanceof Event.SubmitTransactions submit) {
                onSubmit(submit.transactions());
            }
            evaluate();
            return out.build();
        } finally {
            out = null;
        }
    }

    // ---------------------------------------------------------------- events

    private void onStart() {
        if (started) {
            return;
        }
        started = true;
        startRound(round, roundJustification);
        if (safety.height() == height && myIndex >= 0) {
            for (Vote own : new Vote[] {safety.roundPrevote(), safety.lastVote()}) {
                if (own != null && own.validator() == myIndex) {
                    acceptOwnVote(own);
                    broadcast(own);
                }
            }
        }
    }

    private void onReceived(byte[] bytes) {
        if (bytes.length > config.maxMessageBytes() + (long) config.maxSnapshotBytes()) {
            return;
        }
        Message message;
        try {
            message = Message.decode(bytes, config);
        } catch (DecodingException | IllegalArgumentException | ArithmeticException malformed) {
            return;
        }
        handle(message, bytes);
    }

    private void handle(Message message, byte[] bytes) {
        if (message instanceof Vote vote) {
            onVote(vote, bytes);
        } else if (message instanceof Message.Proposal proposal) {
            onProposal(proposal, bytes);
        } else if (message instanceof Message.TxGossip gossip) {
            onTxGossip(gossip);
        } else if (message instanceof Message.SyncRequest request) {
            sync.onSyncRequest(request);
        } else if (message instanceof Message.SyncResponse response) {
            sync.onSyncResponse(response);
        } else if (message instanceof Message.SnapshotRequest request) {
            sync.onSnapshotRequest(request);
        } else if (message instanceof Message.SnapshotResponse response) {
            sync.onSnapshotResponse(response);
        }
    }

    private void onTimer(Timer timer) {
        if (timer.kind() == Timer.Kind.SYNC_RETRY) {
            sync.onRetryTimer();
            return;
        }
        if (timer.height() != height || timer.round() != round || !started || sync.awaitingSnapshot()) {
            return;
        }
        switch (timer.kind()) {
            case PROPOSE -> {
                if (step == STEP_PROPOSE) {
                    castVote(Vote.Type.PREVOTE, Bytes32.ZERO);
                    step = STEP_PREVOTE;
                }
            }
            case PREVOTE -> {
                if (step == STEP_PREVOTE) {
                    castVote(Vote.Type.PRECOMMIT, Bytes32.ZERO);
                    step = STEP_PRECOMMIT;
                }
            }
            case PRECOMMIT -> startRound(round + 1, votes.existing(round, Vote.Type.PRECOMMIT).all()); // armed on its quorum
            case PROPOSE_DELAY -> {
                proposeDelayScheduled = false;
                if (step == STEP_PROPOSE) {
                    propose(true);
                }
            }
            case RETRANSMIT -> retransmit();
            default -> { }
        }
    }

    private void onSubmit(List<byte[]> transactions) {
        enterMempool(transactions, true);
    }

    /**
     * Admits, gossips what was accepted and wakes a waiting leader. {@code clientOutcomes}: one {@link Action.TxOutcome}
     * per transaction for the host to return to its submitter (none for the validator's own reports: no client waits).
     */
    private void enterMempool(List<byte[]> transactions, boolean clientOutcomes) {
        List<byte[]> accepted = new ArrayList<>();
        for (byte[] tx : transactions) {
            TxResult result = admit(tx);
            if (clientOutcomes) {
                out.notify(new Action.TxOutcome(result));
            }
            if (result.status() == TxResult.Status.ACCEPTED) {
                accepted.add(tx);
            }
        }
        gossip(accepted);
        if (!accepted.isEmpty()) {
            workArrived();
        }
    }

    /**
     * Transactions entered the mempool: a leader waiting out the empty-block delay proposes now (or once the
     * minimum block interval has passed) instead of at the delay's end.
     */
    private void workArrived() {
        if (proposeDelayScheduled && step == STEP_PROPOSE) {
            long intervalLeftMillis = roundStartedMillis + config.minBlockIntervalMillis() - now;
            if (intervalLeftMillis > 0) {
                schedule(Timer.Kind.PROPOSE_DELAY, intervalLeftMillis); // the longer empty-block delay stays armed
            } else {
                propose(true);
            }
        }
    }

    private TxResult admit(byte[] tx) {
        if (tx.length > config.maxTxBytes()) {
            return mempool.add(tx, TxCheck.reject("too large"));
        }
        Bytes32 hash = Block.txHash(tx);
        if (mempool.contains(hash)) {
            return TxResult.duplicate(hash);
        }
        return mempool.add(tx, app.checkTransaction(tx));
    }

    private void gossip(List<byte[]> accepted) {
        List<byte[]> batch = new ArrayList<>();
        long bytes = 0;
        for (byte[] tx : accepted) {
            if (batch.size() >= config.maxBlockTxs() || bytes + tx.length + 4 > config.maxMessageBytes() / 2) {
                broadcast(Message.Codec.txGossip(keys.publicKey(), batch));
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(tx);
            bytes += tx.length + 4;
        }
        if (!batch.isEmpty()) {
            broadcast(Message.Codec.txGossip(keys.publicKey(), batch));
        }
    }

    /**
     * Each transaction is checked on admission (its own signature included). The sender is claimed, not proven
     * (peers are authenticated by the transport); gossip naming no member is dropped unread.
     */
    private void onTxGossip(Message.TxGossip gossip) {
        if (chain.set.indexOf(gossip.sender()) < 0) {
            return;
        }
        boolean accepted = false;
        for (byte[] tx : gossip.transactions()) {
            accepted |= admit(tx).status() == TxResult.Status.ACCEPTED;
        }
        if (accepted) {
            workArrived();
        }
    }

    // ---------------------------------------------------------------- votes and proposals

    private void onVote(Vote vote, byte[] bytes) {
        if (vote.height() != height) {
            if (vote.height() == height - 1) {
                extendLastCommit(vote);
            }
            onOtherHeight(vote.height(), senderOfOtherHeight(vote.height(), vote.validator()), bytes);
            return;
        }
        if (!chain.set.contains(vote.validator())) {
            return;
        }
        if (vote.round() > round + config.futureRoundWindow()) {
            if (vote.round() > rounds.roundOf(vote.validator()) && vote.verify(chain.set, chainId)) {
                rounds.note(vote); // too far ahead to keep, but it counts for the round skip
            }
            return;
        }
        VoteBook.Tally tally = votes.existing(vote.round(), vote.type());
        Vote existing = tally == null ? null : tally.get(vote.validator());
        if (existing != null) {
            if (!tally.has(vote.validator(), vote.blockHash()) && vote.verify(chain.set, chainId)) {
                reportEquivocation(existing, vote);
                if (vote.isNil() || blocks.containsKey(vote.blockHash()) || tally.blocksVotedBy(vote.validator()) < 2) {
                    tally.addConflicting(vote, chain.set.stake(vote.validator()));
                }
            }
            return;
        }
        if (!vote.verify(chain.set, chainId)) {
            return;
        }
        votes.tally(vote.round(), vote.type()).add(vote, chain.set.stake(vote.validator()));
        rounds.note(vote);
        if (!roundJustification.isEmpty() && rounds.firstSightBehind(vote.validator(), round)) {
            sendCatchUp(chain.set.member(vote.validator()).publicKey());
        }
    }

    /**
     * A precommit for the block just committed that arrived after its quorum: the certificate this validator will
     * carry as the next block's {@code lastCommit} takes it in, so the application sees every validator that was
     * live for the block (downtime, rewards), not only the first quorum. Each validator is added once, verified.
     */
    private void extendLastCommit(Vote vote) {
        CommitCertificate last = chain.lastCommit;
        ValidatorSet set = chain.prevSet;
        if (last == null || set == null || vote.type() != Vote.Type.PRECOMMIT || vote.round() != last.round()
                || !vote.blockHash().equals(last.blockHash()) || !set.contains(vote.validator())) {
            return;
        }
        List<CommitCertificate.CommitSig> sigs = new ArrayList<>(last.signatures().size() + 1);
        int at = 0;
        for (CommitCertificate.CommitSig sig : last.signatures()) {
            if (sig.validator() == vote.validator()) {
                return;
            }
            if (sig.validator() < vote.validator()) {
                at++;
            }
            sigs.add(sig);
        }
        if (!vote.verify(set, chainId)) {
            return;
        }
        sigs.add(at, new CommitCertificate.CommitSig(vote.validator(), vote.timestampMillis(), vote.signature()));
        chain.lastCommit = new CommitCertificate(last.chainId(), last.height(), last.round(), last.blockHash(), sigs);
        lastHeightPrecommits.add(vote);
    }

    private void reportEquivocation(Vote first, Vote second) {
        Evidence evidence = Evidence.of(chain.set.member(first.validator()).publicKey(), first, second);
        Bytes32 id = evidence.id();
        if (chain.committedEvidence.containsKey(id) || pendingEvidence.containsKey(id)) {
            return;
        }
        if (pendingEvidence.size() < config.maxPendingEvidence()) {
            pendingEvidence.put(id, evidence);
        }
        out.notify(new Action.EvidenceFound(evidence));
    }

    private void onProposal(Message.Proposal proposal, byte[] bytes) {
        if (proposal.height() != height) {
            onOtherHeight(proposal.height(), senderOfOtherHeight(proposal.height(), proposal.sender()), bytes);
            return;
        }
        if (proposal.round() > round + config.futureRoundWindow() || proposals.containsKey(proposal.round())
                || proposal.sender() != chain.schedule.leader(height, proposal.round())
                || !proposal.verify(chain.set, chainId) || !proposal.block().contentMatchesHeader()) {
            return;
        }
        proposals.put(proposal.round(), proposal);
        blocks.put(proposal.block().hash(), proposal.block());
    }

    /**
     * The key behind a validator index of a message for another height. Later heights are signed by
     * index in the next set (it differs from the current one after an epoch's last block), so a
     * lagging validator asks the right peer for the blocks it missed. (The simulator found two
     * validators stuck for ever at an epoch's last block, asking each other.)
     */
    private Bytes32 senderOfOtherHeight(long messageHeight, int index) {
        ValidatorSet set = messageHeight > height ? chain.nextSet : chain.set;
        return set.contains(index) ? set.member(index).publicKey() : null;
    }

    /** A message for another height: buffer it if it is for the next one; sync if we are behind. */
    private void onOtherHeight(long messageHeight, Bytes32 sender, byte[] bytes) {
        if (messageHeight == height + 1 && futureHeightMessages.size() < config.maxFutureHeightMessages()) {
            futureHeightMessages.add(bytes);
        }
        if (messageHeight > height && sender != null) {
            sync.behind(sender, messageHeight - 1);
        }
    }

    // ---------------------------------------------------------------- rounds

    /** Enters {@code newRound}; {@code justification} are the signed votes that allow it (empty for round 0). */
    private void startRound(int newRound, List<Vote> justification) {
        round = newRound;
        roundJustification = List.copyOf(justification);
        step = STEP_PROPOSE;
        pruneOldRounds();
        proposeDelayScheduled = false;
        roundStartedMillis = now;
        long proposeTimeout = config.roundTimeoutMillis(newRound) + (newRound == 0 ? config.proposeDelayMillis(true) : 0);
        schedule(Timer.Kind.PROPOSE, proposeTimeout);
        schedule(Timer.Kind.RETRANSMIT, 3 * config.roundTimeoutMillis(newRound) + proposeTimeout);
        if (isLeader()) {
            propose(false);
        }
    }

    /**
     * Keeps per-height state bounded: rounds more than {@code futureRoundWindow} behind the current
     * one are forgotten, except the lock and valid rounds. Forgetting votes can only cost liveness
     * (a late commit quorum is then learnt through sync), never safety.
     */
    private void pruneOldRounds() {
        int floor = round - config.futureRoundWindow();
        if (floor <= 0) {
            return;
        }
        votes.pruneBelow(floor, lockedRound, validRound);
        proposals.headMap(floor).keySet().removeIf(r -> r != lockedRound && r != validRound);
        Set<Bytes32> referenced = new HashSet<>();
        for (Message.Proposal proposal : proposals.values()) {
            referenced.add(proposal.block().hash());
        }
        blocks.keySet().removeIf(hash -> !referenced.contains(hash) && !hash.equals(lockedHash));
        validity.keySet().removeIf(hash -> !blocks.containsKey(hash));
        polkaHandled.removeIf(r -> r < floor);
        scheduledRoundTimers.removeIf(key -> (key >> 8) < floor);
    }

    private boolean isLeader() {
        return myIndex >= 0 && chain.schedule.leader(height, round) == myIndex && !sync.awaitingSnapshot();
    }

    private void schedule(Timer.Kind kind, long delayMillis) {
        out.timer(new Action.ScheduleTimer(new Timer(kind, height, round), now + delayMillis));
    }

    private void propose(boolean delayExpired) {
        if (!isLeader() || proposals.containsKey(round)) {
            return;
        }
        Block block;
        int proposalValidRound = -1;
        if (validBlock != null) {
            block = validBlock;
            proposalValidRound = validRound;
        } else {
            long delayMillis = config.proposeDelayMillis(mempool.size() == 0 && pendingEvidence.isEmpty());
            if (!delayExpired && round == 0 && delayMillis > 0) {
                proposeDelayScheduled = true;
                schedule(Timer.Kind.PROPOSE_DELAY, delayMillis);
                return;
            }
            block = buildBlock();
        }
        if (!maySign(SafetyState.STEP_PROPOSAL, block.hash())) {
            return;
        }
        Message.Proposal proposal = Message.Proposal.sign(keys, chainId, height, round, proposalValidRound, block,
                myIndex);
        recordSignature(SafetyState.STEP_PROPOSAL, block.hash(), null);
        broadcast(proposal);
        if (proposalValidRound >= 0) {
            sendProofOfLock(proposalValidRound, block.hash());
        }
        proposals.put(round, proposal);
        blocks.put(block.hash(), block);
    }

    /**
     * A re-proposal with validRound vr is only prevoted by validators that hold the polka of vr;
     * those prevotes may have been lost, so the leader sends them along (Tendermint's POL gossip).
     */
    private void sendProofOfLock(int polkaRound, Bytes32 hash) {
        VoteBook.Tally polka = votes.existing(polkaRound, Vote.Type.PREVOTE);
        if (polka != null) {
            for (Vote vote : polka.votesFor(hash)) {
                broadcast(vote);
            }
        }
    }

    private Block buildBlock() {
        List<byte[]> txs = mempool.reap(config.maxBlockTxs(), config.maxBlockBytes(), app::nextSequence);
        List<Evidence> evidence = new ArrayList<>();
        for (Evidence e : pendingEvidence.values()) {
            if (evidence.size() < config.maxBlockEvidence() && evidenceAcceptable(e)) {
                evidence.add(e);
            }
        }
        CommitCertificate lastCommit = height == 1 ? null : chain.lastCommit;
        BlockHeader header = new BlockHeader(chainId, height, chain.epochOf(height), expectedTime(lastCommit),
                myIndex, chain.lastBlockHash, Block.lastCommitHash(lastCommit), chain.stateRoot, chain.set.hash(),
                chain.nextSet.hash(), Block.txRoot(txs), Block.evidenceRoot(evidence), expectedFailed(lastCommit));
        return new Block(header, txs, evidence, lastCommit);
    }

    private long expectedTime(CommitCertificate lastCommit) {
        return lastCommit == null ? chain.genesis().genesisTimeMillis() : BlockTime.weightedMedian(lastCommit, chain.prevSet);
    }

    private List<Integer> expectedFailed(CommitCertificate lastCommit) {
        if (lastCommit == null || chain.isFirstOfEpoch(height) || chain.prevSchedule == null) {
            return List.of();
        }
        return chain.prevSchedule.failedLeaders(height - 1, lastCommit.round());
    }

    private boolean evidenceAcceptable(Evidence evidence) {
        long evidenceHeight = evidence.height();
        return evidenceHeight <= height && evidenceHeight + config.syncWindowBlocks() >= height
                && chain.epochOf(evidenceHeight) == chain.epochOf(height)
                && !chain.committedEvidence.containsKey(evidence.id())
                && evidence.verify(chain.set, chainId);
    }

    /** Full validity of a proposed block for the current height (cached by hash). */
    private boolean isValid(Block block) {
        return validity.computeIfAbsent(block.hash(), hash -> checkValid(block));
    }

    private boolean checkValid(Block block) {
        BlockHeader header = block.header();
        CommitCertificate lastCommit = block.lastCommit();
        if (!header.chainId().equals(chainId) || header.height() != height || header.epoch() != chain.epochOf(height)
                || !header.parentHash().equals(chain.lastBlockHash) || !header.stateRoot().equals(chain.stateRoot)
                || !header.validatorSetHash().equals(chain.set.hash())
                || !header.nextValidatorSetHash().equals(chain.nextSet.hash())
                || !chain.set.contains(header.proposer()) || !block.contentMatchesHeader()
                || block.transactions().size() > config.maxBlockTxs()
                || block.transactionBytes() > config.maxBlockBytes()
                || block.evidence().size() > config.maxBlockEvidence()) {
            return false;
        }
        if (height > 1) {
            if (lastCommit == null || chain.prevSet == null || lastCommit.height() != height - 1
                    || !lastCommit.blockHash().equals(chain.lastBlockHash)
                    || !lastCommit.verify(chain.prevSet, chainId, lastHeightPrecommits)) {
                return false;
            }
        }
        if (header.timestampMillis() != expectedTime(lastCommit)
                || !header.failedProposers().equals(expectedFailed(lastCommit))) {
            return false;
        }
        Set<Bytes32> seen = new HashSet<>();
        for (Evidence evidence : block.evidence()) {
            if (!seen.add(evidence.id()) || !evidenceAcceptable(evidence)) {
                return false;
            }
        }
        return true;
    }

    /** Applies Tendermint's upon-rules until none fires. */
    private void evaluate() {
        if (!started) {
            return;
        }
        for (int i = 0; i < MAX_EVALUATIONS_PER_STEP; i++) {
            if (sync.awaitingSnapshot() || !evaluateOnce()) {
                return;
            }
        }
        throw new IllegalStateException("consensus rules did not settle");
    }

    private boolean evaluateOnce() {
        if (tryCommit() || trySkipRound()) {
            return true;
        }
        Message.Proposal proposal = proposals.get(round);
        if (step == STEP_PROPOSE && proposal != null && tryPrevote(proposal)) {
            return true;
        }
        VoteBook.Tally prevotes = votes.existing(round, Vote.Type.PREVOTE);
        if (prevotes != null) {
            if (step == STEP_PREVOTE && chain.set.isQuorum(prevotes.totalStake)) {
                scheduleOnce(Timer.Kind.PREVOTE);
            }
            if (proposal != null && step >= STEP_PREVOTE && !polkaHandled.contains(round)
                    && chain.set.isQuorum(prevotes.stakeFor(proposal.block().hash())) && isValid(proposal.block())) {
                polkaHandled.add(round);
                validRound = round;
                validBlock = proposal.block();
                if (step == STEP_PREVOTE) {
                    lockedRound = round;
                    lockedHash = proposal.block().hash();
                    if (myIndex >= 0) {
                        out.persist(new Action.PersistLock(new LockProof(height, round, proposal.block(),
                                prevotes.votesFor(lockedHash))));
                    }
                    castVote(Vote.Type.PRECOMMIT, lockedHash);
                    step = STEP_PRECOMMIT;
                }
                return true;
            }
            if (step == STEP_PREVOTE && chain.set.isQuorum(prevotes.stakeFor(Bytes32.ZERO))) {
                castVote(Vote.Type.PRECOMMIT, Bytes32.ZERO);
                step = STEP_PRECOMMIT;
                return true;
            }
        }
        VoteBook.Tally precommits = votes.existing(round, Vote.Type.PRECOMMIT);
        if (precommits != null) {
            if (chain.set.isQuorum(precommits.stakeFor(Bytes32.ZERO))) {
                lastTimeoutCertificate = new TimeoutCertificate(chainId, height, round,
                        signatures(precommits.votesFor(Bytes32.ZERO)));
                startRound(round + 1, precommits.all());
                return true;
            }
            if (chain.set.isQuorum(precommits.totalStake)) {
                scheduleOnce(Timer.Kind.PRECOMMIT);
            }
        }
        return false;
    }

    private void scheduleOnce(Timer.Kind kind) {
        long key = ((long) round << 8) | kind.ordinal();
        if (scheduledRoundTimers.add(key)) {
            schedule(kind, config.roundTimeoutMillis(round));
        }
    }

    private boolean tryPrevote(Message.Proposal proposal) {
        Block block = proposal.block();
        Bytes32 hash = block.hash();
        boolean valid = isValid(block);
        boolean lockAllows;
        if (proposal.validRound() == -1) {
            lockAllows = lockedRound == -1 || lockedHash.equals(hash);
        } else {
            VoteBook.Tally polka = votes.existing(proposal.validRound(), Vote.Type.PREVOTE);
            if (polka == null || !chain.set.isQuorum(polka.stakeFor(hash))) {
                return false;
            }
            lockAllows = lockedRound <= proposal.validRound() || lockedHash.equals(hash);
        }
        if (!rules.enforceLock()) {
            lockAllows = true;
        }
        castVote(Vote.Type.PREVOTE, valid && lockAllows ? hash : Bytes32.ZERO);
        step = STEP_PREVOTE;
        return true;
    }

    private boolean tryCommit() {
        for (int r : votes.rounds()) {
            VoteBook.Tally precommits = votes.existing(r, Vote.Type.PRECOMMIT);
            Bytes32 decided = precommits == null ? null : precommits.quorumValue(chain.set);
            if (decided == null || decided.equals(Bytes32.ZERO)) {
                continue;
            }
            Block block = blocks.get(decided);
            if (block == null || !block.header().parentHash().equals(chain.lastBlockHash)) {
                continue;
            }
            CommitCertificate certificate = new CommitCertificate(chainId, height, r, decided,
                    signatures(precommits.votesFor(decided)));
            commit(new CommittedBlock(block, certificate));
            return true;
        }
        return false;
    }

    private static List<CommitCertificate.CommitSig> signatures(List<Vote> votes) {
        List<CommitCertificate.CommitSig> sigs = new ArrayList<>(votes.size());
        for (Vote vote : votes) {
            sigs.add(new CommitCertificate.CommitSig(vote.validator(), vote.timestampMillis(), vote.signature()));
        }
        return sigs;
    }

    /** Validators holding more than 1/3 of the stake have voted in rounds ≥ r > round: go to r. */
    private boolean trySkipRound() {
        int target = rounds.skipTarget(chain.set);
        if (target <= round) {
            return false;
        }
        startRound(target, rounds.votesAtOrAbove(target));
        return true;
    }

    // ---------------------------------------------------------------- signing

    /** Vote safety: never sign at an earlier (height, round, step), nor anything else at the same one. */
    private boolean maySign(int signStep, Bytes32 hash) {
        if (myIndex < 0) {
            return false;
        }
        int order = safety.compareTo(height, round, signStep);
        return order > 0 || (order == 0 && safety.signedHash().equals(hash) && signStep == SafetyState.STEP_PROPOSAL);
    }

    private void castVote(Vote.Type type, Bytes32 hash) {
        if (myIndex < 0) {
            return;
        }
        int order = safety.compareTo(height, round, type.step());
        if (order == 0 && safety.lastVote() != null && safety.lastVote().type() == type
                && safety.lastVote().blockHash().equals(hash)) {
            broadcast(safety.lastVote());
            acceptOwnVote(safety.lastVote());
            return;
        }
        if (order <= 0) {
            return;
        }
        long timestamp = now;
        if (!hash.equals(Bytes32.ZERO) && blocks.containsKey(hash)) {
            timestamp = Math.max(now, blocks.get(hash).header().timestampMillis() + 1);
        }
        Vote vote = Vote.sign(keys, chainId, type, height, round, hash, timestamp, myIndex);
        recordSignature(type.step(), hash, vote);
        broadcast(vote);
        acceptOwnVote(vote);
    }

    private void acceptOwnVote(Vote vote) {
        VoteBook.Tally tally = votes.tally(vote.round(), vote.type());
        if (tally.get(vote.validator()) == null) {
            tally.add(vote, chain.set.stake(vote.validator()));
        }
        rounds.note(vote);
    }

    private void recordSignature(int signStep, Bytes32 hash, Vote vote) {
        Vote roundPrevote = null;
        if (signStep == SafetyState.STEP_PRECOMMIT && safety.height() == height && safety.round() == round
                && safety.step() == SafetyState.STEP_PREVOTE) {
            roundPrevote = safety.lastVote();
        }
        safety = new SafetyState(height, round, signStep, hash, vote, lockedRound, lockedHash, roundPrevote,
                roundJustification);
        if (rules.persistBeforeSign()) {
            out.persistSafety(safety);
        }
    }

    private void broadcast(Message message) {
        List<Bytes32> to = new ArrayList<>(chain.set.size());
        for (ValidatorInfo member : chain.set.members()) {
            if (!member.publicKey().equals(keys.publicKey())) {
                to.add(member.publicKey());
            }
        }
        out.send(new Action.Broadcast(message, to));
    }

    void send(Bytes32 to, Message message) {
        out.send(new Action.Send(to, message));
    }

    /**
     * Lossy links: re-sends this validator's proposal (with its proof of lock) and its votes of the
     * current and the previous round. The previous round matters: a validator that moved on alone
     * must still help the others complete the round they are stuck in. Peers not yet seen in this
     * round also get the votes that justify it, so they can follow whatever they lost.
     */
    private void retransmit() {
        Message.Proposal own = proposals.get(round);
        if (own != null && own.sender() == myIndex) {
            broadcast(own);
            if (own.validRound() >= 0) {
                sendProofOfLock(own.validRound(), own.block().hash());
            }
        }
        for (int r = Math.max(0, round - 1); r <= round && myIndex >= 0; r++) {
            for (Vote.Type type : Vote.Type.values()) {
                VoteBook.Tally tally = votes.existing(r, type);
                Vote mine = tally == null ? null : tally.get(myIndex);
                if (mine != null) {
                    broadcast(mine);
                }
            }
        }
        for (int peer = 0; peer < chain.set.size() && !roundJustification.isEmpty(); peer++) {
            if (peer != myIndex && rounds.roundOf(peer) < round) {
                for (Vote vote : roundJustification) {
                    send(chain.set.member(peer).publicKey(), vote);
                }
            }
        }
        schedule(Timer.Kind.RETRANSMIT, 3 * config.roundTimeoutMillis(round));
    }

    /** A peer is behind in this height: the votes that justify this round, and this validator's own votes in it. */
    private void sendCatchUp(Bytes32 peer) {
        for (Vote vote : roundJustification) {
            send(peer, vote);
        }
        for (Vote.Type type : Vote.Type.values()) {
            VoteBook.Tally tally = votes.existing(round, type);
            Vote mine = tally == null || myIndex < 0 ? null : tally.get(myIndex);
            if (mine != null) {
                send(peer, mine);
            }
        }
    }

    // ---------------------------------------------------------------- commit and new height

    private void commit(CommittedBlock committed) {
        rememberPrecommits(committed);
        ExecutionResult result = chain.apply(committed);
        out.persist(new Action.Commit(committed, result.stateRoot(), result.output()));
        afterCommit(committed);
    }

    /**
     * The verified precommits for the block being committed (its certificate's, checked either as votes or by
     * sync, and any others this validator verified for it): the next height's proposals carry a certificate of
     * this block, and these signatures need no second check.
     */
    private void rememberPrecommits(CommittedBlock committed) {
        Set<Vote> known = new HashSet<>(committed.certificate().votes());
        if (committed.height() == height) {
            for (int r : votes.rounds()) {
                VoteBook.Tally precommits = votes.existing(r, Vote.Type.PRECOMMIT);
                if (precommits != null) {
                    known.addAll(precommits.votesFor(committed.block().hash()));
                }
            }
        }
        lastHeightPrecommits = known;
    }

    /** Applies a certified block from sync (already verified by the caller). */
    void commitSynced(CommittedBlock committed) {
        commit(committed);
    }

    private void afterCommit(CommittedBlock committed) {
        mempool.removeCommitted(committed.block().transactions());
        for (Evidence evidence : committed.block().evidence()) {
            pendingEvidence.remove(evidence.id());
        }
        List<Evidence> expired = new ArrayList<>();
        for (Iterator<Evidence> it = pendingEvidence.values().iterator(); it.hasNext(); ) {
            Evidence e = it.next();
            if (chain.epochOf(e.height()) != chain.epochOf(chain.lastHeight + 1)) {
                expired.add(e);
                it.remove();
            }
        }
        newHeight();
        if (!expired.isEmpty() && out != null) {
            // blocks carry evidence of their own epoch only: the rest reaches the ledger as a signed report
            enterMempool(app.reportTransactions(expired, keys), false);
        }
    }

    void newHeight() {
        height = chain.lastHeight + 1;
        myIndex = chain.set.indexOf(keys.publicKey());
        lockedRound = -1;
        lockedHash = Bytes32.ZERO;
        validRound = -1;
        validBlock = null;
        proposals.clear();
        blocks.clear();
        validity.clear();
        votes = new VoteBook();
        rounds.reset(chain.set.size());
        scheduledRoundTimers.clear();
        polkaHandled.clear();
        if (started) {
            startRound(0, List.of());
        } else {
            round = 0;
            roundJustification = List.of();
        }
        List<byte[]> buffered = new ArrayList<>(futureHeightMessages);
        futureHeightMessages.clear();
        for (byte[] bytes : buffered) {
            onReceived(bytes);
        }
    }

    void persistCheckpoint(Checkpoint checkpoint) {
        out.persist(new Action.PersistCheckpoint(checkpoint));
    }

    void scheduleSyncRetry() {
        out.timer(new Action.ScheduleTimer(new Timer(Timer.Kind.SYNC_RETRY, height, round), now + config.syncRetryMillis()));
    }

    // ---------------------------------------------------------------- accessors for Sync and for hosts/tests

    ConsensusConfig config() {
        return config;
    }

    Bytes32 chainId() {
        return chainId;
    }

    KeyPair keys() {
        return keys;
    }

    Application app() {
        return app;
    }

    ChainState chain() {
        return chain;
    }

    /** The height being decided (last committed + 1). */
    public long height() {
        return height;
    }

    public int round() {
        return round;
    }

    public long lastCommittedHeight() {
        return chain.lastHeight;
    }

    public Bytes32 lastCommittedHash() {
        return chain.lastBlockHash;
    }

    /**
     * A point this validator can be {@link #restore restored} from without older blocks: a checkpoint
     * at the latest snapshot height S and the certified block S+1 (pass it, and every block after it,
     * as {@code committed}). Exists once S+1 is committed ({@code snapshotIntervalBlocks} apart); null
     * before. Hosts store it to bound recovery time and the block store they must replay.
     */
    public RestartPoint restartPoint() {
        ChainState.ServedSnapshot served = chain.served;
        if (served == null) {
            return null;
        }
        return new RestartPoint(new Checkpoint(served.height(), served.history(), served.validators(),
                served.nextValidators(), served.snapshot()), served.attesting());
    }

    /** See {@link #restartPoint()}. */
    public record RestartPoint(Checkpoint checkpoint, CommittedBlock attesting) {}

    /** A recently committed block (within the sync window), or null. */
    public CommittedBlock committedBlock(long committedHeight) {
        return chain.recent.get(committedHeight);
    }

    public Bytes32 stateRoot() {
        return chain.stateRoot;
    }

    /** The set voting on the current height. */
    public ValidatorSet validatorSet() {
        return chain.set;
    }

    public long epoch() {
        return chain.epochOf(height);
    }

    /** This validator's index in the current set, or -1 if it is not a member (it then only follows commits). */
    public int index() {
        return myIndex;
    }

    public Bytes32 publicKey() {
        return keys.publicKey();
    }

    public SafetyState safetyState() {
        return safety;
    }

    public Mempool mempool() {
        return mempool;
    }

    public LeaderSchedule leaderSchedule() {
        return chain.schedule;
    }

    public int leader(int forRound) {
        return chain.schedule.leader(height, forRound);
    }

    public TimeoutCertificate lastTimeoutCertificate() {
        return lastTimeoutCertificate;
    }

    public List<Evidence> pendingEvidence() {
        return List.copyOf(pendingEvidence.values());
    }

    public boolean isAwaitingSnapshot() {
        return sync.awaitingSnapshot();
    }

    @Override
    public String toString() {
        return "Validator[" + keys.publicKey().shortHex() + " #" + myIndex + " h=" + height + " r=" + round + " step="
                + step + "]";
    }
}
