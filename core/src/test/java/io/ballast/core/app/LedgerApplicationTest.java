package io.ballast.core.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.consensus.Action;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.consensus.ConsensusConfig;
import io.ballast.core.consensus.Event;
import io.ballast.core.consensus.Message;
import io.ballast.core.consensus.Timer;
import io.ballast.core.consensus.host.ActionInterpreter;
import io.ballast.core.consensus.ExecutionResult;
import io.ballast.core.consensus.TxCheck;
import io.ballast.core.consensus.Validator;
import io.ballast.core.consensus.ValidatorInfo;
import io.ballast.core.consensus.ValidatorSet;
import io.ballast.core.consensus.Vote;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.Hashing;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Admission;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.StakingParams;
import io.ballast.core.ledger.RejectCode;
import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.LedgerFixtures;
import io.ballast.core.ledger.LedgerLimits;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The ledger as the consensus application: admission, replicated execution, slashing, snapshots. */
class LedgerApplicationTest {
    private static final List<KeyPair> VALIDATORS = List.of(Ed25519.keyPairFromLabel("validator-0"),
            Ed25519.keyPairFromLabel("validator-1"), Ed25519.keyPairFromLabel("validator-2"),
            Ed25519.keyPairFromLabel("validator-3"));
    private static final KeyPair ALICE = Ed25519.keyPairFromLabel("alice");
    private static final KeyPair BOB = Ed25519.keyPairFromLabel("bob");
    private static final String CHAIN = LedgerFixtures.CHAIN_ID;

    private static ConsensusConfig config() {
        return new ConsensusConfig(1_000, 8_000, 200, 100, 100, 64 * 1024, 1_024, 8, new int[] {100, 100, 100},
                1_000, 20, 200, 50, 500, 20, 10, 1_000, 1 << 20, 1 << 20, 64, 250);
    }

    private static Genesis ledgerGenesis() {
        List<io.ballast.core.ledger.ValidatorInfo> validators = new ArrayList<>();
        for (KeyPair key : VALIDATORS) {
            validators.add(new io.ballast.core.ledger.ValidatorInfo(key.publicKey(), 100));
        }
        return new Genesis(CHAIN, LedgerFixtures.GENESIS_TIME_MILLIS, validators,
                LedgerFixtures.ORACLES.stream().map(KeyPair::publicKey).toList(), LedgerFixtures.AUTHORITY.publicKey(),
                LedgerFixtures.usd(1_000_000), LedgerFixtures.usd(10_000_000), LedgerLimits.DEFAULT,
                List.of(LedgerFixtures.simpleMarket().build()));
    }

    /** The same four validators bonding 100 USD each, a 10 USD minimum; {@code config}'s chain-wide parameters. */
    private static Genesis stakingGenesis(ConsensusConfig config) {
        Genesis base = LedgerApplication.withChainParams(ledgerGenesis(), config);
        List<io.ballast.core.ledger.ValidatorInfo> bonded = base.validators().stream()
                .map(v -> new io.ballast.core.ledger.ValidatorInfo(v.key(), LedgerFixtures.usd(100))).toList();
        return new Genesis(base.chainId(), base.genesisTimeMillis(), bonded, base.oracleOperators(),
                base.collateralAuthority(), base.insuranceFundUsd(), base.poolLiquidityUsd(), base.limits(), base.markets(),
                base.options(), base.consensus(), new StakingParams(LedgerFixtures.usd(10), 8, 10, 50_000, 12, 500_000,
                10_000, 12, 500_000));
    }

    /** An application on a genesis whose chain-wide parameters are {@code config}'s. */
    private static LedgerApplication app(ConsensusConfig config) {
        return app(config, ledgerGenesis());
    }

    private static LedgerApplication app(ConsensusConfig config, Genesis ledgerGenesis) {
        return new LedgerApplication(LedgerApplication.withChainParams(ledgerGenesis, config), 10_000);
    }

    private static byte[] deposit(long nonce, KeyPair account, long usd) {
        return SignedTransaction.sign(CHAIN, LedgerFixtures.AUTHORITY, nonce,
                new TxBody.Deposit(account.publicKey(), LedgerFixtures.usd(usd))).encode();
    }

    // ------------------------------------------------------------------ admission

