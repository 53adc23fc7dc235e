package io.ballast.sim;

import io.ballast.core.app.LedgerApplication;
import io.ballast.core.consensus.Action;
import io.ballast.core.consensus.Actions;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.consensus.ConsensusConfig;
import io.ballast.core.consensus.Event;
import io.ballast.core.consensus.Evidence;
import io.ballast.core.consensus.Message;
import io.ballast.core.consensus.SafetyState;
import io.ballast.core.consensus.Timer;
import io.ballast.core.consensus.Validator;
import io.ballast.core.consensus.ValidatorInfo;
import io.ballast.core.consensus.ValidatorSet;
import io.ballast.core.consensus.TxResult;
import io.ballast.core.consensus.host.ActionInterpreter;
import io.ballast.core.consensus.host.ValidatorStore;
import io.ballast.core.consensus.Vote;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.LedgerLimits;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.MarketView;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.Totals;
import io.ballast.core.ledger.Units;
import io.ballast.core.oracle.OracleRuleParams;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * One seed: a single-threaded discrete-event simulation of n validators (the real {@link Validator}
 * with the real {@link LedgerApplication}), a simulated network and clock, clients, oracle
 * operators and a seeded adversary. One {@link Random} owns every choice; nothing reads a wall clock
 * and no hash-ordered iteration affects the run, so a seed replays exactly.
 *
 * <p>Run: a fault phase (faults of the scenario drawn from the seed), then the heal (GST: network
 * faults stop, crashed validators restart, paused ones resume; Byzantine validators stay
 * Byzantine), then the liveness check. Invariants are checked on every commit and execution.
 */
public final class Simulation {
    static final long GENESIS_MILLIS = 1_700_000_000_000L;
    static final String CHAIN = "ballast-sim";
    static final String MARKET = "BTC-PERP";
    static final long MAX_EVENTS = 3_000_000;
    static final boolean DEBUG = Boolean.getBoolean("sim.debug");
    static final boolean VERBOSE = Boolean.getBoolean("sim.verbose");
    /** Healthy network: every message is delivered within this bound after the heal. */
    static final long MAX_HEALTHY_DELAY_MILLIS = 40;

    private static final KeyPair[] VALIDATOR_KEYS = new KeyPair[10];
    static final KeyPair AUTHORITY = Ed25519.keyPairFromLabel("sim-collateral-authority");
    static final List<KeyPair> ORACLES = List.of(Ed25519.keyPairFromLabel("sim-oracle-0"),
            Ed25519.keyPairFromLabel("sim-oracle-1"), Ed25519.keyPairFromLabel("sim-oracle-2"),
            Ed25519.keyPairFromLabel("sim-oracle-3"));

    static {
        for (int i = 0; i < VALIDATOR_KEYS.length; i++) {
            VALIDATOR_KEYS[i] = Ed25519.keyPairFromLabel("sim-validator-" + i);
        }
    }

    private record Task(long at, long seq, Runnable run) {}

    final SimOptions options;
    final Scenario scenario;
    final Random random;
    final int n;
    final int f;
    final ConsensusConfig config;
    /** Blocks a store keeps above its checkpoint: the runtime's default for this config. */
    final int retainedBlocks;
    final io.ballast.core.consensus.Genesis consensusGenesis;
    final Genesis ledgerGenesis;
    final List<Endpoint> endpoints = new ArrayList<>();
    final Map<Bytes32, List<Endpoint>> byKey = new TreeMap<>();
    final Network network;
    final Adversary adversary;
    final Workload workload;
    final Recorder recorder;
    /** The options feedback loop (scenario {@code options-feedback}); null otherwise. */
    final FeedbackLoop feedbackLoop;
    /** Validator churn on a staking genesis (the churn scenarios); null otherwise. */
    final Churn churn;
    /** The staking invariants and the cost of corruption per block (the churn scenarios); null otherwise. */
    final StakingAudit stakingAudit;
    final Scenario.Byzantine byzantineKind;

    private final PriorityQueue<Task> queue = new PriorityQueue<>(
            Comparator.comparingLong(Task::at).thenComparingLong(Task::seq));
    private long seq;
    long now = GENESIS_MILLIS;
    long events;
    private long trace = 0xcbf29ce484222325L;
    boolean faultsActive = true;
    long healAtMillis = Long.MAX_VALUE;

