package io.ballast.core.app;

import io.ballast.core.consensus.Action;
import io.ballast.core.consensus.Application;
import io.ballast.core.consensus.Block;
import io.ballast.core.consensus.BlockOutput;
import io.ballast.core.consensus.CommitCertificate;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.consensus.ConsensusConfig;
import io.ballast.core.consensus.Evidence;
import io.ballast.core.consensus.ExecutionResult;
import io.ballast.core.consensus.TxCheck;
import io.ballast.core.consensus.ValidatorInfo;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.encoding.DecodingException;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.ConsensusParams;
import io.ballast.core.ledger.Equivocation;
import io.ballast.core.ledger.LastCommit;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.Ledger;
import io.ballast.core.ledger.LedgerBlock;
import io.ballast.core.ledger.LedgerLimits;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.LiquidationObserver;
import io.ballast.core.ledger.SignatureCheck;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.SignatureVerifier;
import io.ballast.core.ledger.Admission;
import io.ballast.core.ledger.RejectCode;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The clearing ledger as the application behind consensus. Signatures are verified once, on
 * mempool admission, and remembered by transaction hash; execution trusts that cache and verifies
 * whatever it has not seen (a block from a peer, a replay after restart).
 *
 * <p>Block metadata the ledger needs is derived from the chain only, so every validator computes
 * the same: time = the block header's BFT time; congestion = the block's fill (transactions ÷ the
 * block limit, in ppm) — a full block means transactions are waiting; recent time to finality =
 * this block's time minus the previous block's (in this protocol a block's time is the median of
 * the votes that committed its parent, so consecutive block times are one commit apart).
 * Evidence in a block ejects its offender (with staking also slashes it); the block's certificate of its parent
 * tells the ledger who was live (downtime). At an epoch's second-to-last block the ledger reports the set
 * consensus takes at the next boundary: with staking, the set the ledger just elected from the bonds; without,
 * the genesis validators not ejected.
 */
public final class LedgerApplication implements Application {
    /** The ledger's report of one block as it leaves consensus in {@link Action.Commit#output()}. */
    public record Output(BlockResult result) implements BlockOutput {}

    private final Ledger ledger;
    private final SignatureVerifier signatures;
    private final int maxBlockTxs;
    private final int epochLengthBlocks;
    private LedgerState state;
    private long undecodableTransactions;

    /**
     * The block limit (congestion = fill of it) and the epoch length (the next set is reported at its second-to-last
     * block) are the genesis's: {@link LedgerLimits#maxTransactionsPerBlock()} and {@link ConsensusParams#epochLengthBlocks()}.
     */
    public LedgerApplication(Genesis genesis, int signatureCacheCapacity) {
        this(genesis, SignatureCheck.cached(signatureCacheCapacity), LiquidationObserver.NONE);
    }

    /** With a ledger that shows {@code observer} every account right before it liquidates it (audits, the simulator). */
    public LedgerApplication(Genesis genesis, int signatureCacheCapacity, LiquidationObserver observer) {
        this(genesis, SignatureCheck.cached(signatureCacheCapacity), observer);
    }

    /** With a verifier shared by other components (the runtime: one per node). */
    public LedgerApplication(Genesis genesis, SignatureVerifier signatures) {
        this(genesis, signatures, LiquidationObserver.NONE);
    }

    /** With a shared verifier and a liquidation observer. */
    public LedgerApplication(Genesis genesis, SignatureVerifier signatures, LiquidationObserver observer) {
        this.signatures = signatures;
        this.ledger = new Ledger((tx, chainId) -> signatures.verify(tx, chainId, SignatureVerifier.Purpose.EXECUTION),
                observer);
        this.maxBlockTxs = genesis.limits().maxTransactionsPerBlock();
        this.epochLengthBlocks = genesis.consensus().epochLengthBlocks();
        this.state = LedgerState.fromGenesis(genesis);
    }

    /**
     * A node's consensus configuration for this chain: its own tunables ({@code local}: timeouts, pacing, mempool,
     * sync) with the chain-wide parameters every validator must share taken from the genesis.
     */
    public static ConsensusConfig consensusConfig(Genesis genesis, ConsensusConfig local) {
        ConsensusParams chain = genesis.consensus();
        return local.withChainParams(genesis.limits().maxTransactionsPerBlock(), chain.maxBlockBytes(), chain.maxTxBytes(),
                chain.maxBlockEvidence(), chain.epochLengthBlocks(), chain.reputationWindowBlocks());
    }

    /**
     * The reverse of {@link #consensusConfig}: a copy of {@code genesis} whose chain-wide parameters are those of
     * {@code config} (hosts that choose their consensus configuration first: the simulator, benchmarks, tests).
     */
    public static Genesis withChainParams(Genesis genesis, ConsensusConfig config) {
        return genesis.withLimits(genesis.limits().withMaxTransactionsPerBlock(config.maxBlockTxs()))
                .withConsensus(new ConsensusParams(config.maxBlockBytes(), config.maxTxBytes(), config.maxBlockEvidence(),
                        config.epochLengthBlocks(), config.reputationWindowBlocks()));
    }

    /** Throws unless {@code config} carries exactly the genesis's chain-wide parameters. */
    public static void requireChainParams(Genesis genesis, ConsensusConfig config) {
        if (!consensusConfig(genesis, config).equals(config)) {
            throw new IllegalArgumentException("consensus configuration " + config + " differs from the chain-wide "
                    + "parameters of genesis " + genesis.chainId() + ": " + genesis.consensus() + ", maxBlockTxs "
                    + genesis.limits().maxTransactionsPerBlock());
        }
    }

    /** The ledger's result carried by a commit of a validator running this application. */
    public static BlockResult resultOf(Action.Commit commit) {
        return resultOf(commit.output());
    }