    @Test
    void checkTransactionRejectsMalformedAndBadlySignedBytesWithAReason() {
        LedgerApplication app = app(config());
        TxCheck garbage = app.checkTransaction(new byte[] {1, 2, 3, 4, 5});
        assertFalse(garbage.valid());
        assertEquals(RejectCode.MALFORMED, garbage.code());
        assertTrue(garbage.reason().startsWith("malformed transaction"), garbage.reason());
        assertFalse(app.checkTransaction(new byte[0]).valid());
        assertFalse(app.checkTransaction(new byte[SignedTransaction.MAX_ENCODED_BYTES + 1]).valid());

        byte[] good = deposit(1, ALICE, 100);
        byte[] flipped = good.clone();
        flipped[flipped.length - 1] ^= 1; // inside the signature
        TxCheck bad = app.checkTransaction(flipped);
        assertFalse(bad.valid());
        assertEquals(RejectCode.BAD_SIGNATURE, bad.code());
        assertTrue(bad.reason().startsWith("the signature does not verify"), bad.reason());

        byte[] otherChain = SignedTransaction.sign("another-chain", LedgerFixtures.AUTHORITY, 1,
                new TxBody.Deposit(ALICE.publicKey(), 1)).encode();
        assertFalse(app.checkTransaction(otherChain).valid(), "a signature binds the chain id");

        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        assertEquals(RejectCode.MALFORMED, app.checkTransaction(trailing).code(), "no trailing bytes");
    }

    @Test
    void checkTransactionGivesTheLaneAndPriorityFeeOfEachKind() {
        LedgerApplication app = app(config());
        app.execute(blockWith(1, deposit(1, ALICE, 1_000))); // accounts are created by a deposit: ALICE signs below
        Bytes32 alice = ALICE.publicKey();
        assertEquals(TxCheck.accept(0, 0, new TxCheck.Sequence(LedgerState.AUTHORITY_NONCE_STREAM, 2)),
                app.checkTransaction(deposit(2, ALICE, 100)), "deposits are in the authority's nonce stream");
        assertEquals(TxCheck.accept(0, 0), app.checkTransaction(SignedTransaction.sign(CHAIN,
                LedgerFixtures.ORACLES.get(0), 0, new TxBody.OracleReport(LedgerFixtures.BTC, 1, 1)).encode()),
                "oracle reports are in no nonce stream");
        assertEquals(TxCheck.accept(0, 5, new TxCheck.Sequence(alice, 1)), app.checkTransaction(SignedTransaction.sign(
                CHAIN, ALICE, 1, 5, new TxBody.Liquidate(BOB.publicKey())).encode()));
        assertEquals(TxCheck.accept(1, 7, new TxCheck.Sequence(alice, 1)), app.checkTransaction(SignedTransaction.sign(
                CHAIN, ALICE, 1, 7, new TxBody.Withdraw(1)).encode()));
        assertEquals(TxCheck.accept(1, 0, new TxCheck.Sequence(alice, 2)), app.checkTransaction(SignedTransaction.sign(
                CHAIN, ALICE, 2, 0, new TxBody.LpWithdraw(1)).encode()));
        assertEquals(TxCheck.accept(2, 9, new TxCheck.Sequence(alice, 3)), app.checkTransaction(SignedTransaction.sign(
                CHAIN, ALICE, 3, 9, new TxBody.Trade(LedgerFixtures.BTC, 1, 1)).encode()));
        assertEquals(TxCheck.accept(2, 0, new TxCheck.Sequence(alice, 4)), app.checkTransaction(SignedTransaction.sign(
                CHAIN, ALICE, 4, 0, new TxBody.ClosePosition(LedgerFixtures.BTC, 1)).encode()));
        assertEquals(TxCheck.accept(2, 0, new TxCheck.Sequence(alice, 5)), app.checkTransaction(SignedTransaction.sign(
                CHAIN, ALICE, 5, 0, new TxBody.LpDeposit(1)).encode()));
    }

    @Test
    void nextSequenceIsTheStreamsLastCommittedNoncePlusOne() {
        LedgerApplication app = app(config());
        assertEquals(1, app.nextSequence(LedgerState.AUTHORITY_NONCE_STREAM));
        assertEquals(1, app.nextSequence(ALICE.publicKey()), "an account not created yet starts at 1");
        app.execute(blockWith(1, deposit(1, ALICE, 1_000)));
        assertEquals(2, app.nextSequence(LedgerState.AUTHORITY_NONCE_STREAM));
        app.execute(blockWith(2, SignedTransaction.sign(CHAIN, ALICE, 1, new TxBody.Withdraw(1)).encode()));
        assertEquals(2, app.nextSequence(ALICE.publicKey()));
        assertEquals(1, app.nextSequence(BOB.publicKey()));
    }

