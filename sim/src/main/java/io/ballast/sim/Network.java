package io.ballast.sim;

import io.ballast.core.consensus.Message;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.consensus.Vote;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * The simulated network and the environmental faults (everything but Byzantine behaviour): latency,
 * drops, duplicates, reordering, partitions (two-sided, sometimes one-way, sometimes flapping), the
 * Twins per-round partitions, crashes (also right after a validator signed) and pauses. Every fault
 * stops at the heal; afterwards every message arrives within {@link Simulation#MAX_HEALTHY_DELAY_MILLIS}.
 */
final class Network {
    private final Simulation sim;
    private final Random random;
    private final Scenario scenario;

    // per-seed draws
    private int dropPercent;
    private int duplicatePercent;
    private int reorderPercent;
    private long faultEndMillis;

    // the current time-based partition: side per endpoint, mode 0 symmetric, 1 only 0→1 passes, 2 only 1→0 passes
    private int[] sides;
    private int mode;
    private boolean partitioned;

    // the blackout before the heal (scenario lost-before-heal): votes dropped, signers crashed until the heal
    private boolean blackout;
    private int blackoutDropPercent;
    private int blackoutCrashPercent;

    // latency (scenario latency): every message to or from a slow validator waits this much longer (±10 %)
    private boolean[] slow;
    private long slowDelayMillis;

    /** Twins: one partition per (height, round, phase), drawn when first needed. */
    private final Map<Long, int[]> roundPartitions = new HashMap<>();

    long dropped;
    long delivered;

    Network(Simulation sim) {
        this.sim = sim;
        this.random = sim.random;
        this.scenario = sim.scenario;
    }

    void startFaults(long faultMillis) {
        faultEndMillis = sim.now + faultMillis;
        if (scenario.lossy()) {
            dropPercent = 1 + random.nextInt(12);
            duplicatePercent = random.nextInt(11);
            reorderPercent = random.nextInt(16);
        }
        if (scenario.partitions() && !scenario.flapping()) {
            sim.schedule(sim.now + 300 + random.nextInt(2_000), this::partitionEpisode);
        }
        if (scenario.flapping()) {
            sim.schedule(sim.now + 100 + random.nextInt(800), () -> flap(true));
        }
        if (scenario.crashes()) {
            sim.schedule(sim.now + 200 + random.nextInt(1_500), this::crashSomeone);
        }
        if (scenario.pauses()) {
            sim.schedule(sim.now + 200 + random.nextInt(2_000), this::pauseSomeone);
        }
        if (scenario.stress() == Scenario.Stress.LATENCY) {
            drawSlowValidators();
        }
        if (scenario.stress() == Scenario.Stress.STAKE_THRESHOLD) {
            planThresholdCrossing(faultMillis);
        }
        if (scenario.votesLostBeforeHeal()) {
            blackoutDropPercent = 80 + random.nextInt(21);
            blackoutCrashPercent = 60 + random.nextInt(41);
            sim.schedule(faultEndMillis - 300 - random.nextInt(4_000), () -> blackout = true);
        }
    }

    // ------------------------------------------------------------------ messages

    void send(Endpoint from, Endpoint to, Message message, byte[] bytes) {
        long delay = 1 + random.nextInt((int) Simulation.MAX_HEALTHY_DELAY_MILLIS);
        if (sim.faultsActive) {
            if (blocked(from, to, message)) {
                dropped++;
                return;
            }
            if (blackout && message instanceof Vote && random.nextInt(100) < blackoutDropPercent) {
                dropped++;
                return;
            }
            if (dropPercent > 0 && random.nextInt(100) < dropPercent) {
                dropped++;
                return;
            }
            if (reorderPercent > 0 && random.nextInt(100) < reorderPercent) {
                delay += 50 + random.nextInt(900);
            }
            if (slow != null && (slow[from.id] || slow[to.id])) {
                delay += slowDelayMillis * (90 + random.nextInt(21)) / 100;
            }
            if (duplicatePercent > 0 && random.nextInt(100) < duplicatePercent) {
                long again = delay + random.nextInt(300);
                sim.schedule(sim.now + again, () -> sim.deliver(to, bytes));
            }
        }
        delivered++;
        sim.schedule(sim.now + delay, () -> sim.deliver(to, bytes));
    }

    private boolean blocked(Endpoint from, Endpoint to, Message message) {
        if (from.mutedUntilMillis > sim.now) {
            return true;
        }
        if (partitioned && crosses(sides, mode, from.id, to.id)) {
            return true;
        }
        if (sim.byzantineKind == Scenario.Byzantine.TWINS && message != null) {
            long height;
            int round;
            int phase;
            if (message instanceof Vote vote) {
                height = vote.height();
                round = vote.round();
                phase = vote.type() == Vote.Type.PRECOMMIT ? 1 : 0;
            } else if (message instanceof Message.Proposal proposal) {
                height = proposal.height();
                round = proposal.round();
                phase = 0;
            } else {
                return false;
            }
            int[] partition = roundPartitions.computeIfAbsent(height * 1_000_000L + round * 2L + phase,
                    key -> drawRoundPartition());
            return crosses(partition, partition[partition.length - 1], from.id, to.id);
        }
        return false;
    }

    /** mode -1: no partition in this round. */
    private static boolean crosses(int[] sides, int mode, int from, int to) {
        if (mode < 0 || sides[from] == sides[to]) {
            return false;
        }
        return mode == 0 || (mode == 1 && sides[from] != 0) || (mode == 2 && sides[from] != 1);
    }

    /**
     * Twins (Bano et al.): each twin talks to its own side; honest validators are placed per round
     * and phase (proposal+prevote, precommit), so one twin can help one side commit while the other
     * side — led or joined by the other twin — moves on. One round-phase in two is left unpartitioned.
     */
    private int[] drawRoundPartition() {
        int size = sim.endpoints.size();
        int[] partition = new int[size + 1];
        if (random.nextInt(2) == 0) {
            partition[size] = -1;
            return partition;
        }
        for (Endpoint e : sim.endpoints) {
            partition[e.id] = e.twinSide >= 0 ? e.twinSide : random.nextInt(2);
        }
        int m = random.nextInt(4);
        partition[size] = m <= 1 ? 0 : m - 1;
        return partition;
    }

    private int[] drawSides() {
        int[] drawn = new int[sim.endpoints.size()];
        for (Endpoint e : sim.endpoints) {
            drawn[e.id] = e.twinSide >= 0 ? e.twinSide : random.nextInt(2);
        }
        return drawn;
    }

    // ------------------------------------------------------------------ partitions

    private void partitionEpisode() {
        if (!sim.faultsActive) {
            return;
        }
        sides = drawSides();
        int m = random.nextInt(4);
        mode = m <= 1 ? 0 : m - 1;
        partitioned = true;
        long duration = 100 + random.nextInt(1_500);
        sim.schedule(sim.now + duration, () -> {
            partitioned = false;
            sim.schedule(sim.now + 500 + random.nextInt(2_500), this::partitionEpisode);
        });
    }

    private void flap(boolean on) {
        if (!sim.faultsActive) {
            partitioned = false;
            return;
        }
        if (on && (sides == null || random.nextInt(3) == 0)) {
            sides = drawSides();
            int m = random.nextInt(4);
            mode = m <= 1 ? 0 : m - 1;
        }
        partitioned = on;
        sim.schedule(sim.now + (on ? 20 + random.nextInt(180) : 50 + random.nextInt(450)), () -> flap(!on));
    }

    // ------------------------------------------------------------------ latency

    /** 1..n validators (every instance of each), drawn per seed, get slow links for the whole fault phase. */
    private void drawSlowValidators() {
        slowDelayMillis = 100 + random.nextInt(701);
        java.util.List<Integer> indices = new java.util.ArrayList<>();
        for (int i = 0; i < sim.n; i++) {
            indices.add(i);
        }
        java.util.Collections.shuffle(indices, random);
        java.util.Set<Integer> chosen = new java.util.HashSet<>(indices.subList(0, 1 + random.nextInt(sim.n)));
        slow = new boolean[sim.endpoints.size()];
        for (Endpoint e : sim.endpoints) {
            slow[e.id] = chosen.contains(e.validatorIndex);
        }
    }

    // ------------------------------------------------------------------ stake threshold

    /**
     * f + 1 honest validators crash one at a time, evenly spaced over the fault phase, and stay down until the heal:
     * after the f-th crash the remaining stake is still a quorum (the margin to a halt shrinks), after the last one it
     * is not (commits stop).
     */
    private void planThresholdCrossing(long faultMillis) {
        java.util.List<Endpoint> honest = new java.util.ArrayList<>();
        for (Endpoint e : sim.endpoints) {
            if (e.honest()) {
                honest.add(e);
            }
        }
        java.util.Collections.shuffle(honest, random);
        int crashes = sim.f + 1;
        long interval = faultMillis / (crashes + 2);
        for (int k = 0; k < crashes; k++) {
            Endpoint victim = honest.get(k);
            sim.schedule(sim.now + (k + 1) * interval + random.nextInt(200), () -> sim.crash(victim));
        }
    }

    // ------------------------------------------------------------------ crashes and pauses

    private int honestDown() {
        int down = 0;
        for (Endpoint e : sim.endpoints) {
            if (e.honest() && !e.up) {
                down++;
            }
        }
        return down;
    }

    private Endpoint randomHonestUp() {
        java.util.List<Endpoint> candidates = new java.util.ArrayList<>();
        for (Endpoint e : sim.endpoints) {
            if (e.honest() && e.up) {
                candidates.add(e);
            }
        }
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private void crashSomeone() {
        if (!sim.faultsActive) {
            return;
        }
        Endpoint victim = randomHonestUp();
        if (victim != null && honestDown() < Math.max(1, sim.f)) {
            crashAndRestartLater(victim, 100 + random.nextInt(2_500));
        }
        sim.schedule(sim.now + 300 + random.nextInt(2_000), this::crashSomeone);
    }

    /**
     * A targeted crash right after a validator broadcast a vote for a block (its persist, if any,
     * came first). Correlated with a cut: a validator that precommits the block another one was just
     * cut off after precommitting, or one side of a Byzantine leader's fork, is crashed and restarted
     * quickly half of the time — the adversary sees the traffic and strikes where a partial commit or
     * a fork is being formed.
     */
    void maybeCrashAfterSigning(Endpoint e, Vote precommit) {
        if (!sim.faultsActive || !scenario.crashes() || !e.up || honestDown() >= Math.max(1, sim.f)) {
            return;
        }
        boolean correlated = precommit != null && cut != null && cut.endpoint != e && cut.untilMillis > sim.now
                && cut.height == precommit.height() && cut.round == precommit.round()
                && cut.blockHash.equals(precommit.blockHash());
        correlated |= precommit != null && sim.adversary.isForkSide(precommit.height(), precommit.round(),
                precommit.blockHash());
        if (correlated && random.nextBoolean()) {
            crashAndRestartLater(e, 5 + random.nextInt(100));
        } else if (random.nextInt(100) < 3) {
            crashAndRestartLater(e, random.nextBoolean() ? 5 + random.nextInt(150) : 50 + random.nextInt(1_200));
        }
    }

    /**
     * In the blackout before the heal, an honest validator that just sent a vote (persisted first) may
     * crash, most likely right after its first vote in a new round: the votes that moved it there, and
     * its own votes of the round before, are then gone with it. It restarts within the blackout (its
     * re-sent votes mostly lost too) or at the heal.
     */
    void maybeCrashInBlackout(Endpoint e, Vote vote) {
        long key = (vote.height() << 32) + vote.round();
        boolean newRound = key > e.lastVoteRoundKey;
        e.lastVoteRoundKey = Math.max(e.lastVoteRoundKey, key);
        int percent = newRound ? blackoutCrashPercent : blackoutCrashPercent / 10;
        if (blackout && sim.faultsActive && honestDown() < Math.max(1, sim.f) && random.nextInt(100) < percent) {
            if (random.nextBoolean()) {
                crashAndRestartLater(e, 5 + random.nextInt(500));
            } else {
                sim.crash(e);
            }
        }
    }

    /** The last targeted cut: who, until when, and the precommit it swallowed. */
    private record Cut(Endpoint endpoint, long untilMillis, long height, int round, Bytes32 blockHash) {}

    private Cut cut;

    /**
     * A targeted one-way cut: right before a validator's precommit for a block leaves, its outgoing
     * links fail for a while (it still hears everybody). It may then commit alone while the others,
     * short of its precommit, time out into the next round — the partial commit that the lock must
     * protect (Tendermint's safety argument, step 2).
     */
    void maybeIsolateBeforePrecommit(Endpoint e, Vote precommit) {
        boolean cuts = scenario.partitions() || sim.byzantineKind == Scenario.Byzantine.TWINS;
        if (sim.faultsActive && cuts && random.nextInt(100) < 4) {
            e.mutedUntilMillis = sim.now + 100 + random.nextInt(1_400);
            cut = new Cut(e, e.mutedUntilMillis, precommit.height(), precommit.round(), precommit.blockHash());
        }
    }

    private void crashAndRestartLater(Endpoint e, long downMillis) {
        sim.crash(e);
        int incarnation = e.incarnation;
        sim.schedule(sim.now + downMillis, () -> {
            if (sim.faultsActive && !e.up && e.incarnation == incarnation) {
                sim.restart(e);
            }
        });
    }

    private void pauseSomeone() {
        if (!sim.faultsActive) {
            return;
        }
        Endpoint victim = randomHonestUp();
        if (victim != null && victim.pausedUntilMillis <= sim.now) {
            victim.pausedUntilMillis = Math.min(faultEndMillis, sim.now + 100 + random.nextInt(2_000));
        }
        sim.schedule(sim.now + 300 + random.nextInt(2_500), this::pauseSomeone);
    }
}
