package io.ballast.sim;

import io.ballast.core.consensus.Evidence;
import io.ballast.core.consensus.Message;
import io.ballast.core.consensus.ValidatorSet;
import io.ballast.core.consensus.Vote;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.Hashing;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.StakeView;
import io.ballast.core.ledger.StakingParams;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.ValidatorInfo;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Validator churn on a staking genesis (scenarios {@code churn} and {@code churn-byzantine}). Every validator, joiners
 * included, runs the real validator code with its own key; its stake transactions are signed with that key and
 * submitted to a running member, as {@code bin/ballast validator bond|unbond|withdraw|unjail} submits them through a
 * node's API. The plan, each step driven by what the chain shows (the most advanced honest ledger):
 * <ul>
 *   <li><b>joins</b>: {@link #JOINERS} keys outside the genesis set get a deposit, bond {@link #JOINER_BOND_USD}, are
 *   elected at an epoch boundary (phased in over several when that moves more than a third of the power), catch up from
 *   the members that now address them, and vote (their precommits certify blocks);</li>
 *   <li><b>downtime</b>: once the joiners vote, an honest validator crashes (only while the honest members still hold
 *   a quorum without it) and stays down until the ledger jails it; it restarts, waits out the cool-down, sends
 *   {@code Unjail} and is elected again;</li>
 *   <li><b>leave</b>: another honest genesis validator unbonds everything, leaves at the next election and withdraws
 *   after the unbonding period;</li>
 *   <li><b>equivocation across an epoch boundary</b> (Byzantine kind {@code EQUIVOCATION}): at an epoch's last height
 *   the Byzantine validator's prevote goes out with a conflicting one to a single honest member, whose evidence no
 *   block of the epoch carries: it reaches the ledger as that member's {@code ReportEquivocation} in the next epoch,
 *   while the bond is still slashable, and slashes it once.</li>
 * </ul>
 * The seed ends when every step is done (or with a liveness violation when that takes longer than
 * {@link #COMPLETION_BOUND_MILLIS} after the heal). The staking invariants are {@link StakingAudit}'s.
 */
final class Churn {
    /** Every genesis validator's bond. */
    static final long BOND_USD = 100_000 * Units.USD_SCALE;
    /**
     * Each joiner's bond: twice a genesis bond, so that the honest members keep a quorum while one of them is down for
     * downtime and the Byzantine ones withhold (with 7 genesis validators, 2 of them Byzantine); more than a third of
     * the power joining at once, the elections phase it in.
     */
    static final long JOINER_BOND_USD = 2 * BOND_USD;
    /** Minimum bond 1,000 USD, at most 10 validators, unbonding 24 blocks (two epochs), 5 % for equivocation; a
     * member missing more than half of a 12-certificate window is jailed for 12 blocks and pays 1 %; half of the fees
     * reward the certifying validators. */
    static final StakingParams PARAMS = new StakingParams(1_000 * Units.USD_SCALE, 10, 24, 50_000, 12, 500_000,
            10_000, 12, 500_000);
    static final int JOINERS = 2;
    /** A joiner's deposit (its bond and some margin) and a genesis validator's (fees of its reports). */
    static final long JOINER_DEPOSIT_USD = 220_000 * Units.USD_SCALE;
    static final long VALIDATOR_DEPOSIT_USD = 1_000 * Units.USD_SCALE;
    static final long TICK_MILLIS = 200;
    /** Simulated time after the heal within which every churn step must be done. */
    static final long COMPLETION_BOUND_MILLIS = 240_000;
    /** Epoch-last heights at which the Byzantine validator double-votes at most (until the ledger slashes it). */
    static final int MAX_DOUBLE_VOTES = 6;

    private static final KeyPair[] JOINER_KEYS = {Ed25519.keyPairFromLabel("sim-joiner-0"),
            Ed25519.keyPairFromLabel("sim-joiner-1")};

    /** A key's stake transactions: one in flight, re-signed when its nonce went to another transaction. */
    private final class Signer {
        final KeyPair key;
        Bytes32 inFlight;
        byte[] inFlightBytes;
        long inFlightNonce;
        long sentMillis;

        Signer(KeyPair key) {
            this.key = key;
        }

        /** Sends {@code body} unless a transaction of this key is still on its way; true if it went out. */
        boolean send(LedgerState state, TxBody body) {
            if (inFlight != null) {
                Boolean accepted = receipts.get(inFlight);
                boolean nonceTaken = accepted == null && state.nonceOf(key.publicKey()) >= inFlightNonce;
                if (accepted == null && !nonceTaken) {
                    if (sim.now - sentMillis >= Workload.RESUBMIT_AFTER_MILLIS) {
                        sentMillis = sim.now;
                        submitToMember(inFlightBytes);
                    }
                    return false;
                }
                inFlight = null;
            }
            long nonce = Math.addExact(state.nonceOf(key.publicKey()), 1);
            SignedTransaction tx = SignedTransaction.sign(Simulation.CHAIN, key, nonce, body);
            inFlight = tx.hash();
            inFlightBytes = tx.encode();
            inFlightNonce = nonce;
            sentMillis = sim.now;
            sent++;
            submitToMember(inFlightBytes);
            return true;
        }
    }

    enum Phase { WAITING, ACTIVE, DONE, SKIPPED }

    private final Simulation sim;
    private final int epochBlocks;
    final List<Endpoint> joiners = new ArrayList<>();
    private final List<Signer> joinerSigners = new ArrayList<>();
    /** Honest genesis validators: one is crashed for downtime, one leaves. */
    final Endpoint victim;
    final Endpoint leaver;
    private final Signer victimSigner;
    private final Signer leaverSigner;
    private final Map<Bytes32, Boolean> receipts = new TreeMap<>();

    Phase joins = Phase.ACTIVE;
    Phase downtime = Phase.WAITING;
    Phase leave = Phase.WAITING;
    Phase equivocation;
    private boolean victimCrashed;
    private boolean victimJailedSeen;
    private boolean leaverUnbonded;
    private int doubleVotes;
    /** Byzantine keys that sent a conflicting prevote at an epoch's last height. */
    private final java.util.Set<Bytes32> doubleVoters = new java.util.TreeSet<>();
    long sent;
    /** Evidence found by honest validators (the double votes among it). */
    long evidenceFound;

    Churn(Simulation sim, List<Endpoint> honestGenesis, List<Endpoint> joinerEndpoints) {
        this.sim = sim;
        this.epochBlocks = sim.config.epochLengthBlocks();
        this.joiners.addAll(joinerEndpoints);
        for (Endpoint joiner : joinerEndpoints) {
            joinerSigners.add(new Signer(joiner.keys));
        }
        List<Endpoint> shuffled = new ArrayList<>(honestGenesis);
        java.util.Collections.shuffle(shuffled, sim.random);
        this.victim = shuffled.get(0);
        this.leaver = shuffled.get(1);
        this.victimSigner = new Signer(victim.keys);
        this.leaverSigner = new Signer(leaver.keys);
        this.equivocation = sim.byzantineKind == Scenario.Byzantine.EQUIVOCATION ? Phase.ACTIVE : Phase.SKIPPED;
    }

    static KeyPair joinerKey(int i) {
        return JOINER_KEYS[i];
    }

    /** The deposits that give every validator an account (joiners' bonds, reporters' fees), then the first tick. */
    void start() {
        for (Endpoint e : sim.endpoints) {
            if (e.twinSide <= 0) {
                boolean joiner = joiners.contains(e);
                sim.workload.requestDeposit(e.keys.publicKey(), joiner ? JOINER_DEPOSIT_USD : VALIDATOR_DEPOSIT_USD);
            }
        }
        sim.schedule(sim.now + TICK_MILLIS, this::tick);
    }

    /** True once every step of the plan is done (or skipped). */
    boolean done() {
        return joins == Phase.DONE && finished(downtime) && finished(leave) && finished(equivocation);
    }

    private static boolean finished(Phase phase) {
        return phase == Phase.DONE || phase == Phase.SKIPPED;
    }

    /** The crashed victim stays down through the heal until the ledger jails it. */
    boolean keepsDownAtHeal(Endpoint e) {
        return e == victim && victimCrashed && !victimJailedSeen;
    }

    void onReceipt(Receipt receipt) {
        receipts.putIfAbsent(receipt.txHash(), receipt.accepted());
    }

    void onEvidenceFound(Endpoint e, Evidence evidence) {
        if (e.honest()) {
            evidenceFound++;
            if (Simulation.DEBUG) {
                System.err.println("t=" + (sim.now - Simulation.GENESIS_MILLIS) + " CHURN evidence at " + e.name() + " h"
                        + evidence.height() + " against " + evidence.offender().shortHex());
            }
        }
    }

    String status() {
        return "joins " + joins + ", downtime " + downtime + " (victim " + victim.name() + ")" + ", leave " + leave
                + " (leaver " + leaver.name() + "), equivocation " + equivocation + " (double votes " + doubleVotes + ")";
    }

    // ------------------------------------------------------------------ the plan

    private void tick() {
        sim.schedule(sim.now + TICK_MILLIS, this::tick);
        LedgerState state = sim.referenceState();
        if (state == null || done()) {
            return;
        }
        tickJoins(state);
        tickDowntime(state);
        tickLeave(state);
        if (equivocation == Phase.ACTIVE) {
            for (Bytes32 key : doubleVoters) {
                if (state.slashedAtHeight(key) != 0) {
                    equivocation = Phase.DONE;
                }
            }
        }
    }

    private void tickJoins(LedgerState state) {
        if (joins != Phase.ACTIVE) {
            return;
        }
        boolean allVoting = true;
        for (Signer joiner : joinerSigners) {
            StakeView view = view(state, joiner.key.publicKey());
            if (view == null || view.bondUsd() == 0) {
                allVoting = false;
                if (state.accountView(joiner.key.publicKey()).isPresent()) {
                    joiner.send(state, new TxBody.BondStake(JOINER_BOND_USD));
                }
            } else if (!certifies(state, joiner.key.publicKey()) || view.windowSigned() == 0) {
                allVoting = false; // elected at the next boundary, then its precommits must show in certificates
            }
        }
        if (allVoting) {
            joins = Phase.DONE;
            downtime = Phase.ACTIVE;
            leave = Phase.ACTIVE;
        }
    }

    private void tickDowntime(LedgerState state) {
        if (downtime != Phase.ACTIVE) {
            return;
        }
        StakeView view = view(state, victim.keys.publicKey());
        if (!victimCrashed) {
            if (victim.up && quorumWithout(state, victim)) {
                victimCrashed = true;
                sim.crash(victim);
            }
            return;
        }
        if (!victimJailedSeen) {
            if (view.jailedUntilHeight() > 0) {
                victimJailedSeen = true;
                sim.restart(victim);
            }
            return;
        }
        if (view.jailedUntilHeight() > 0) {
            if (state.height() >= view.jailedUntilHeight()) {
                victimSigner.send(state, new TxBody.Unjail());
            }
        } else if (certifies(state, victim.keys.publicKey())) {
            downtime = Phase.DONE;
        }
    }

    private void tickLeave(LedgerState state) {
        if (leave != Phase.ACTIVE) {
            return;
        }
        StakeView view = view(state, leaver.keys.publicKey());
        if (view == null || view.bondUsd() + view.unbondingUsd() == 0) {
            if (leaverUnbonded) {
                leave = Phase.DONE;
            }
            return;
        }
        if (view.bondUsd() > 0) {
            leaverSigner.send(state, new TxBody.Unbond(view.bondUsd()));
            leaverUnbonded = true;
        } else if (view.powerUsd() == 0 && view.nextReleaseHeight() != 0 && state.height() >= view.nextReleaseHeight()) {
            leaverSigner.send(state, new TxBody.WithdrawUnbonded());
        }
    }

    /**
     * True when the honest running members of the set certifying now keep more than two thirds of its power without
     * {@code without} (the Byzantine ones may withhold): crashing it leaves the chain live, so downtime can be measured.
     */
    private boolean quorumWithout(LedgerState state, Endpoint without) {
        long total = 0;
        long honestUp = 0;
        for (ValidatorInfo member : state.certifyingValidators()) {
            total = Math.addExact(total, member.stake());
            List<Endpoint> instances = sim.byKey.get(member.key());
            if (instances != null && !member.key().equals(without.keys.publicKey())) {
                Endpoint e = instances.get(0);
                if (e.honest() && e.up) {
                    honestUp = Math.addExact(honestUp, member.stake());
                }
            }
        }
        return 3 * honestUp > 2 * total;
    }

    private static boolean certifies(LedgerState state, Bytes32 key) {
        for (ValidatorInfo member : state.certifyingValidators()) {
            if (member.key().equals(key)) {
                return member.stake() > 0;
            }
        }
        return false;
    }

    private static StakeView view(LedgerState state, Bytes32 key) {
        for (StakeView view : state.stakeViews()) {
            if (view.key().equals(key)) {
                return view;
            }
        }
        return null;
    }

    /** A client's submission: to a running member of the current set (a node's API). */
    private void submitToMember(byte[] tx) {
        List<Endpoint> members = new ArrayList<>();
        for (Endpoint e : sim.upEndpoints()) {
            if (e.validator.index() >= 0) {
                members.add(e);
            }
        }
        if (!members.isEmpty()) {
            sim.submit(members.get(sim.random.nextInt(members.size())), List.of(tx));
        }
    }

    // ------------------------------------------------------------------ equivocation across an epoch boundary

    /**
     * A Byzantine validator's message on its way out: at an epoch's last height its prevote for a block is followed by
     * a conflicting prevote (same height and round, another block) to one honest member that can pay for a report.
     */
    void onByzantineSend(Endpoint from, Message message) {
        if (equivocation != Phase.ACTIVE || doubleVotes >= MAX_DOUBLE_VOTES || !(message instanceof Vote vote)
                || vote.type() != Vote.Type.PREVOTE || vote.isNil() || vote.validator() != from.validator.index()
                || vote.height() % epochBlocks != 0) {
            return;
        }
        LedgerState state = sim.referenceState();
        ValidatorSet set = from.validator.validatorSet();
        List<Endpoint> targets = new ArrayList<>();
        for (Endpoint e : sim.endpoints) {
            if (e.honest() && e.up && e != victim && set.indexOf(e.keys.publicKey()) >= 0 && state != null
                    && state.accountView(e.keys.publicKey()).isPresent()) {
                targets.add(e);
            }
        }
        if (targets.isEmpty()) {
            return;
        }
        Bytes32 other = Hashing.sha256(new CanonicalWriter().putLong(vote.height()).putInt(vote.round())
                .putBytes32(vote.blockHash()).toByteArray());
        Vote conflicting = Vote.sign(from.keys, sim.consensusGenesis.chainId(), Vote.Type.PREVOTE, vote.height(),
                vote.round(), other, vote.timestampMillis(), vote.validator());
        Endpoint target = targets.get(sim.random.nextInt(targets.size()));
        doubleVotes++;
        doubleVoters.add(from.keys.publicKey());
        if (Simulation.DEBUG) {
            System.err.println("t=" + (sim.now - Simulation.GENESIS_MILLIS) + " CHURN double vote " + from.name() + " h"
                    + vote.height() + " r" + vote.round() + " to " + target.name());
        }
        sim.network.send(from, target, conflicting, conflicting.encode());
    }

    /** Joiner keys are outside the genesis set; the simulator runs a validator for each. */
    static List<KeyPair> joinerKeys() {
        return List.of(JOINER_KEYS);
    }
}