    // ------------------------------------------------------------------ replicated execution

    @Test
    void checkTransactionRefusesNoncesTheCommittedStateAlreadyUsed() {
        Net net = new Net(config());
        net.start();
        net.submit(0, deposit(1, ALICE, 50_000));
        assertTrue(net.runUntil(() -> net.allPast(3), 60_000));
        LedgerApplication app = net.apps.get(1);
        TxCheck replayedNonce = app.checkTransaction(deposit(1, BOB, 10));
        assertFalse(replayedNonce.valid(), "another deposit signed with the authority's used nonce 1");
        assertEquals(RejectCode.STALE_NONCE, replayedNonce.code());
        assertEquals("nonce 1 is already used: the signer's last committed nonce is 1, sign with 2", replayedNonce.reason());
        assertTrue(app.checkTransaction(deposit(2, BOB, 10)).valid());
        assertTrue(app.checkTransaction(deposit(9, BOB, 10)).valid(), "a future nonce may become valid");
        long farthest = 1 + Admission.MAX_NONCE_AHEAD;
        assertTrue(app.checkTransaction(deposit(farthest, BOB, 10)).valid(), "up to MAX_NONCE_AHEAD past the last");
        TxCheck tooFar = app.checkTransaction(deposit(farthest + 1, BOB, 10));
        assertEquals(RejectCode.NONCE_TOO_FAR_AHEAD, tooFar.code());
        assertEquals("nonce " + (farthest + 1) + " is more than 1024 past the signer's last committed nonce 1: wait until "
                + "earlier transactions commit", tooFar.reason());
        byte[] trade = SignedTransaction.sign(CHAIN, ALICE, 1, new TxBody.Trade(LedgerFixtures.BTC,
                LedgerFixtures.btc(1), io.ballast.core.ledger.Units.MAX_PRICE_USD)).encode();
        assertTrue(app.checkTransaction(trade).valid());
        byte[] oracleReport = SignedTransaction.sign(CHAIN, LedgerFixtures.ORACLES.get(0), 0, new TxBody.OracleReport(
                LedgerFixtures.BTC, LedgerFixtures.usd(10_100), net.now)).encode();
        assertTrue(app.checkTransaction(oracleReport).valid(), "oracle reports always carry nonce 0");
    }

    @Test
    void fourValidatorsWithTheLedgerReachIdenticalRootsAtEveryHeight() {
        Net net = new Net(config());
        net.start();
        net.submit(0, deposit(1, ALICE, 50_000), deposit(2, BOB, 50_000));
        assertTrue(net.runUntil(() -> net.allPast(3), 60_000));
        List<byte[]> reports = new ArrayList<>();
        for (KeyPair oracle : LedgerFixtures.ORACLES) {
            reports.add(SignedTransaction.sign(CHAIN, oracle, 0, new TxBody.OracleReport(LedgerFixtures.BTC,
                    LedgerFixtures.usd(10_100), net.now)).encode());
        }
        net.submit(1, reports.toArray(new byte[0][]));
        assertTrue(net.runUntil(() -> net.allPast(5), 60_000));
        net.submit(2, SignedTransaction.sign(CHAIN, ALICE, 1, new TxBody.Trade(LedgerFixtures.BTC,
                LedgerFixtures.btc(1), io.ballast.core.ledger.Units.MAX_PRICE_USD)).encode());
        net.submit(3, SignedTransaction.sign(CHAIN, BOB, 1, new TxBody.Trade(LedgerFixtures.BTC,
                -LedgerFixtures.btc(2), 1)).encode());
        assertTrue(net.runUntil(() -> net.allPast(10), 60_000));
        for (long h = 1; h <= 10; h++) {
            Bytes32 root = net.roots.get(0).get(h);
            assertNotNull(root, "height " + h);
            for (int i = 1; i < 4; i++) {
                assertEquals(root, net.roots.get(i).get(h), "node " + i + " height " + h);
            }
            if (h < 10) {
                assertEquals(root, net.validators.get(0).committedBlock(h + 1).block().header().stateRoot(),
                        "block h+1 certifies the root after h");
            }
        }
        for (int i = 0; i < 4; i++) {
            var state = net.apps.get(i).state();
            assertEquals(1, state.accountView(ALICE.publicKey()).orElseThrow().positions().size(), net.rejected::toString);
            assertEquals(LedgerFixtures.btc(1), state.accountView(ALICE.publicKey()).orElseThrow().positions().get(0).sizeE8());
            assertEquals(-LedgerFixtures.btc(2), state.accountView(BOB.publicKey()).orElseThrow().positions().get(0).sizeE8());
            assertTrue(state.totals().cashConserved());
        }
    }

