package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.consensus.host.ActionInterpreter;
import io.ballast.core.consensus.host.ValidatorStore;
import io.ballast.core.encoding.DecodingException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * A deterministic in-memory network of validators with manual time: a single event queue of
 * message deliveries (fixed latency) and timers, ordered by (time, sequence). The host side
 * follows the persistence contract: it stores PersistSafetyState / PersistCheckpoint / Commit
 * before it performs sends, and restarts a node only from what it stored.
 */
final class Cluster {
    static final long GENESIS_MILLIS = 1_700_000_000_000L;

    /** Decides whether a message is lost (fromNode, toNode are node indices). */
    interface Filter {
        boolean drop(int fromNode, int toNode, Message message);
    }

    /** One host: a validator, its application, its durable store. */
    final class Node {
        final int id;
        final KeyPair keys;
        SafetyRules rules;
        Validator validator;
        CounterApp app;
        boolean alive = true;
        /** The durable store: exactly what the persist actions said (every block kept, no compaction). */
        ValidatorStore store = ValidatorStore.EMPTY;
        final List<Action> actionLog = new ArrayList<>();
        final List<TxResult> txResults = new ArrayList<>();
        final List<Evidence> evidenceFound = new ArrayList<>();
        /** (height, round, delay) of every PROPOSE timer this node scheduled. */
        final List<long[]> proposeDelays = new ArrayList<>();
        final Map<Long, Bytes32> committedHashes = new HashMap<>();

        Node(int id, KeyPair keys, SafetyRules rules) {
            this.id = id;
            this.keys = keys;
            this.rules = rules;
            this.app = newApp();
            this.validator = Validator.create(config, genesis, keys, app, rules);
        }
    }

    private record Scheduled(long at, long seq, int node, byte[] bytes, Timer timer, int fromNode) {}

    final ConsensusConfig config;
    final Genesis genesis;
    final List<KeyPair> keys = new ArrayList<>();
    final List<Node> nodes = new ArrayList<>();
    long now = GENESIS_MILLIS;
    long latencyMillis = 10;
    /** When set, each message gets {@code latencyMillis + [0, jitterMillis)} (seeded: runs stay reproducible). */
    java.util.Random jitter;
    long jitterMillis;
    Filter filter = (from, to, message) -> false;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>(
            Comparator.comparingLong(Scheduled::at).thenComparingLong(Scheduled::seq));
    private long seq;
    int delivered;

    Cluster(int n, ConsensusConfig config) {
        this(n, config, SafetyRules.SAFE);
    }