    // Invariant state (global across honest endpoints).
    private final TreeMap<Long, Bytes32> committedHash = new TreeMap<>();
    private final Map<Long, String> committedBy = new HashMap<>();
    private final TreeMap<Long, Bytes32> rootAfter = new TreeMap<>();
    private final Map<Bytes32, Long> acceptedAtHeight = new HashMap<>();
    private final Set<Bytes32> signatureChecked = new HashSet<>();
    final TreeMap<Long, Long> firstCommitMillis = new TreeMap<>();
    final TreeMap<Long, Integer> firstCommitRound = new TreeMap<>();
    long committedTxs;

    public Simulation(SimOptions options) {
        this.options = options;
        this.scenario = options.scenario();
        this.random = new Random(options.seed());
        int drawnN = 4 + random.nextInt(4);
        // churn: 5..7 genesis validators, so that a joiner, a leaver, a jailed one and a Byzantine one leave four
        int defaultN = scenario.churn() ? 5 + random.nextInt(3) : drawnN;
        this.n = options.validators() == 0 ? defaultN : options.validators();
        this.f = (n - 1) / 3;
        Scenario.Byzantine kind = scenario.byzantine();
        Scenario.Byzantine[] real = {Scenario.Byzantine.EQUIVOCATION, Scenario.Byzantine.TWINS,
                Scenario.Byzantine.WITHHOLDING, Scenario.Byzantine.CENSORSHIP, Scenario.Byzantine.GARBAGE};
        int drawn = random.nextInt(real.length);
        this.byzantineKind = switch (kind) {
            case ANY -> real[drawn];
            case WITHHOLDING_OR_TWINS -> drawn % 2 == 0 ? Scenario.Byzantine.WITHHOLDING : Scenario.Byzantine.TWINS;
            case ANY_BUT_EQUIVOCATION -> real[1 + drawn % (real.length - 1)];
            default -> kind;
        };
        this.config = scenario.optionsFeedback() ? FeedbackLoop.config(config(scenario.stress())) : config(scenario.stress());
        this.retainedBlocks = ValidatorStore.defaultRetainedBlocks(this.config);
        List<ValidatorInfo> members = new ArrayList<>();
        List<io.ballast.core.ledger.ValidatorInfo> ledgerValidators = new ArrayList<>();
        long stake = scenario.churn() ? Churn.BOND_USD : 100; // with staking, voting power is the bond in micro-USD
        for (int i = 0; i < n; i++) {
            members.add(new ValidatorInfo(VALIDATOR_KEYS[i].publicKey(), stake));
            ledgerValidators.add(new io.ballast.core.ledger.ValidatorInfo(VALIDATOR_KEYS[i].publicKey(), stake));
        }
        this.consensusGenesis = new io.ballast.core.consensus.Genesis(CHAIN, GENESIS_MILLIS, new ValidatorSet(members));
        Genesis genesis = new Genesis(CHAIN, GENESIS_MILLIS, ledgerValidators,
                ORACLES.stream().map(KeyPair::publicKey).toList(), AUTHORITY.publicKey(),
                insuranceFundUsd(scenario.stress()), 10_000_000 * Units.USD_SCALE, LedgerLimits.DEFAULT,
                List.of(market(scenario.stress())));
        Genesis chainGenesis = LedgerApplication.withChainParams(
                scenario.optionsFeedback() ? FeedbackLoop.genesis(genesis) : genesis, config);
        this.ledgerGenesis = scenario.churn() ? chainGenesis.withStaking(Churn.PARAMS) : chainGenesis;
        this.network = new Network(this);
        createEndpoints();
        this.adversary = new Adversary(this);
        this.workload = new Workload(this);
        this.recorder = new Recorder(this);
        this.feedbackLoop = scenario.optionsFeedback() ? new FeedbackLoop(this) : null;
        this.churn = scenario.churn() ? createChurn() : null;
        this.stakingAudit = scenario.churn() ? new StakingAudit(this) : null;
    }

    /**
     * Short timeouts keep a seed small; the liveness bound is derived from them. Under congestion a block holds at
     * most {@link #CONGESTED_BLOCK_TXS} transactions, so that a flood the simulator can afford fills it.
     */
    static ConsensusConfig config(Scenario.Stress stress) {
        int maxBlockTxs = stress == Scenario.Stress.CONGESTION ? CONGESTED_BLOCK_TXS : 200;
        return new ConsensusConfig(300, 2_400, 150, 120, maxBlockTxs, 64 * 1024, 1_024, 8,
                new int[] {400, 400, 400}, 12, 6, 24, 8, 400, 12, 10, 2_000, 1 << 20, 4 << 20, 64, 250);
    }

    static final int CONGESTED_BLOCK_TXS = 64;