    @Test
    void evidenceInABlockSlashesTheOffenderAndTheNextEpochLeavesItOut() {
        ConsensusConfig config = config().withEpochAndWindows(6, 4, 50, 50);
        Net net = new Net(config);
        net.start();
        assertTrue(net.runUntil(() -> net.allPast(1), 60_000));
        KeyPair offender = VALIDATORS.get(3);
        long height = net.validators.get(0).height();
        Bytes32 chainId = net.genesis.chainId();
        Vote a = Vote.sign(offender, chainId, Vote.Type.PRECOMMIT, height, 7, Hashing.sha256(new byte[] {1}), net.now, 3);
        Vote b = Vote.sign(offender, chainId, Vote.Type.PRECOMMIT, height, 7, Hashing.sha256(new byte[] {2}), net.now, 3);
        for (int i = 0; i < 3; i++) {
            net.step(i, new Event.Received(a.encode(), net.now));
            net.step(i, new Event.Received(b.encode(), net.now));
        }
        assertTrue(net.runUntil(() -> net.past(List.of(0, 1, 2), 14), 120_000), "the other three go on");
        for (int i = 0; i < 3; i++) {
            var state = net.apps.get(i).state();
            long slashedAt = state.slashedAtHeight(offender.publicKey());
            assertTrue(slashedAt > 0 && slashedAt < 6, "slashed within the first epoch, at " + slashedAt);
            assertEquals(3, state.activeValidators().size());
            assertFalse(state.activeValidators().stream().anyMatch(v -> v.key().equals(offender.publicKey())));
            assertEquals(3, net.validators.get(i).validatorSet().size(), "the next epoch's set");
            assertTrue(net.validators.get(i).validatorSet().indexOf(offender.publicKey()) < 0);
            assertEquals(net.roots.get(0).get(14L), net.roots.get(i).get(14L));
        }
        assertTrue(net.slashEvents > 0, "a ValidatorSlashed event was emitted");
    }

    @Test
    void aBondChangesTheSetAtTheNextEpoch() {
        ConsensusConfig config = config().withEpochAndWindows(6, 4, 50, 50);
        Genesis staking = stakingGenesis(config);
        Net net = new Net(config, staking);
        net.start();
        assertTrue(net.runUntil(() -> net.allPast(1), 60_000));
        KeyPair growing = VALIDATORS.get(0);
        net.submit(0, deposit(1, growing, 1_000));
        assertTrue(net.runUntil(() -> net.allPast(3), 60_000));
        net.submit(1, SignedTransaction.sign(CHAIN, growing, 1, new TxBody.BondStake(LedgerFixtures.usd(200))).encode());
        assertTrue(net.runUntil(() -> net.allPast(14), 120_000), net.rejected::toString);
        for (int i = 0; i < 4; i++) {
            var state = net.apps.get(i).state();
            assertEquals(List.of(LedgerFixtures.usd(300), LedgerFixtures.usd(100), LedgerFixtures.usd(100),
                            LedgerFixtures.usd(100)), state.activeValidators().stream().map(v -> v.stake()).toList(),
                    net.rejected::toString);
            ValidatorSet set = net.validators.get(i).validatorSet();
            assertEquals(4, set.size(), "the next epoch's set");
            assertEquals(LedgerFixtures.usd(600), set.totalStake());
            assertEquals(LedgerFixtures.usd(300), set.stake(set.indexOf(growing.publicKey())));
            assertEquals(net.roots.get(0).get(14L), net.roots.get(i).get(14L));
        }
        assertTrue(net.rejected.isEmpty(), net.rejected::toString);
    }