    /** The ledger's result of one {@link #execute}. */
    public static BlockResult resultOf(ExecutionResult executed) {
        return resultOf(executed.output());
    }

    private static BlockResult resultOf(BlockOutput output) {
        if (!(output instanceof Output ledger)) {
            throw new IllegalArgumentException("not a ledger result: " + output);
        }
        return ledger.result();
    }

    /** Mempool admission: a canonical transaction, a valid signature, then the ledger's {@link Admission} rule. */
    @Override
    public TxCheck checkTransaction(byte[] transaction) {
        SignedTransaction tx;
        try {
            tx = SignedTransaction.decode(transaction);
        } catch (DecodingException | IllegalArgumentException malformed) {
            return TxCheck.reject(RejectCode.MALFORMED, "malformed transaction: " + malformed.getMessage());
        }
        if (!signatures.verify(tx, state.chainId(), SignatureVerifier.Purpose.MEMPOOL)) {
            return TxCheck.reject(RejectCode.BAD_SIGNATURE, "the signature does not verify for signer " + tx.signer().shortHex());
        }
        Admission.Refusal refusal = Admission.check(state, tx);
        if (refusal != null) {
            return TxCheck.reject(refusal.code(), refusal.detail());
        }
        Bytes32 stream = state.nonceStream(tx);
        return TxCheck.accept(tx.lane().ordinal(), tx.priorityFeeUsd(),
                stream == null ? null : new TxCheck.Sequence(stream, tx.nonce()));
    }

    @Override
    public long nextSequence(Bytes32 stream) {
        return Math.addExact(state.lastNonce(stream), 1);
    }

    @Override
    public ExecutionResult execute(CommittedBlock committed) {
        Block block = committed.block();
        List<SignedTransaction> transactions = new ArrayList<>(block.transactions().size());
        for (byte[] bytes : block.transactions()) {
            try {
                transactions.add(SignedTransaction.decode(bytes));
            } catch (DecodingException | IllegalArgumentException malformed) {
                undecodableTransactions++; // a faulty proposer's garbage: skipped identically everywhere
            }
        }
        List<Equivocation> equivocations = new ArrayList<>(block.evidence().size());
        for (Evidence evidence : block.evidence()) {
            equivocations.add(new Equivocation(evidence.offender(), evidence.height()));
        }
        LastCommit lastCommit = LastCommit.NONE;
        if (block.lastCommit() != null) {
            List<Integer> signers = new ArrayList<>(block.lastCommit().signatures().size());
            for (CommitCertificate.CommitSig sig : block.lastCommit().signatures()) {
                signers.add(sig.validator());
            }
            lastCommit = new LastCommit(block.lastCommit().height(), signers);
        }
        long timeMillis = Math.max(block.header().timestampMillis(), state.timeMillis());
        long finalityMillis = Math.min(86_400_000L, timeMillis - state.timeMillis());
        long congestionPpm = Math.min(Units.PPM, block.transactions().size() * Units.PPM / maxBlockTxs);
        LedgerBlock ledgerBlock = new LedgerBlock(block.height(), timeMillis, congestionPpm, finalityMillis,
                transactions, equivocations, lastCommit);
        BlockResult result = ledger.apply(state, ledgerBlock);
        return new ExecutionResult(result.stateRoot(), nextValidators(block.height()), new Output(result));
    }

    private List<ValidatorInfo> nextValidators(long height) {
        if (height % epochLengthBlocks != epochLengthBlocks - 1) {
            return null;
        }
        List<ValidatorInfo> next = new ArrayList<>();
        for (io.ballast.core.ledger.ValidatorInfo validator : state.activeValidators()) {
            next.add(new ValidatorInfo(validator.key(), validator.stake()));
        }
        return next.isEmpty() ? null : next;
    }

    /**
     * With staking: one {@code ReportEquivocation} per expired evidence whose offender is not slashed yet and whose
     * offence is still inside the unbonding period, signed by {@code reporter} from its own account with consecutive
     * nonces after its last committed one and no fee (nothing when the reporter has no account: the ledger would
     * refuse it). Without staking, nothing: a block's evidence only ejects, and there is no stake to slash later.
     */
    @Override
    public List<byte[]> reportTransactions(List<Evidence> expired, KeyPair reporter) {
        if (!state.genesis().staking().enabled() || state.accountView(reporter.publicKey()).isEmpty()) {
            return List.of();
        }
        long nonce = state.nonceOf(reporter.publicKey());
        long periodBlocks = state.genesis().staking().unbondingPeriodBlocks();
        List<byte[]> reports = new ArrayList<>();
        Set<Bytes32> offenders = new TreeSet<>();
        for (Evidence evidence : expired) {
            boolean slashable = state.slashedAtHeight(evidence.offender()) == 0
                    && state.height() - evidence.height() <= periodBlocks;
            if (slashable && offenders.add(evidence.offender())) { // once per offender: a second report is a duplicate
                nonce = Math.addExact(nonce, 1);
                reports.add(SignedTransaction.sign(state.chainId(), reporter, nonce,
                        new TxBody.ReportEquivocation(evidence)).encode());
            }
        }
        return reports;
    }

    @Override
    public byte[] snapshot() {
        return state.snapshot();
    }

    @Override
    public void restore(byte[] snapshot) {
        state = LedgerState.restore(snapshot);
    }

    @Override
    public Bytes32 stateRoot() {
        return state.stateRoot();
    }

    /** The live ledger state: read it, never mutate it (only {@link #execute} does). */
    public LedgerState state() {
        return state;
    }

    /** Transactions in committed blocks that did not decode (skipped by every validator alike). */
    public long undecodableTransactions() {
        return undecodableTransactions;
    }
}