    /** A thin fund in the market crash, so that deficits reach auto-deleveraging and the pool. */
    static long insuranceFundUsd(Scenario.Stress stress) {
        return (stress == Scenario.Stress.MARKET_CRASH ? 500 : 1_000_000) * Units.USD_SCALE;
    }

    /**
     * The market of every scenario; under congestion and in the market crash its liquidations also pay slippage for
     * a full block (up to 2 %) and for their size against the pool, so that slippage can be measured against fill.
     */
    static MarketParams market(Scenario.Stress stress) {
        MarketParams market = market();
        if (stress != Scenario.Stress.CONGESTION && stress != Scenario.Stress.MARKET_CRASH) {
            return market;
        }
        return market.toBuilder().liquidationSlippage(1_000, 100_000, 20_000, 50_000).build();
    }

    static MarketParams market() {
        return MarketParams.builder(MARKET)
                .margins(100_000, 50_000)
                .maxOpenInterestE8(2_000 * Units.SIZE_SCALE)
                .baseSpreadPpm(200)
                .volatility(500, 1_000_000)
                .skewImpactScaleUsd(5_000_000_000L * Units.USD_SCALE)
                .maxSpreadPpm(50_000)
                .funding(5_000, 100_000, 500_000)
                .liquidationFee(10_000, 500_000)
                .liquidationSlippage(1_000, 0, 0, 50_000)
                .stressBufferPpm(100_000)
                .oracle(new OracleRuleParams(2, 2_500, 3_000_000))
                .initialIndexPriceUsd(10_000 * Units.USD_SCALE)
                .build();
    }