    /**
     * Blocks carry evidence of their own epoch only. Evidence found at an epoch's last height that no block of the epoch
     * took is dropped by consensus at the boundary; the validator that found it reports it as a signed
     * {@code ReportEquivocation} instead, and the ledger slashes the offender once, in the next epoch.
     */
    @Test
    void evidenceTheEpochNoLongerCarriesReachesTheLedgerAsTheFindersReport() {
        ConsensusConfig config = config().withEpochAndWindows(6, 4, 50, 50);
        Net net = new Net(config, stakingGenesis(config));
        net.start();
        KeyPair finder = VALIDATORS.get(0);
        net.submit(0, deposit(1, finder, 1_000));
        assertTrue(net.runUntil(() -> net.validators.get(0).height() % 6 == 0
                && net.apps.get(0).state().accountView(finder.publicKey()).isPresent(), 60_000));
        long height = net.validators.get(0).height();
        KeyPair offender = VALIDATORS.get(3);
        int index = net.validators.get(0).validatorSet().indexOf(offender.publicKey());
        Bytes32 chainId = net.genesis.chainId();
        Vote a = Vote.sign(offender, chainId, Vote.Type.PREVOTE, height, 9, Hashing.sha256(new byte[] {1}), net.now, index);
        Vote b = Vote.sign(offender, chainId, Vote.Type.PREVOTE, height, 9, Hashing.sha256(new byte[] {2}), net.now, index);
        net.step(0, new Event.Received(a.encode(), net.now));
        net.step(0, new Event.Received(b.encode(), net.now));
        assertEquals(1, net.validators.get(0).pendingEvidence().size(), "only validator 0 saw both votes");
        assertTrue(net.runUntil(() -> net.allPast(height + 8), 120_000), net.rejected::toString);
        for (int i = 0; i < 4; i++) {
            var state = net.apps.get(i).state();
            long slashedAt = state.slashedAtHeight(offender.publicKey());
            assertTrue(slashedAt > height, "slashed after the epoch of the offence at " + height + ", at " + slashedAt);
            var stake = state.stakeViews().stream().filter(v -> v.key().equals(offender.publicKey())).findFirst().orElseThrow();
            assertEquals(LedgerFixtures.usd(95), stake.bondUsd() + stake.unbondingUsd(), "5 % slashed, exactly once");
            assertEquals(1, state.nonceOf(finder.publicKey()), "one report, signed by the finder");
            assertEquals(net.roots.get(0).get(height + 8), net.roots.get(i).get(height + 8));
        }
        assertEquals(0, net.slashEvents, "no block carried the evidence: the report did");
        assertTrue(net.rejected.isEmpty(), net.rejected::toString);
    }

    /**
     * The report itself: one per offender not slashed yet and still slashable, signed by the reporter with its next
     * nonce; none without an account, without staking, or once the offender is slashed.
     */
    @Test
    void reportTransactionsCoverOnlyOffencesTheLedgerCanStillSlash() {
        ConsensusConfig config = config().withEpochAndWindows(6, 4, 50, 50);
        Genesis staking = stakingGenesis(config);
        LedgerApplication app = new LedgerApplication(staking, 1_000);
        KeyPair reporter = VALIDATORS.get(0);
        io.ballast.core.consensus.Genesis genesis = new io.ballast.core.consensus.Genesis(CHAIN, LedgerFixtures.GENESIS_TIME_MILLIS,
                new ValidatorSet(staking.validators().stream().map(v -> new ValidatorInfo(v.key(), v.stake())).toList()));
        KeyPair offender = VALIDATORS.get(2);
        Vote a = Vote.sign(offender, genesis.chainId(), Vote.Type.PREVOTE, 1, 0, Hashing.sha256(new byte[] {1}), 1, 2);
        Vote b = Vote.sign(offender, genesis.chainId(), Vote.Type.PREVOTE, 1, 0, Hashing.sha256(new byte[] {2}), 1, 2);
        Vote c = Vote.sign(offender, genesis.chainId(), Vote.Type.PREVOTE, 1, 1, Hashing.sha256(new byte[] {3}), 1, 2);
        var first = io.ballast.core.consensus.Evidence.of(offender.publicKey(), a, b);
        var second = io.ballast.core.consensus.Evidence.of(offender.publicKey(), a, c);
        assertEquals(List.of(), app.reportTransactions(List.of(first), reporter), "no account: the ledger would refuse it");
        assertEquals(List.of(), new LedgerApplication(LedgerApplication.withChainParams(ledgerGenesis(), config), 1_000)
                .reportTransactions(List.of(first), reporter), "without staking there is nothing to slash later");

        app.execute(blockWith(1, deposit(1, reporter, 1_000)));
        List<byte[]> reports = app.reportTransactions(List.of(first, second), reporter);
        assertEquals(1, reports.size(), "one report per offender");
        SignedTransaction report = SignedTransaction.decode(reports.get(0));
        assertEquals(reporter.publicKey(), report.signer());
        assertEquals(1, report.nonce());
        assertEquals(new TxBody.ReportEquivocation(first), report.body());
        assertTrue(app.checkTransaction(reports.get(0)).valid(), "admissible");

        BlockResult slashed = LedgerApplication.resultOf(app.execute(blockWith(2, reports.get(0))));
        assertTrue(slashed.receipts().get(0).accepted(), slashed.receipts()::toString);
        assertEquals(2, app.state().slashedAtHeight(offender.publicKey()));
        assertEquals(List.of(), app.reportTransactions(List.of(second), reporter), "slashed already");
    }

