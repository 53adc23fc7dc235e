package io.ballast.sim;

import io.ballast.core.consensus.Block;
import io.ballast.core.consensus.BlockHeader;
import io.ballast.core.consensus.Message;
import io.ballast.core.consensus.Vote;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Signature;
import io.ballast.core.encoding.DecodingException;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Byzantine validators. Each runs the real validator code; its host then rewrites, splits,
 * withholds or corrupts what it sends (it holds the validator's key, so it can sign anything), and
 * filters what it receives. Twins need no rewriting: the network connects each twin to its side.
 */
final class Adversary {
    private final Simulation sim;
    private final Random random;
    private final Scenario.Byzantine kind;
    /** Equivocation: per (height, round) the second block and who got it. */
    private final java.util.TreeMap<Long, Fork> forks = new java.util.TreeMap<>();
    /** Censorship: signers whose transactions the Byzantine leader never takes. */
    final Set<Bytes32> censored = new TreeSet<>();
    private int withholdingMode;
    long forgedTransactions;
    long garbageMessages;

    private record Fork(Bytes32 original, Bytes32 alternative, Set<Integer> receivers, Endpoint leader,
                        Message.Proposal originalProposal, Message.Proposal alternativeProposal,
                        Map<Bytes32, List<byte[]>> seenVotes) {
        Fork(Bytes32 original, Bytes32 alternative, Set<Integer> receivers) {
            this(original, alternative, receivers, null, null, null, new java.util.TreeMap<>());
        }
    }

    /** The adversary sees the wire: honest votes for either side of a fork are kept for replays. */
    void observe(Endpoint from, Message message, byte[] bytes) {
        if (kind != Scenario.Byzantine.EQUIVOCATION || from.byzantine || !(message instanceof Vote vote)) {
            return;
        }
        Fork fork = forks.get(key(vote.height(), vote.round()));
        if (fork != null && fork.leader != null && (vote.blockHash().equals(fork.original)
                || vote.blockHash().equals(fork.alternative))) {
            List<byte[]> seen = fork.seenVotes.computeIfAbsent(vote.blockHash(), h -> new ArrayList<>());
            if (seen.size() < 64) {
                seen.add(bytes);
            }
        }
    }

    Adversary(Simulation sim) {
        this.sim = sim;
        this.random = sim.random;
        this.kind = sim.byzantineKind;
        this.withholdingMode = random.nextInt(3);
    }

    void start() {
        if (kind == Scenario.Byzantine.GARBAGE) {
            for (Endpoint e : sim.endpoints) {
                if (e.byzantine) {
                    sim.schedule(sim.now + random.nextInt(300), () -> garbageTick(e));
                }
            }
        }
        if (kind == Scenario.Byzantine.CENSORSHIP) {
            censored.add(Workload.traderKey(0).publicKey());
            censored.add(Workload.traderKey(1).publicKey());
        }
    }

    // ------------------------------------------------------------------ outgoing

    void outgoing(Endpoint from, Message message, byte[] bytes, List<Endpoint> targets) {
        switch (kind) {
            case EQUIVOCATION -> equivocate(from, message, bytes, targets);
            case WITHHOLDING -> withhold(from, message, bytes, targets);
            case GARBAGE -> corrupt(from, message, bytes, targets);
            default -> sendAll(from, message, bytes, targets);
        }
    }

    private void sendAll(Endpoint from, Message message, byte[] bytes, List<Endpoint> targets) {
        for (Endpoint target : targets) {
            sim.network.send(from, target, message, bytes);
        }
    }

    private static long key(long height, int round) {
        return height * 1_000_000L + round;
    }

    /**
     * Equivocating leader. As leader it either forks (a random minority of the receivers gets a
     * different block than the rest) or plays amnesia (everybody gets a fresh block with validRound −1,
     * ignoring its own lock and valid block); at that round it prevotes and at once precommits the
     * block each receiver saw. Elsewhere it splits its precommits for a block: one receiver gets the
     * real precommit, everybody else a nil precommit (so one validator may commit while the others
     * time out into the next round). Sometimes one honest validator sees both sides (evidence).
     */
    private void equivocate(Endpoint from, Message message, byte[] bytes, List<Endpoint> targets) {
        if (message instanceof Message.Proposal proposal) {
            long key = key(proposal.height(), proposal.round());
            Fork fork = forks.get(key);
            if (fork == null || !fork.original.equals(proposal.block().hash()) || fork.leader != from) {
                Block alternative = withTransactions(proposal.block(), alternativeTransactions(proposal.block()));
                Message.Proposal second = Message.Proposal.sign(from.keys, sim.consensusGenesis.chainId(),
                        proposal.height(), proposal.round(), -1, alternative, proposal.sender());
                boolean amnesia = random.nextBoolean();
                Set<Integer> receivers = new TreeSet<>();
                if (amnesia) {
                    for (Endpoint target : targets) {
                        receivers.add(target.id);
                    }
                } else if (!targets.isEmpty()) {
                    // a minority (at least one) sees the other block: the majority may commit, the
                    // minority is where an amnesic or unlocked validator can be made to follow
                    List<Endpoint> shuffled = new ArrayList<>(targets);
                    java.util.Collections.shuffle(shuffled, random);
                    int minority = 1 + random.nextInt(Math.max(1, (targets.size() - 1) / 2));
                    for (Endpoint target : shuffled.subList(0, minority)) {
                        receivers.add(target.id);
                    }
                }
                fork = new Fork(proposal.block().hash(), alternative.hash(), receivers, from, proposal, second,
                        new java.util.TreeMap<>());
                forks.put(key, fork);
            }
            byte[] secondBytes = fork.alternativeProposal.encode();
            Endpoint witness = targets.isEmpty() || random.nextInt(4) != 0 ? null : targets.get(random.nextInt(targets.size()));
            for (Endpoint target : targets) {
                boolean alt = fork.receivers.contains(target.id);
                sim.network.send(from, target, alt ? fork.alternativeProposal : message, alt ? secondBytes : bytes);
                if (target == witness) {
                    sim.network.send(from, target, alt ? message : fork.alternativeProposal, alt ? bytes : secondBytes);
                }
            }
            return;
        }
        if (message instanceof Vote vote) {
            Fork fork = forks.get(key(vote.height(), vote.round()));
            if (fork != null) {
                for (Endpoint target : targets) {
                    if (fork.receivers.contains(target.id)) {
                        Vote other = resign(from, vote, fork.alternative);
                        sim.network.send(from, target, other, other.encode());
                        if (vote.type() == Vote.Type.PREVOTE) {
                            Vote precommit = Vote.sign(from.keys, sim.consensusGenesis.chainId(), Vote.Type.PRECOMMIT,
                                    vote.height(), vote.round(), fork.alternative, vote.timestampMillis() + 1,
                                    vote.validator());
                            sim.network.send(from, target, precommit, precommit.encode());
                        }
                    } else {
                        sim.network.send(from, target, vote, bytes);
                    }
                }
                return;
            }
            if (vote.type() == Vote.Type.PRECOMMIT && !vote.isNil() && !targets.isEmpty()) {
                Endpoint lucky = targets.get(random.nextInt(targets.size()));
                Vote nil = resign(from, vote, Bytes32.ZERO);
                byte[] nilBytes = nil.encode();
                for (Endpoint target : targets) {
                    if (target == lucky) {
                        sim.network.send(from, target, vote, bytes);
                    } else {
                        sim.network.send(from, target, nil, nilBytes);
                    }
                }
                return;
            }
        }
        sendAll(from, message, bytes, targets);
    }

    private Vote resign(Endpoint from, Vote vote, Bytes32 hash) {
        return Vote.sign(from.keys, sim.consensusGenesis.chainId(), vote.type(), vote.height(), vote.round(), hash,
                vote.timestampMillis(), vote.validator());
    }

    private List<byte[]> alternativeTransactions(Block block) {
        List<byte[]> txs = new ArrayList<>(block.transactions());
        if (!txs.isEmpty() && random.nextBoolean()) {
            txs.remove(txs.size() - 1);
        } else {
            byte[] filler = new byte[8 + random.nextInt(32)];
            random.nextBytes(filler);
            txs.add(filler);
        }
        return txs;
    }

    static Block withTransactions(Block block, List<byte[]> txs) {
        BlockHeader h = block.header();
        BlockHeader header = new BlockHeader(h.chainId(), h.height(), h.epoch(), h.timestampMillis(), h.proposer(),
                h.parentHash(), h.lastCommitHash(), h.stateRoot(), h.validatorSetHash(), h.nextValidatorSetHash(),
                Block.txRoot(txs), h.evidenceRoot(), h.failedProposers());
        return new Block(header, txs, block.evidence(), block.lastCommit());
    }

    /** Vote withholding: per seed, no precommits; no votes to a random part of the peers; or no prevotes. Proposals sometimes. */
    private void withhold(Endpoint from, Message message, byte[] bytes, List<Endpoint> targets) {
        boolean withheld = false;
        if (message instanceof Vote vote) {
            withheld = switch (withholdingMode) {
                case 0 -> vote.type() == Vote.Type.PRECOMMIT;
                case 1 -> false;
                default -> vote.type() == Vote.Type.PREVOTE;
            };
            if (withholdingMode == 1) {
                for (Endpoint target : targets) {
                    if (random.nextBoolean()) {
                        sim.network.send(from, target, message, bytes);
                    }
                }
                return;
            }
        } else if (message instanceof Message.Proposal) {
            withheld = random.nextBoolean();
        }
        if (!withheld) {
            sendAll(from, message, bytes, targets);
        }
    }

    /**
     * Garbage: flips bytes in outgoing messages (invalid signatures, broken encodings) and, as leader,
     * proposes its block plus forged transactions (valid encoding, wrong signature) to everybody,
     * voting for that block instead of its own.
     */
    private void corrupt(Endpoint from, Message message, byte[] bytes, List<Endpoint> targets) {
        if (message instanceof Message.Proposal proposal && random.nextInt(3) != 0) {
            List<byte[]> txs = new ArrayList<>(proposal.block().transactions());
            int forged = 1 + random.nextInt(3);
            for (int i = 0; i < forged && txs.size() < sim.config.maxBlockTxs(); i++) {
                txs.add(forgedTransaction(from));
            }
            Block forgedBlock = withTransactions(proposal.block(), txs);
            Message.Proposal second = Message.Proposal.sign(from.keys, sim.consensusGenesis.chainId(), proposal.height(),
                    proposal.round(), -1, forgedBlock, proposal.sender());
            forks.put(key(proposal.height(), proposal.round()), new Fork(proposal.block().hash(), forgedBlock.hash(),
                    Set.of()));
            message = second;
            bytes = second.encode();
        } else if (message instanceof Vote vote) {
            Fork fork = forks.get(key(vote.height(), vote.round()));
            if (fork != null && vote.blockHash().equals(fork.original)) {
                message = resign(from, vote, fork.alternative);
                bytes = message.encode();
            }
        }
        for (Endpoint target : targets) {
            byte[] out = bytes;
            if (random.nextInt(5) == 0) {
                out = bytes.clone();
                int flips = 1 + random.nextInt(3);
                for (int i = 0; i < flips; i++) {
                    out[random.nextInt(out.length)] ^= (byte) (1 + random.nextInt(255));
                }
                garbageMessages++;
            }
            sim.network.send(from, target, null, out);
        }
    }

    /** A withdrawal for a real trader, signed by the Byzantine validator's key (or with a flipped signature). */
    private byte[] forgedTransaction(Endpoint from) {
        forgedTransactions++;
        int trader = random.nextInt(Workload.TRADERS);
        SignedTransaction real = SignedTransaction.sign(Simulation.CHAIN, from.keys, 1 + random.nextInt(50), 0,
                new TxBody.Withdraw((1 + random.nextInt(1_000)) * 1_000_000L));
        byte[] signature = real.signature().toArray();
        signature[random.nextInt(signature.length)] ^= 1;
        SignedTransaction forged = new SignedTransaction(Workload.traderKey(trader).publicKey(), real.nonce(), 0,
                real.body(), random.nextBoolean() ? real.signature() : Signature.wrap(signature));
        return forged.encode();
    }

    private void garbageTick(Endpoint from) {
        if (!sim.faultsActive && random.nextInt(4) != 0) {
            sim.schedule(sim.now + 200 + random.nextInt(400), () -> garbageTick(from));
            return;
        }
        List<Endpoint> honest = new ArrayList<>();
        for (Endpoint e : sim.endpoints) {
            if (e.honest()) {
                honest.add(e);
            }
        }
        Endpoint target = honest.get(random.nextInt(honest.size()));
        int what = random.nextInt(20);
        byte[] bytes;
        if (what == 0) {
            bytes = new byte[sim.config.maxMessageBytes() + 1 + random.nextInt(64)];
            bytes[0] = Message.KIND_PROPOSAL;
        } else if (what == 1) {
            bytes = new byte[sim.config.maxMessageBytes() + sim.config.maxSnapshotBytes() + 1];
            bytes[0] = Message.KIND_SNAPSHOT_RESPONSE;
        } else {
            bytes = new byte[random.nextInt(400)];
            random.nextBytes(bytes);
            if (bytes.length > 0) {
                bytes[0] = (byte) (1 + random.nextInt(7));
            }
        }
        garbageMessages++;
        sim.network.send(from, target, null, bytes);
        sim.schedule(sim.now + 50 + random.nextInt(300), () -> garbageTick(from));
    }

    /** True when a Byzantine leader forked (height, round) and {@code hash} is one side of it. */
    boolean isForkSide(long height, int round, Bytes32 hash) {
        Fork fork = forks.get(key(height, round));
        return fork != null && fork.leader != null && (fork.original.equals(hash) || fork.alternative.equals(hash));
    }

    /**
     * Amnesia exploit: a validator that just came back has forgotten what it signed unless it
     * persisted it. The equivocating leader shows it the other side of its latest fork at that
     * height — proposal, its own prevote and precommit, and every honest vote for that side it saw on
     * the wire — and keeps it on that side. With the persist rule this only produces a refused
     * signature; without it, a double vote that can complete the other side's quorum.
     */
    void onRestart(Endpoint restarted) {
        if (kind != Scenario.Byzantine.EQUIVOCATION) {
            return;
        }
        long height = restarted.validator.height();
        var entry = forks.floorEntry(key(height, 999_999));
        if (entry == null || entry.getKey() < key(height, 0) || entry.getValue().leader == null || !entry.getValue().leader.up) {
            return;
        }
        Fork fork = entry.getValue();
        boolean toAlternative = !fork.receivers.remove(restarted.id);
        if (toAlternative) {
            fork.receivers.add(restarted.id);
        }
        Message.Proposal proposal = toAlternative ? fork.alternativeProposal : fork.originalProposal;
        Endpoint leader = fork.leader;
        if (Simulation.DEBUG) {
            System.err.println("t=" + (sim.now - Simulation.GENESIS_MILLIS) + " EXPLOIT " + restarted.name() + " at h"
                    + height + " r" + restarted.validator.round() + " shown h" + proposal.height() + " r"
                    + proposal.round() + " " + proposal.block().hash().shortHex());
        }
        // the adversary owns the schedule: its replays arrive at once, in order
        List<byte[]> replay = new ArrayList<>();
        replay.add(proposal.encode());
        for (Vote.Type type : Vote.Type.values()) {
            replay.add(Vote.sign(leader.keys, sim.consensusGenesis.chainId(), type, proposal.height(), proposal.round(),
                    proposal.block().hash(), sim.now, proposal.sender()).encode());
        }
        replay.addAll(fork.seenVotes.getOrDefault(proposal.block().hash(), List.of()));
        for (int i = 0; i < replay.size(); i++) {
            byte[] bytes = replay.get(i);
            sim.schedule(sim.now + 1 + i, () -> sim.deliver(restarted, bytes));
        }
    }

    // ------------------------------------------------------------------ incoming

    /** Censorship: gossip carrying a censored signer's transaction never reaches the Byzantine mempool. */
    boolean dropsIncoming(Endpoint to, byte[] bytes) {
        if (kind != Scenario.Byzantine.CENSORSHIP || bytes.length == 0 || bytes[0] != Message.KIND_TX_GOSSIP) {
            return false;
        }
        Message message;
        try {
            message = Message.decode(bytes, sim.config);
        } catch (DecodingException | IllegalArgumentException malformed) {
            return false;
        }
        if (message instanceof Message.TxGossip gossip) {
            for (byte[] tx : gossip.transactions()) {
                if (isCensored(tx)) {
                    return true;
                }
            }
        }
        return false;
    }

    List<byte[]> filterSubmission(Endpoint to, List<byte[]> transactions) {
        if (kind != Scenario.Byzantine.CENSORSHIP) {
            return transactions;
        }
        List<byte[]> kept = new ArrayList<>();
        for (byte[] tx : transactions) {
            if (!isCensored(tx)) {
                kept.add(tx);
            }
        }
        return kept;
    }

    private boolean isCensored(byte[] tx) {
        try {
            return censored.contains(SignedTransaction.decode(tx).signer());
        } catch (DecodingException | IllegalArgumentException malformed) {
            return false;
        }
    }
}