    private void createEndpoints() {
        int byzantineCount = byzantineKind == Scenario.Byzantine.NONE ? 0 : f;
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            indices.add(i);
        }
        java.util.Collections.shuffle(indices, random);
        Set<Integer> byzantine = new HashSet<>(indices.subList(0, byzantineCount));
        for (int i = 0; i < n; i++) {
            boolean byz = byzantine.contains(i);
            if (byz && byzantineKind == Scenario.Byzantine.TWINS) {
                addEndpoint(i, true, 0);
                addEndpoint(i, true, 1);
            } else {
                addEndpoint(i, byz, -1);
            }
        }
    }

    /** The joiners: validators outside the genesis set, with their own keys, running the same code from genesis. */
    private Churn createChurn() {
        List<Endpoint> honestGenesis = new ArrayList<>();
        for (Endpoint e : endpoints) {
            if (e.honest()) {
                honestGenesis.add(e);
            }
        }
        List<Endpoint> joiners = new ArrayList<>();
        for (int j = 0; j < Churn.JOINERS; j++) {
            joiners.add(addEndpoint(n + j, Churn.joinerKey(j), false, -1));
        }
        return new Churn(this, honestGenesis, joiners);
    }

    private void addEndpoint(int index, boolean byzantine, int twinSide) {
        addEndpoint(index, VALIDATOR_KEYS[index], byzantine, twinSide);
    }

    private Endpoint addEndpoint(int index, KeyPair keys, boolean byzantine, int twinSide) {
        Endpoint e = new Endpoint(endpoints.size(), index, keys, byzantine, twinSide,
                byzantine ? options.byzantineRules() : options.honestRules());
        e.app = newApp(e);
        e.validator = Validator.create(config, consensusGenesis, e.keys, e.app, e.rules);
        endpoints.add(e);
        byKey.computeIfAbsent(e.keys.publicKey(), k -> new ArrayList<>()).add(e);
        return e;
    }

    private LedgerApplication newApp(Endpoint e) {
        return new LedgerApplication(ledgerGenesis, 50_000);
    }

    // ------------------------------------------------------------------ the run

    public SeedResult run() {
        String violation = null;
        Invariant kind = null;
        try {
            runPhases();
            if (feedbackLoop != null) {
                feedbackLoop.check();
            }
        } catch (SimViolation v) {
            violation = v.getMessage() + " [t=" + (now - GENESIS_MILLIS) + "ms]";
            kind = v.invariant();
        }
        int recoverRounds = -1;
        long recoverMillis = -1;
        Long healHeight = healHeightBox;
        if (healHeight != null && firstCommitMillis.containsKey(healHeight + 1)) {
            recoverMillis = Math.max(0, firstCommitMillis.get(healHeight + 1) - healAtMillis);
            recoverRounds = firstCommitRound.get(healHeight + 1);
        }
        mix(committedHash.isEmpty() ? 0 : committedHash.lastEntry().getValue().hashCode());
        return new SeedResult(scenario.name(), options.seed(), n, options.unsafeName(), options.observeMillis(), kind,
                violation, workload.finalityMillis(), recoverRounds, recoverMillis, committedTxs, now - GENESIS_MILLIS,
                committedHash.isEmpty() ? 0 : committedHash.lastKey(), events, Long.toHexString(trace),
                recorder.build(healHeightBox == null ? -1 : healAtMillis), feedbackLoop == null ? null : feedbackLoop.result(),
                stakingAudit == null ? null : stakingAudit.result());
    }

    private Long healHeightBox;

    /** The highest honest committed height when the faults healed (null before). */
    Long healHeight() {
        return healHeightBox;
    }

    private void runPhases() {
        long faultMillis = 4_000 + random.nextInt(6_000) + (feedbackLoop != null ? FeedbackLoop.EXTRA_FAULT_MILLIS : 0);
        recorder.start();
        for (Endpoint e : endpoints) {
            step(e, new Event.Start(now));
        }
        workload.start(faultMillis);
        if (feedbackLoop != null) {
            feedbackLoop.start(faultMillis);
        }
        network.startFaults(faultMillis);
        adversary.start();
        if (churn != null) {
            churn.start();
        }
        long healAt = GENESIS_MILLIS + faultMillis;
        while (!queue.isEmpty() && queue.peek().at() <= healAt) {
            runOne();
        }
        now = Math.max(now, healAt);
        heal();
        long healHeight = maxHonestHeight();
        healHeightBox = healHeight;
        long bound = livenessBoundMillis();
        long deadline = now + bound;
        while (!(allHonestPast(healHeight + 1) && workload.quiescent())) {
            if (queue.isEmpty() || queue.peek().at() > deadline) {
                throw new SimViolation(Invariant.LIVENESS, livenessReport(healHeight, bound));
            }
            runOne();
        }
        if (churn != null) { // the churn goes on after the heal until every step is done
            long churnDeadline = now + Churn.COMPLETION_BOUND_MILLIS;
            while (!churn.done()) {
                if (queue.isEmpty() || queue.peek().at() > churnDeadline) {
                    throw new SimViolation(Invariant.LIVENESS, "the validator churn did not finish within "
                            + Churn.COMPLETION_BOUND_MILLIS + " ms after the liveness check: " + churn.status() + "; "
                            + livenessReport(healHeight, Churn.COMPLETION_BOUND_MILLIS));
                }
                runOne();
            }
        }
        recorder.onLivenessChecked();
        if (feedbackLoop != null) { // the feedback loop keeps trading, hedging and liquidating for a while
            long end = healAt + FeedbackLoop.AFTER_HEAL_MILLIS;
            while (!queue.isEmpty() && queue.peek().at() <= end) {
                runOne();
            }
        }
        if (options.observeMillis() > 0) {
            long until = now + options.observeMillis();
            while (!queue.isEmpty() && queue.peek().at() <= until) {
                runOne();
            }
            now = until;
        }
    }

    /**
     * After GST: an honest leader within n + |eligible| + 2 rounds (README), each round at most three
     * capped step timeouts plus the empty-block delay and message delays; plus sync retries for
     * restarted validators and the clients' resubmission interval.
     */
    long livenessBoundMillis() {
        long round = 3 * config.roundTimeoutMaxMillis() + config.emptyBlockDelayMillis() + 6 * MAX_HEALTHY_DELAY_MILLIS;
        long rounds = 2L * n + 2;
        return rounds * round + 10 * config.syncRetryMillis() + 2 * Workload.RESUBMIT_AFTER_MILLIS;
    }

    private String livenessReport(long healHeight, long bound) {
        StringBuilder text = new StringBuilder("no progress within " + bound + " ms after the heal (bound = (2n+2) rounds × "
                + "(3 × roundTimeoutMax + emptyBlockDelay + delays) + sync/resubmit slack); height at heal "
                + healHeight + "; pending client txs " + workload.pendingCount());
        for (Endpoint e : endpoints) {
            text.append("; ").append(e.name()).append(e.up ? "" : " DOWN").append(" h=")
                    .append(e.validator.lastCommittedHeight()).append(" r=").append(e.validator.round());
        }
        return text.toString();
    }

    private void heal() {
        faultsActive = false;
        healAtMillis = now;
        for (Endpoint e : endpoints) {
            e.pausedUntilMillis = 0;
            if (!e.up && (churn == null || !churn.keepsDownAtHeal(e))) {
                restart(e);
            }
        }
        mix(-1);
    }

    long maxHonestHeight() {
        long max = 0;
        for (Endpoint e : endpoints) {
            if (e.honest()) {
                max = Math.max(max, e.validator.lastCommittedHeight());
            }
        }
        return max;
    }

    private boolean allHonestPast(long height) {
        ValidatorSet current = churn == null ? null : currentSet();
        for (Endpoint e : endpoints) {
            boolean counted = current == null
                    || (current.indexOf(e.keys.publicKey()) >= 0 && !churn.keepsDownAtHeal(e));
            if (e.honest() && counted && e.validator.lastCommittedHeight() < height) {
                return false;
            }
        }
        return true;
    }

    /**
     * With churn, the set of the most advanced honest validator: validators outside it (joiners not elected yet, a
     * validator that left or was jailed out) hear no consensus traffic and are not expected to follow.
     */
    private ValidatorSet currentSet() {
        Endpoint best = null;
        for (Endpoint e : endpoints) {
            if (e.honest() && (best == null || e.validator.lastCommittedHeight() > best.validator.lastCommittedHeight())) {
                best = e;
            }
        }
        return best.validator.validatorSet();
    }

    /** Where clients submit: any running validator; with churn, a running member (non-members drop client gossip). */
    List<Endpoint> clientTargets() {
        List<Endpoint> up = upEndpoints();
        if (churn != null) {
            up.removeIf(e -> e.validator.index() < 0);
        }
        return up;
    }

    // ------------------------------------------------------------------ scheduler

    void schedule(long at, Runnable run) {
        queue.add(new Task(Math.max(at, now), seq++, run));
    }

    private void runOne() {
        Task task = queue.poll();
        now = Math.max(now, task.at());
        if (++events > MAX_EVENTS) {
            throw new SimViolation(Invariant.RUNAWAY, "more than " + MAX_EVENTS + " events in one seed");
        }
        mix(task.at());
        task.run().run();
    }

    void mix(long value) {
        trace = (trace ^ value) * 0x100000001b3L;
        trace ^= trace >>> 29;
    }

    // ------------------------------------------------------------------ hosts

    void step(Endpoint e, Event event) {
        if (!e.up) {
            return;
        }
        Actions actions;
        long heightBefore = e.validator.height();
        int roundBefore = e.validator.round();
        String before = DEBUG ? e.validator.toString() : null;
        try {
            actions = e.validator.step(event);
            if (DEBUG && (VERBOSE || !before.equals(e.validator.toString()))) {
                System.err.println("t=" + (now - GENESIS_MILLIS) + " " + e.name() + " " + before + " -> "
                        + e.validator + " on " + describe(event));
            }
        } catch (RuntimeException crash) {
            throw new SimViolation(e.honest() ? Invariant.CRASH : Invariant.BYZANTINE_CRASH, e.name() + " threw on "
                    + event.getClass().getSimpleName() + ": " + crash);
        }
        mix(e.id);
        perform(e, actions);
    }

    private String describe(Event event) {
        if (event instanceof Event.TimerFired fired) {
            return "timer " + fired.timer();
        }
        if (event instanceof Event.Received received) {
            try {
                Message m = Message.decode(received.bytes(), config);
                if (m instanceof Vote v) {
                    return "vote " + v.type() + " h" + v.height() + " r" + v.round() + " from " + v.validator() + " "
                            + v.blockHash().shortHex();
                }
                if (m instanceof Message.Proposal p) {
                    return "proposal h" + p.height() + " r" + p.round() + " vr" + p.validRound() + " from " + p.sender()
                            + " " + p.block().hash().shortHex();
                }
                return m.getClass().getSimpleName();
            } catch (RuntimeException bad) {
                return "garbage";
            }
        }
        return event.getClass().getSimpleName();
    }

    /**
     * Through the shared host interpreter: toPersist() goes into the endpoint's store (with the runtime's
     * retention and compaction) before any send of the same step.
     */
    private void perform(Endpoint e, Actions actions) {
        Vote precommit = e.honest() ? precommitForBlock(e, actions) : null;
        boolean signedVote = countOwnVotes(e, actions);
        ActionInterpreter.perform(actions, new ActionInterpreter.Host() {
            @Override
            public void persist(List<Action> toPersist, Runnable andThen) {
                for (Action action : toPersist) {
                    e.store = e.store.apply(action, retainedBlocks);
                    if (action instanceof Action.Commit commit && e.store.compactionDue(e.validator, commit.block().height())) {
                        e.store = e.store.compacted(e.validator);
                    }
                }
                if (precommit != null) {
                    network.maybeIsolateBeforePrecommit(e, precommit);
                }
                andThen.run();
            }

            @Override
            public void committed(Action.Commit commit) {
                onCommit(e, commit);
            }

            @Override
            public void send(Message message, byte[] bytes, List<Bytes32> to) {
                route(e, message, bytes, to);
            }

            @Override
            public void schedule(Timer timer, long atMillis) {
                int incarnation = e.incarnation;
                Simulation.this.schedule(atMillis, () -> fireTimer(e, incarnation, timer));
            }

            @Override
            public void txOutcome(TxResult result) {
                workload.onOutcome(e, result);
            }

            @Override
            public void evidenceFound(Evidence evidence) {
                if (churn != null) {
                    churn.onEvidenceFound(e, evidence);
                }
            }
        });
        checkExecuted(e, actions.commits());
        if (signedVote && e.honest()) {
            network.maybeCrashAfterSigning(e, precommit);
        }
        Vote ownVote = e.honest() && e.up ? ownVoteSent(e, actions) : null;
        if (ownVote != null) {
            network.maybeCrashInBlackout(e, ownVote);
        }
    }

    /** Honest double votes and prevotes against the lock (counters for the planted-bug runs); true if an own vote for a block leaves. */
    private boolean countOwnVotes(Endpoint e, Actions actions) {
        boolean signedVote = false;
        for (Action action : actions.toSend()) {
            if (!(action instanceof Action.Broadcast broadcast) || !(broadcast.message() instanceof Vote vote)
                    || vote.validator() != e.validator.index()) {
                continue;
            }
            if (e.honest()) {
                String voteKey = e.id + "/" + vote.height() + "/" + vote.round() + "/" + vote.type();
                Bytes32 earlier = signedVotes.putIfAbsent(voteKey, vote.blockHash());
                if (earlier != null && !earlier.equals(vote.blockHash())) {
                    honestDoubleVotes++;
                    if (DEBUG) {
                        System.err.println("t=" + (now - GENESIS_MILLIS) + " DOUBLE " + e.name() + " " + vote.type()
                                + " h" + vote.height() + " r" + vote.round() + " " + earlier.shortHex() + " then "
                                + vote.blockHash().shortHex());
                    }
                }
            }
            if (!vote.isNil()) {
                signedVote = true;
                SafetyState safety = e.validator.safetyState();
                if (vote.type() == Vote.Type.PREVOTE && safety.lockedRound() >= 0
                        && !safety.lockedHash().equals(vote.blockHash())) {
                    prevotesAgainstLock++;
                }
            }
        }
        return signedVote;
    }

    private static Vote ownVoteSent(Endpoint e, Actions actions) {
        for (Action action : actions.toSend()) {
            if (action instanceof Action.Broadcast b && b.message() instanceof Vote v && v.validator() == e.validator.index()) {
                return v;
            }
        }
        return null;
    }

    private static Vote precommitForBlock(Endpoint e, Actions actions) {
        for (Action action : actions.toSend()) {
            if (action instanceof Action.Broadcast b && b.message() instanceof Vote v && v.type() == Vote.Type.PRECOMMIT
                    && !v.isNil() && v.validator() == e.validator.index()) {
                return v;
            }
        }
        return null;
    }

    private void route(Endpoint from, Message message, byte[] bytes, List<Bytes32> toKeys) {
        adversary.observe(from, message, bytes);
        List<Endpoint> targets = new ArrayList<>();
        for (Bytes32 key : toKeys) {
            List<Endpoint> list = byKey.get(key);
            if (list != null) {
                for (Endpoint target : list) {
                    if (target != from) {
                        targets.add(target);
                    }
                }
            }
        }
        if (from.byzantine) {
            adversary.outgoing(from, message, bytes, targets);
            if (churn != null) {
                churn.onByzantineSend(from, message);
            }
        } else {
            for (Endpoint target : targets) {
                network.send(from, target, message, bytes);
            }
        }
    }

    void deliver(Endpoint to, byte[] bytes) {
        if (!to.up) {
            return;
        }
        if (to.pausedUntilMillis > now) {
            schedule(to.pausedUntilMillis + 1, () -> deliver(to, bytes));
            return;
        }
        if (to.byzantine && adversary.dropsIncoming(to, bytes)) {
            return;
        }
        step(to, new Event.Received(bytes, now));
    }

    private void fireTimer(Endpoint e, int incarnation, Timer timer) {
        if (!e.up || e.incarnation != incarnation) {
            return;
        }
        if (e.pausedUntilMillis > now) {
            schedule(e.pausedUntilMillis + 1, () -> fireTimer(e, incarnation, timer));
            return;
        }
        step(e, new Event.TimerFired(timer, now));
    }

    void submit(Endpoint e, List<byte[]> transactions) {
        if (!e.up || e.pausedUntilMillis > now) {
            return;
        }
        List<byte[]> admitted = e.byzantine ? adversary.filterSubmission(e, transactions) : transactions;
        if (!admitted.isEmpty()) {
            step(e, new Event.SubmitTransactions(admitted, now));
        }
    }

    void crash(Endpoint e) {
        if (!e.up) {
            return;
        }
        e.up = false;
        e.incarnation++;
        e.crashes++;
        mix(1_000 + e.id);
        recorder.onStakeChange();
    }

    /** Restarts from the durable store only, with a fresh application at genesis. */
    void restart(Endpoint e) {
        if (e.up) {
            return;
        }
        e.app = newApp(e);
        try {
            e.validator = e.store.restore(config, consensusGenesis, e.keys, e.app, e.rules);
        } catch (RuntimeException failed) {
            throw new SimViolation(Invariant.CRASH, e.name() + " cannot restore from its own store: " + failed);
        }
        e.up = true;
        e.pausedUntilMillis = 0;
        mix(2_000 + e.id);
        recorder.onStakeChange();
        step(e, new Event.Start(now));
        adversary.onRestart(e);
    }

    List<Endpoint> upEndpoints() {
        List<Endpoint> up = new ArrayList<>();
        for (Endpoint e : endpoints) {
            if (e.up) {
                up.add(e);
            }
        }
        return up;
    }

    /** The honest, running validator with the highest committed height: what a client reads state from. */
    LedgerState referenceState() {
        Endpoint best = null;
        for (Endpoint e : endpoints) {
            if (e.honest() && e.up && (best == null || e.validator.lastCommittedHeight() > best.validator.lastCommittedHeight())) {
                best = e;
            }
        }
        return best == null ? null : best.app.state();
    }

    // ------------------------------------------------------------------ invariants

    /** Agreement and identical state roots, on every commit of every honest validator (restarted ones included). */
    private void onCommit(Endpoint e, Action.Commit commit) {
        long height = commit.block().height();
        Bytes32 hash = commit.block().block().hash();
        mix(hash.hashCode());
        if (!e.honest()) {
            return;
        }
        recorder.onCommitChecked();
        for (Endpoint other : endpoints) {
            if (other != e && other.honest() && other.up && other.validator.height() == height
                    && other.validator.round() > commit.block().certificate().round()) {
                partialCommits++;
                break;
            }
        }
        if (DEBUG) {
            StringBuilder text = new StringBuilder("t=" + (now - GENESIS_MILLIS) + " " + e.name() + " commits h=" + height
                    + " r=" + commit.block().certificate().round() + " " + hash.shortHex() + " |");
            for (Endpoint other : endpoints) {
                text.append(' ').append(other.name()).append(":h").append(other.validator.height()).append('r')
                        .append(other.validator.round()).append(other.up ? "" : "(down)")
                        .append(other.mutedUntilMillis > now ? "(muted)" : "");
            }
            System.err.println(text);
        }
        Bytes32 agreed = committedHash.putIfAbsent(height, hash);
        if (agreed == null) {
            committedBy.put(height, e.name());
            firstCommitMillis.put(height, now);
            firstCommitRound.put(height, commit.block().certificate().round());
            recorder.onFirstCommit(commit.block());
        } else if (!agreed.equals(hash)) {
            throw new SimViolation(Invariant.AGREEMENT, "height " + height + ": " + committedBy.get(height) + " committed "
                    + agreed.shortHex() + " but " + e.name() + " committed " + hash.shortHex() + " (round "
                    + commit.block().certificate().round() + ")");
        }
        Bytes32 root = rootAfter.putIfAbsent(height, commit.stateRoot());
        if (root != null && !root.equals(commit.stateRoot())) {
            throw new SimViolation(Invariant.STATE_ROOT, "height " + height + ": " + e.name() + " has root "
                    + commit.stateRoot().shortHex() + ", others " + root.shortHex());
        }
    }

    /**
     * Validity, conservation and no liquidation on a stale index, for the blocks an honest validator
     * committed in one step (a sync response commits several): each block's result comes with its commit;
     * the safe-mode status after each block is walked back from the state after the step.
     */
    private void checkExecuted(Endpoint e, List<Action.Commit> commits) {
        if (!e.honest() || commits.isEmpty()) {
            return;
        }
        LedgerState state = e.app.state();
        Map<String, Boolean> stale = new TreeMap<>();
        for (MarketView view : state.marketViews()) {
            stale.put(view.id(), view.safeMode());
        }
        for (int i = commits.size() - 1; i >= 0; i--) {
            BlockResult result = LedgerApplication.resultOf(commits.get(i));
            recorder.onSafeModeAfter(result.height(), stale.containsValue(true));
            checkNoStaleLiquidation(e, stale, result);
        }
        for (Action.Commit commit : commits) {
            checkValidity(e, commit.block(), LedgerApplication.resultOf(commit));
        }
        Totals totals = state.totals();
        if (!totals.cashConserved()) {
            throw new SimViolation(Invariant.CONSERVATION, e.name() + " after height " + state.height() + ": " + totals);
        }
        if (stakingAudit != null) {
            StakingAudit.checkConsensusSet(e, state, config.epochLengthBlocks());
        }
        recorder.onState(state, totals);
    }

    private void checkValidity(Endpoint e, CommittedBlock block, BlockResult result) {
        long height = block.height();
        boolean first = firstExecution.add(height);
        if (first) {
            committedTxs += block.block().transactions().size();
            recorder.onFirstExecution(block, result);
        }
        recorder.onExecutionChecked(result.acceptedCount());
        Set<Bytes32> inBlock = new HashSet<>();
        if (first && feedbackLoop != null) {
            feedbackLoop.onCommitted(block, result);
        }
        if (first && stakingAudit != null) {
            stakingAudit.onFirstExecution(block, result);
        }
        for (Receipt receipt : result.receipts()) {
            if (first) {
                workload.onReceipt(receipt, now);
                if (churn != null) {
                    churn.onReceipt(receipt);
                }
            }
            if (!receipt.accepted()) {
                continue;
            }
            Bytes32 txHash = receipt.txHash();
            if (!inBlock.add(txHash)) {
                throw new SimViolation(Invariant.VALIDITY, "tx " + txHash.shortHex() + " accepted twice in block " + height
                        + " on " + e.name());
            }
            Long at = acceptedAtHeight.putIfAbsent(txHash, height);
            if (at != null && at != height) {
                throw new SimViolation(Invariant.VALIDITY, "tx " + txHash.shortHex() + " executed at height " + at
                        + " and again at " + height + " (" + e.name() + ")");
            }
            if (signatureChecked.add(txHash) && !receipt.transaction().verifySignature(CHAIN)) {
                throw new SimViolation(Invariant.VALIDITY, "tx " + txHash.shortHex() + " with an invalid signature was accepted "
                        + "at height " + height + " on " + e.name());
            }
        }
    }

    private final Set<Long> firstExecution = new HashSet<>();

    /**
     * Walks the block's ledger events backwards from each market's safe-mode status after the block
     * ({@code stale}, updated in place to the status before it): before a SafeModeEntered the market was
     * fresh, before a SafeModeExited it was stale. A liquidation while stale is a violation.
     */
    private void checkNoStaleLiquidation(Endpoint e, Map<String, Boolean> stale, BlockResult result) {
        List<LedgerEvent> ordered = new ArrayList<>(result.startEvents());
        for (Receipt receipt : result.receipts()) {
            if (receipt instanceof Receipt.Accepted accepted) {
                ordered.addAll(accepted.events());
            }
        }
        ordered.addAll(result.endEvents());
        for (int i = ordered.size() - 1; i >= 0; i--) {
            LedgerEvent event = ordered.get(i);
            if (event instanceof LedgerEvent.PositionLiquidated liquidated) {
                if (Boolean.TRUE.equals(stale.get(liquidated.marketId()))) {
                    throw new SimViolation(Invariant.STALE_LIQUIDATION, e.name() + " liquidated " + liquidated.account().shortHex()
                            + " in " + liquidated.marketId() + " at height " + result.height()
                            + " while the market was in safe mode");
                }
                liquidations++;
            } else if (event instanceof LedgerEvent.SafeModeEntered entered) {
                stale.put(entered.marketId(), false);
            } else if (event instanceof LedgerEvent.SafeModeExited exited) {
                stale.put(exited.marketId(), true);
            }
        }
    }

    long liquidations;
    /** Prevotes for a block other than the one the validator is locked on (only possible without the lock rule). */
    long prevotesAgainstLock;
    /** Commits while another honest validator had already moved to a later round of that height. */
    long partialCommits;
    /** Honest validators signing two different votes for one (height, round, type): only without the persist rule. */
    long honestDoubleVotes;
    private final Map<String, Bytes32> signedVotes = new HashMap<>();

    /** For tests: the committed hash per height seen by honest validators. */
    TreeMap<Long, Bytes32> committedHashes() {
        return committedHash;
    }
}