    /**
     * A certificate holds the first quorum of precommits; one that arrives later still joins the certificate the next
     * proposer carries, so the ledger sees every live validator (else the last of four would look down for ever).
     */
    @Test
    void latePrecommitsJoinTheCertificateTheNextBlockCarries() {
        Net net = new Net(config());
        net.start();
        assertTrue(net.runUntil(() -> net.allPast(12), 60_000));
        int complete = 0;
        for (long h = 2; h <= 12; h++) {
            CommittedBlock block = net.validators.get(0).committedBlock(h);
            int signers = block.block().lastCommit().signatures().size();
            assertTrue(signers >= 3, "a quorum at least");
            complete += signers == 4 ? 1 : 0;
            assertEquals(3, block.certificate().signatures().size(), "the block's own certificate: the first quorum");
        }
        assertTrue(complete >= 9, complete + " of 11 blocks carry all four precommits of their parent");
    }

    @Test
    void aStakingGenesisJailsForAtLeastAnEpoch() {
        assertThrows(IllegalArgumentException.class,
                () -> stakingGenesis(config().withEpochAndWindows(20, 4, 50, 50)), "jail of 12 blocks, epochs of 20");
    }


    @Test
    void evidenceCommittedInTheEpochsLastBlocksTakesEffectOneEpochLater() {
        ConsensusConfig config = config().withEpochAndWindows(4, 2, 50, 50);
        LedgerApplication app = app(config);
        ValidatorSet set = new ValidatorSet(VALIDATORS.stream().map(k -> new ValidatorInfo(k.publicKey(), 100)).toList());
        io.ballast.core.consensus.Genesis genesis = new io.ballast.core.consensus.Genesis(CHAIN, LedgerFixtures.GENESIS_TIME_MILLIS, set);
        // execute heights 1..3: height 3 (≡ L−1) reports the next set, still complete
        for (long h = 1; h <= 3; h++) {
            ExecutionResult result = app.execute(emptyBlock(genesis, set, h, List.of()));
            if (h == 3) {
                assertEquals(4, result.nextValidators().size());
            } else {
                assertEquals(null, result.nextValidators());
            }
        }
        // evidence at height 4 (after the L−1 execution): slashed now, out of the set reported at height 7
        Vote a = Vote.sign(VALIDATORS.get(2), genesis.chainId(), Vote.Type.PREVOTE, 4, 0, Hashing.sha256(new byte[] {1}), 1, 2);
        Vote b = Vote.sign(VALIDATORS.get(2), genesis.chainId(), Vote.Type.PREVOTE, 4, 0, Hashing.sha256(new byte[] {2}), 1, 2);
        BlockResult slashing = LedgerApplication.resultOf(app.execute(emptyBlock(genesis, set, 4,
                List.of(io.ballast.core.consensus.Evidence.of(VALIDATORS.get(2).publicKey(), a, b)))));
        assertEquals(4, app.state().slashedAtHeight(VALIDATORS.get(2).publicKey()));
        assertTrue(slashing.startEvents().contains(new LedgerEvent.ValidatorSlashed(VALIDATORS.get(2).publicKey(), 4)));
        for (long h = 5; h <= 7; h++) {
            ExecutionResult result = app.execute(emptyBlock(genesis, set, h, List.of()));
            if (h == 7) {
                assertEquals(List.of(0, 1, 3).stream().map(i -> new ValidatorInfo(VALIDATORS.get(i).publicKey(), 100)).toList(),
                        result.nextValidators());
            }
        }
    }