    Cluster(int n, ConsensusConfig config, SafetyRules rules) {
        this.config = config;
        List<ValidatorInfo> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            KeyPair key = Ed25519.keyPairFromLabel("validator-" + i);
            keys.add(key);
            members.add(new ValidatorInfo(key.publicKey(), 100));
        }
        this.genesis = new Genesis("ballast-test", GENESIS_MILLIS, new ValidatorSet(members));
        for (int i = 0; i < n; i++) {
            nodes.add(new Node(i, keys.get(i), rules));
        }
    }

    CounterApp newApp() {
        return new CounterApp(genesis.validators().members(), config.epochLengthBlocks());
    }

    Node node(int i) {
        return nodes.get(i);
    }

    Validator validator(int i) {
        return nodes.get(i).validator;
    }

    Bytes32 chainId() {
        return genesis.chainId();
    }

    void startAll() {
        for (Node node : nodes) {
            if (node.alive) {
                step(node, new Event.Start(now));
            }
        }
    }

    void submit(int node, byte[]... txs) {
        step(nodes.get(node), new Event.SubmitTransactions(List.of(txs), now));
    }

    /** Delivers raw bytes to a node now, as if received from the network. */
    Actions inject(int node, byte[] bytes) {
        return step(nodes.get(node), new Event.Received(bytes, now));
    }

    Actions step(Node node, Event event) {
        Actions actions = node.validator.step(event);
        perform(node, actions);
        return actions;
    }

    /** The shared host interpreter: persist (into the node's store) before anything is sent. */
    private void perform(Node node, Actions actions) {
        node.actionLog.addAll(actions.all());
        ActionInterpreter.perform(actions, new ActionInterpreter.Host() {
            @Override
            public void persist(List<Action> toPersist, Runnable andThen) {
                for (Action action : toPersist) {
                    node.store = node.store.apply(action, Integer.MAX_VALUE);
                }
                andThen.run();
            }

            @Override
            public void committed(Action.Commit commit) {
                Bytes32 previous = node.committedHashes.put(commit.block().height(), commit.block().block().hash());
                if (previous != null && !previous.equals(commit.block().block().hash())) {
                    throw new AssertionError("node " + node.id + " committed two blocks at " + commit.block().height());
                }
            }

            @Override
            public void send(Message message, byte[] bytes, List<Bytes32> to) {
                for (Bytes32 key : to) {
                    route(node, key, bytes);
                }
            }

            @Override
            public void schedule(Timer timer, long atMillis) {
                if (timer.kind() == Timer.Kind.PROPOSE) {
                    node.proposeDelays.add(new long[] {timer.height(), timer.round(), atMillis - now});
                }
                queue.add(new Scheduled(atMillis, seq++, node.id, null, timer, -1));
            }

            @Override
            public void txOutcome(TxResult result) {
                node.txResults.add(result);
            }

            @Override
            public void evidenceFound(Evidence evidence) {
                node.evidenceFound.add(evidence);
            }
        });
    }

    private void route(Node from, Bytes32 to, byte[] bytes) {
        for (Node target : nodes) {
            if (target != from && target.keys.publicKey().equals(to)) {
                long delay = latencyMillis + (jitter == null ? 0 : (long) (jitter.nextDouble() * jitterMillis));
                queue.add(new Scheduled(now + delay, seq++, target.id, bytes, null, from.id));
            }
        }
    }

    /** Processes the next queued event; false when the queue is empty. */
    boolean runOne() {
        Scheduled next = queue.poll();
        if (next == null) {
            return false;
        }
        now = Math.max(now, next.at());
        Node node = nodes.get(next.node());
        if (!node.alive) {
            return true;
        }
        if (next.timer() != null) {
            step(node, new Event.TimerFired(next.timer(), now));
        } else {
            Message message;
            try {
                message = Message.decode(next.bytes(), config);
            } catch (DecodingException e) {
                message = null;
            }
            if (message != null && filter.drop(next.fromNode(), node.id, message)) {
                return true;
            }
            delivered++;
            step(node, new Event.Received(next.bytes(), now));
        }
        return true;
    }

    /** Runs until {@code done} holds or simulated time passes {@code maxMillis} more; returns whether done. */
    boolean runUntil(BooleanSupplier done, long maxMillis) {
        long deadline = now + maxMillis;
        int guard = 0;
        while (!done.getAsBoolean()) {
            Scheduled next = queue.peek();
            if (next == null || next.at() > deadline) {
                now = Math.max(now, Math.min(deadline, next == null ? deadline : next.at()));
                return done.getAsBoolean();
            }
            runOne();
            if (++guard > 5_000_000) {
                throw new AssertionError("runaway simulation");
            }
        }
        return true;
    }

    void runFor(long millis) {
        runUntil(() -> false, millis);
    }

    boolean allAlivePast(long height) {
        for (Node node : nodes) {
            if (node.alive && node.validator.lastCommittedHeight() < height) {
                return false;
            }
        }
        return true;
    }

    void crash(int i) {
        nodes.get(i).alive = false;
    }

    /** Restarts a node from its durable store only (fresh application, persisted safety state and blocks). */
    void restart(int i) {
        Node node = nodes.get(i);
        node.app = newApp();
        node.validator = node.store.restore(config, genesis, node.keys, node.app, node.rules);
        node.alive = true;
        step(node, new Event.Start(now));
    }

    /** A block for height 1 as {@code proposer} would build it with {@code txs} (for Byzantine scenarios). */
    Block genesisChild(int proposer, List<byte[]> txs) {
        ValidatorSet set = genesis.validators();
        BlockHeader header = new BlockHeader(chainId(), 1, 0, genesis.genesisTimeMillis(), proposer, chainId(),
                Bytes32.ZERO, newApp().stateRoot(), set.hash(), set.hash(), Block.txRoot(txs),
                Block.evidenceRoot(List.of()), List.of());
        return new Block(header, txs, List.of(), null);
    }

    /** Messages a node sent (from its action log), decoded. */
    List<Message> sent(int i) {
        List<Message> messages = new ArrayList<>();
        for (Action action : nodes.get(i).actionLog) {
            if (action instanceof Action.Send send) {
                messages.add(send.message());
            } else if (action instanceof Action.Broadcast broadcast) {
                messages.add(broadcast.message());
            }
        }
        return messages;
    }

    /** Asserts that no two alive-or-dead nodes committed different blocks at one height. */
    void assertAgreement() {
        Map<Long, Bytes32> agreed = new HashMap<>();
        for (Node node : nodes) {
            for (Map.Entry<Long, Bytes32> entry : node.committedHashes.entrySet()) {
                Bytes32 other = agreed.putIfAbsent(entry.getKey(), entry.getValue());
                if (other != null && !other.equals(entry.getValue())) {
                    throw new AssertionError("agreement violated at height " + entry.getKey());
                }
            }
        }
    }

    String describe() {
        StringBuilder text = new StringBuilder("t=" + (now - GENESIS_MILLIS));
        for (Node node : nodes) {
            text.append("\n  node ").append(node.id).append(node.alive ? " " : " DOWN ").append(node.validator)
                    .append(" committed=").append(node.validator.lastCommittedHeight())
                    .append(" safety=").append(node.validator.safetyState().height()).append('/')
                    .append(node.validator.safetyState().round()).append('/').append(node.validator.safetyState().step())
                    .append(" lock=").append(node.validator.safetyState().lockedRound())
                    .append(" awaitingSnapshot=").append(node.validator.isAwaitingSnapshot());
        }
        return text.toString();
    }

    boolean agreementHolds() {
        try {
            assertAgreement();
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }
}
