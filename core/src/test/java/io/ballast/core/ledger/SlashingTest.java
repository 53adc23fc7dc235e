package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.usd;
import static io.ballast.core.ledger.StakingFixtures.power;
import static io.ballast.core.ledger.StakingFixtures.unbond;
import static io.ballast.core.ledger.StakingFixtures.validator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.consensus.Evidence;
import io.ballast.core.consensus.Vote;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Hashing;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TransactionJson;
import io.ballast.core.ledger.tx.TxBody;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Equivocation and downtime cost stake, worked by hand (5 % and 1 % of 1,000 USD bonds; 8-certificate windows). */
class SlashingTest {
    private static final KeyPair REPORTER = LedgerFixtures.key("reporter");

    private static TxEffect effect(Receipt receipt) {
        return assertInstanceOf(Receipt.Accepted.class, receipt, receipt::toString).effect();
    }

    private static RejectCode rejectCode(Receipt receipt) {
        return assertInstanceOf(Receipt.Rejected.class, receipt, receipt::toString).code();
    }

    static Bytes32 consensusChainId(Genesis genesis) {
        return StakingFixtures.consensusChainId(genesis);
    }

    static Evidence equivocation(KeyPair offender, Bytes32 chainId, long height) {
        return StakingFixtures.equivocation(offender, chainId, height);
    }

    /** A block one second later whose certificate of the previous block carries the precommits of {@code signers}. */
    private static BlockResult block(LedgerFixtures.Chain chain, List<Integer> signers, SignedTransaction... txs) {
        long height = chain.state.height() + 1;
        LastCommit lastCommit = height == 1 ? LastCommit.NONE : new LastCommit(height - 1, signers);
        return chain.ledger.apply(chain.state, new LedgerBlock(height, chain.now() + 1_000, 0, 0, List.of(txs), List.of(),
                lastCommit));
    }

    @Test
    void blockEvidenceSlashesBondAndUnbondingsIntoTheInsuranceFundOnce() {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(StakingFixtures.genesis(5));
        KeyPair offender = validator(4);
        chain.submit(chain.deposit(offender, usd(10)));
        chain.submit(unbond(chain, offender, usd(400)));
        long insurance = chain.state.insuranceFundUsd();
        BlockResult slashing = chain.ledger.apply(chain.state, new LedgerBlock(3, chain.now() + 1_000, 0, 0, List.of(),
                List.of(new Equivocation(offender.publicKey(), 2)), LastCommit.NONE));
        // 5 % of the 600 bond (30) and of the 400 unbonding (20)
        assertEquals(List.of(new LedgerEvent.ValidatorSlashed(offender.publicKey(), 3),
                new LedgerEvent.StakeSlashed(offender.publicKey(), SlashReason.EQUIVOCATION, usd(50), insurance + usd(50))),
                slashing.startEvents());
        StakeView view = chain.state.stakeViews().get(4);
        assertEquals(usd(570), view.bondUsd());
        assertEquals(usd(380), view.unbondingUsd());
        assertEquals(3, view.slashedAtHeight());
        assertEquals(usd(50), view.slashedUsd(), "the stake slashed so far");
        assertTrue(chain.state.totals().cashConserved(), chain.state.totals()::toString);
        // the same offender again, in a block and reported: nothing more
        BlockResult again = chain.ledger.apply(chain.state, new LedgerBlock(4, chain.now() + 1_000, 0, 0, List.of(),
                List.of(new Equivocation(offender.publicKey(), 3)), LastCommit.NONE));
        assertTrue(again.startEvents().isEmpty(), again.startEvents()::toString);
        chain.submit(chain.deposit(REPORTER, usd(10)));
        Evidence evidence = equivocation(offender, consensusChainId(chain.state.genesis()), 4);
        assertEquals(RejectCode.DUPLICATE_EVIDENCE, rejectCode(chain.submit(chain.signed(REPORTER,
                new TxBody.ReportEquivocation(evidence)))));
        assertEquals(insurance + usd(50), chain.state.insuranceFundUsd());
    }

    @Test
    void evidenceReportedInALaterEpochSlashesAnUnbondingValidator() {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(StakingFixtures.genesis(5));
        KeyPair offender = validator(4);
        Bytes32 chainId = consensusChainId(chain.state.genesis());
        chain.block(chain.deposit(offender, usd(10)), chain.deposit(REPORTER, usd(10)));           // height 1
        Evidence evidence = equivocation(offender, chainId, 2);                                    // signed at height 2
        chain.submit(unbond(chain, offender, usd(1_000)));                                         // height 2
        StakingFixtures.advanceTo(chain, 8);                                                       // two elections later
        assertEquals(0, power(chain.state, offender));
        long insurance = chain.state.insuranceFundUsd();
        Receipt report = chain.submit(chain.signed(REPORTER, new TxBody.ReportEquivocation(evidence)));  // height 9
        assertEquals(new TxEffect.EquivocationSlashed(offender.publicKey(), 2, usd(50)), effect(report));
        assertEquals(insurance + usd(50), chain.state.insuranceFundUsd());
        assertEquals(usd(950), chain.state.stakeViews().get(4).unbondingUsd(), "the unbonding stake paid");
        assertEquals(9, chain.state.slashedAtHeight(offender.publicKey()));
        assertEquals(1, chain.state.nonceOf(REPORTER.publicKey()));
        assertTrue(chain.state.totals().cashConserved(), chain.state.totals()::toString);
    }