    /** Block {@code height} of the test chain carrying {@code txs} (for the ledger alone: not a consensus-valid header). */
    private static CommittedBlock blockWith(long height, byte[]... txs) {
        ValidatorSet set = new ValidatorSet(VALIDATORS.stream().map(k -> new ValidatorInfo(k.publicKey(), 100)).toList());
        Bytes32 chainId = new io.ballast.core.consensus.Genesis(CHAIN, LedgerFixtures.GENESIS_TIME_MILLIS, set).chainId();
        List<byte[]> transactions = List.of(txs);
        var header = new io.ballast.core.consensus.BlockHeader(chainId, height, 0, LedgerFixtures.GENESIS_TIME_MILLIS + height * 1_000,
                0, chainId, Bytes32.ZERO, Bytes32.ZERO, set.hash(), set.hash(),
                io.ballast.core.consensus.Block.txRoot(transactions), io.ballast.core.consensus.Block.evidenceRoot(List.of()),
                List.of());
        var block = new io.ballast.core.consensus.Block(header, transactions, List.of(), null);
        return new CommittedBlock(block, new io.ballast.core.consensus.CommitCertificate(chainId, height, 0, block.hash(), List.of()));
    }

    private static CommittedBlock emptyBlock(io.ballast.core.consensus.Genesis genesis, ValidatorSet set, long height,
                                             List<io.ballast.core.consensus.Evidence> evidence) {
        Bytes32 chainId = genesis.chainId();
        var header = new io.ballast.core.consensus.BlockHeader(chainId, height, 0, LedgerFixtures.GENESIS_TIME_MILLIS + height * 1_000,
                0, chainId, Bytes32.ZERO, Bytes32.ZERO, set.hash(), set.hash(),
                io.ballast.core.consensus.Block.txRoot(List.of()), io.ballast.core.consensus.Block.evidenceRoot(evidence), List.of());
        var block = new io.ballast.core.consensus.Block(header, List.of(), evidence, null);
        return new CommittedBlock(block, new io.ballast.core.consensus.CommitCertificate(chainId, height, 0, block.hash(), List.of()));
    }

    // ------------------------------------------------------------------ snapshots

    @Test
    void snapshotAndRestoreRoundTripAndReplayToTheSameRoots() {
        Net net = new Net(config());
        net.start();
        net.submit(0, deposit(1, ALICE, 30_000), deposit(2, BOB, 30_000));
        assertTrue(net.runUntil(() -> net.allPast(3), 60_000));
        net.submit(1, SignedTransaction.sign(CHAIN, ALICE, 1, new TxBody.Trade(LedgerFixtures.BTC,
                LedgerFixtures.btc(1), io.ballast.core.ledger.Units.MAX_PRICE_USD)).encode());
        assertTrue(net.runUntil(() -> net.allPast(9), 60_000));

        LedgerApplication replay = app(config());
        for (long h = 1; h <= 5; h++) {
            replay.execute(net.validators.get(0).committedBlock(h));
        }
        assertEquals(net.roots.get(0).get(5L), replay.stateRoot());
        byte[] snapshot = replay.snapshot();
        LedgerApplication restored = app(config());
        restored.restore(snapshot);
        assertEquals(replay.stateRoot(), restored.stateRoot());
        assertEquals(5, restored.state().height());
        assertTrue(java.util.Arrays.equals(snapshot, restored.snapshot()), "snapshot of a restore is byte-identical");
        for (long h = 6; h <= 9; h++) {
            CommittedBlock block = net.validators.get(0).committedBlock(h);
            assertEquals(net.roots.get(0).get(h), restored.execute(block).stateRoot(), "height " + h);
            assertEquals(net.roots.get(0).get(h), replay.execute(block).stateRoot());
        }
        assertTrue(restored.state().accountView(ALICE.publicKey()).isPresent());
    }

    /** Four validators on a lossless in-memory network with fixed latency (deterministic). */
    private static final class Net {
        private record Scheduled(long at, long seq, int node, byte[] bytes, io.ballast.core.consensus.Timer timer) {}

        final ConsensusConfig config;
        final io.ballast.core.consensus.Genesis genesis;
        final List<Validator> validators = new ArrayList<>();
        final List<LedgerApplication> apps = new ArrayList<>();
        final List<TreeMap<Long, Bytes32>> roots = new ArrayList<>();
        final PriorityQueue<Scheduled> queue = new PriorityQueue<>(
                Comparator.comparingLong(Scheduled::at).thenComparingLong(Scheduled::seq));
        long now = LedgerFixtures.GENESIS_TIME_MILLIS;
        long seq;
        int slashEvents;
        final List<String> rejected = new ArrayList<>();

        Net(ConsensusConfig config) {
            this(config, ledgerGenesis());
        }

        /** Consensus starts from the ledger genesis' validators (their stakes as voting power). */
        Net(ConsensusConfig config, Genesis ledgerGenesis) {
            this.config = config;
            List<ValidatorInfo> members = new ArrayList<>();
            for (io.ballast.core.ledger.ValidatorInfo validator : ledgerGenesis.validators()) {
                members.add(new ValidatorInfo(validator.key(), validator.stake()));
            }
            this.genesis = new io.ballast.core.consensus.Genesis(CHAIN, LedgerFixtures.GENESIS_TIME_MILLIS,
                    new ValidatorSet(members));
            for (int i = 0; i < VALIDATORS.size(); i++) {
                LedgerApplication app = app(config, ledgerGenesis);
                roots.add(new TreeMap<>());
                apps.add(app);
                validators.add(Validator.create(config, genesis, VALIDATORS.get(i), app));
            }
        }

        void start() {
            for (int i = 0; i < validators.size(); i++) {
                step(i, new Event.Start(now));
            }
        }

        void submit(int node, byte[]... txs) {
            step(node, new Event.SubmitTransactions(List.of(txs), now));
        }

        void step(int node, Event event) {
            ActionInterpreter.perform(validators.get(node).step(event), new ActionInterpreter.Host() {
                @Override
                public void persist(List<Action> actions, Runnable andThen) {
                    andThen.run();
                }

                @Override
                public void committed(Action.Commit commit) {
                    BlockResult result = LedgerApplication.resultOf(commit);
                    roots.get(node).put(commit.block().height(), result.stateRoot());
                    for (var receipt : result.receipts()) {
                        if (receipt instanceof io.ballast.core.ledger.Receipt.Rejected rejected) {
                            Net.this.rejected.add(rejected.code() + ": " + rejected.reason());
                        }
                    }
                    for (LedgerEvent ledgerEvent : result.startEvents()) {
                        if (ledgerEvent instanceof LedgerEvent.ValidatorSlashed) {
                            slashEvents++;
                        }
                    }
                }

                @Override
                public void send(Message message, byte[] bytes, List<Bytes32> to) {
                    for (Bytes32 key : to) {
                        route(key, bytes);
                    }
                }

                @Override
                public void schedule(Timer timer, long atMillis) {
                    queue.add(new Scheduled(atMillis, seq++, node, null, timer));
                }
            });
        }

        private void route(Bytes32 to, byte[] bytes) {
            for (int i = 0; i < VALIDATORS.size(); i++) {
                if (VALIDATORS.get(i).publicKey().equals(to)) {
                    queue.add(new Scheduled(now + 10, seq++, i, bytes, null));
                }
            }
        }

        boolean runUntil(BooleanSupplier done, long maxMillis) {
            long deadline = now + maxMillis;
            while (!done.getAsBoolean()) {
                Scheduled next = queue.poll();
                if (next == null || next.at() > deadline) {
                    return false;
                }
                now = Math.max(now, next.at());
                step(next.node(), next.timer() != null ? new Event.TimerFired(next.timer(), now)
                        : new Event.Received(next.bytes(), now));
            }
            return true;
        }

        boolean allPast(long height) {
            return past(List.of(0, 1, 2, 3), height);
        }

        boolean past(List<Integer> nodes, long height) {
            for (int i : nodes) {
                if (validators.get(i).lastCommittedHeight() < height) {
                    return false;
                }
            }
            return true;
        }
    }
}