    @Test
    void badEvidenceIsRefusedWithItsCodeAndChangesNothing() {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(StakingFixtures.genesis(5));
        Bytes32 chainId = consensusChainId(chain.state.genesis());
        chain.submit(chain.deposit(REPORTER, usd(10)));
        StakingFixtures.advanceTo(chain, 13);
        KeyPair offender = validator(1);
        Vote a = Vote.sign(offender, chainId, Vote.Type.PREVOTE, 12, 0, Hashing.sha256(new byte[] {1}), 1, 1);
        Vote forged = Vote.sign(validator(2), chainId, Vote.Type.PREVOTE, 12, 0, Hashing.sha256(new byte[] {2}), 1, 1);
        String id = chain.state.chainId();
        List<SignedTransaction> bad = List.of(
                report(id, Evidence.of(offender.publicKey(), a, forged)),                              // not its signature
                report(id, equivocation(offender, Hashing.sha256(new byte[] {9}), 12)),                // another chain
                report(id, equivocation(offender, chainId, 3)),                                        // 11 blocks ago
                report(id, equivocation(offender, chainId, 15)),                                       // not reached yet
                report(id, equivocation(LedgerFixtures.key("stranger"), chainId, 12)));                // no stake
        LedgerState copy = chain.state.copy();
        BlockResult result = chain.ledger.apply(chain.state, new LedgerBlock(14, chain.now() + 1_000, 0, 0, bad));
        assertEquals(List.of(RejectCode.INVALID_EVIDENCE, RejectCode.INVALID_EVIDENCE, RejectCode.EVIDENCE_TOO_OLD,
                        RejectCode.EVIDENCE_TOO_OLD, RejectCode.NOT_SLASHABLE),
                result.receipts().stream().map(SlashingTest::rejectCode).toList());
        BlockResult empty = chain.ledger.apply(copy, new LedgerBlock(14, chain.now(), 0, 0, List.of()));
        assertEquals(empty.stateRoot(), result.stateRoot());
    }

    private static SignedTransaction report(String chainId, Evidence evidence) {
        return SignedTransaction.sign(chainId, REPORTER, 1, new TxBody.ReportEquivocation(evidence));
    }

    /**
     * Validator 4 misses the 8 certificates of heights 1..8 (blocks 2..9): more than half a window. At block 9 it is
     * jailed until 17 and pays 1 % (10 USD); the election after 11 drops it; it unjails at 17 and is back after 19.
     */
    @Test
    void downtimeJailsWithASmallSlashAndUnjailWaitsForTheCooldown() {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(StakingFixtures.genesis(5));
        KeyPair absent = validator(4);
        List<Integer> withoutFour = List.of(0, 1, 2, 3);
        block(chain, List.of(), chain.deposit(absent, usd(10)));                                  // height 1
        for (long h = 2; h <= 8; h++) {
            assertTrue(block(chain, withoutFour).startEvents().isEmpty(), "height " + h);
        }
        long insurance = chain.state.insuranceFundUsd();
        BlockResult ninth = block(chain, withoutFour);
        assertEquals(List.of(new LedgerEvent.ValidatorJailed(absent.publicKey(), 17, 8),
                new LedgerEvent.StakeSlashed(absent.publicKey(), SlashReason.DOWNTIME, usd(10), insurance + usd(10))),
                ninth.startEvents());
        block(chain, withoutFour);                                                                 // 10
        assertEquals(new LedgerEvent.ValidatorsElected(ElectionOutcome.APPLIED, 4, usd(4_000)),
                block(chain, withoutFour).endEvents().get(0));                                     // 11
        assertEquals(RejectCode.JAIL_COOLDOWN, rejectCode(block(chain, withoutFour,
                chain.signed(absent, new TxBody.Unjail())).receipts().get(0)));                    // 12
        chain.resetNonce(absent);
        block(chain, withoutFour);                                                                 // 13
        assertEquals(4, chain.state.certifyingValidators().size(), "the new epoch's set certifies from height 13");
        while (chain.state.height() < 16) {
            block(chain, withoutFour);
        }
        assertEquals(new TxEffect.Unjailed(usd(990)),
                effect(block(chain, withoutFour, chain.signed(absent, new TxBody.Unjail())).receipts().get(0)));  // 17
        block(chain, withoutFour);                                                                 // 18
        block(chain, withoutFour);                                                                 // 19: elected again
        assertEquals(usd(990), power(chain.state, absent));
        assertTrue(chain.state.totals().cashConserved(), chain.state.totals()::toString);
    }

    @Test
    void aValidatorThatIsNotJailedCannotUnjail() {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(StakingFixtures.genesis(4));
        chain.submit(chain.deposit(validator(0), usd(10)));
        assertEquals(RejectCode.NOT_JAILED, rejectCode(chain.submit(chain.signed(validator(0), new TxBody.Unjail()))));
    }

    @Test
    void evidenceReportsRoundTripThroughTheCodecs() {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(StakingFixtures.genesis(4));
        SignedTransaction tx = chain.signed(REPORTER, new TxBody.ReportEquivocation(
                equivocation(validator(1), consensusChainId(chain.state.genesis()), 5)));
        assertEquals(tx.hash(), SignedTransaction.decode(tx.encode()).hash());
        assertEquals(tx.hash(), TransactionJson.fromJson(TransactionJson.toJson(tx)).hash());
        SignedTransaction unjail = chain.signed(REPORTER, new TxBody.Unjail());
        assertEquals(unjail.hash(), TransactionJson.fromJson(TransactionJson.toJson(unjail)).hash());
    }
}
