package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.usd;
import static io.ballast.core.ledger.StakingFixtures.advanceTo;
import static io.ballast.core.ledger.StakingFixtures.bond;
import static io.ballast.core.ledger.StakingFixtures.power;
import static io.ballast.core.ledger.StakingFixtures.unbond;
import static io.ballast.core.ledger.StakingFixtures.validator;
import static io.ballast.core.ledger.StakingFixtures.withdrawUnbonded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TransactionJson;
import io.ballast.core.ledger.tx.TxBody;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bonded stake, worked by hand: joins, phased changes, unbonding, the floor of four, ejection, bad input. */
class StakingTest {
    private static final KeyPair JOINER = LedgerFixtures.key("joiner");

    private static LedgerFixtures.Chain chain(int validators) {
        return new LedgerFixtures.Chain(StakingFixtures.genesis(validators));
    }

    private static TxEffect effect(Receipt receipt) {
        return assertInstanceOf(Receipt.Accepted.class, receipt, receipt::toString).effect();
    }

    private static RejectCode rejectCode(Receipt receipt) {
        return assertInstanceOf(Receipt.Rejected.class, receipt, receipt::toString).code();
    }

    private static LedgerEvent.ValidatorsElected election(BlockResult result) {
        return result.endEvents().stream().filter(LedgerEvent.ValidatorsElected.class::isInstance)
                .map(LedgerEvent.ValidatorsElected.class::cast).findFirst().orElseThrow(() -> new AssertionError(
                        "no election at height " + result.height() + ": " + result.endEvents()));
    }

    @Test
    void aJoinerBondsFromItsCollateralAndVotesFromTheNextElection() {
        LedgerFixtures.Chain chain = chain(4);
        chain.submit(chain.deposit(JOINER, usd(2_000)));                                         // height 1
        assertEquals(new TxEffect.Bonded(usd(500), usd(500), usd(1_500)), effect(chain.submit(bond(chain, JOINER, usd(500)))));
        assertEquals(0, power(chain.state, JOINER), "not before the election");
        assertEquals(4, chain.state.activeValidators().size());
        assertEquals(usd(4_500), chain.state.stakedUsd());
        assertTrue(chain.state.totals().cashConserved(), chain.state.totals()::toString);

        BlockResult third = chain.block();                                                       // election after height 3
        assertEquals(new LedgerEvent.ValidatorsElected(ElectionOutcome.APPLIED, 5, usd(4_500)), election(third));
        assertEquals(List.of(usd(1_000), usd(1_000), usd(1_000), usd(1_000), usd(500)),
                chain.state.activeValidators().stream().map(ValidatorInfo::stake).toList());
        assertEquals(JOINER.publicKey(), chain.state.activeValidators().get(4).key(), "joiners come after the genesis set");
        assertTrue(chain.block().endEvents().isEmpty(), "no election at height 4");
    }

    /**
     * 4,000 of power, a joiner bonding 10,000: each election moves by T / max(3R, R + 2A) of the way, so the newcomers
     * never hold more than a third of the new total: 2,000 (of 6,000), 5,000 (of 9,000), 9,500 (of 13,500), then all.
     */
    @Test
    void aChangeLargerThanAThirdIsPhasedOverEpochs() {
        LedgerFixtures.Chain chain = chain(4);
        chain.submit(chain.deposit(JOINER, usd(20_000)));
        chain.submit(bond(chain, JOINER, usd(10_000)));
        long[] expectedPower = {usd(2_000), usd(5_000), usd(9_500), usd(10_000)};
        long[] expectedTotal = {usd(6_000), usd(9_000), usd(13_500), usd(14_000)};
        for (int epoch = 0; epoch < 4; epoch++) {
            advanceTo(chain, 4L * epoch + 2);
            BlockResult electing = chain.block();
            ElectionOutcome outcome = epoch < 3 ? ElectionOutcome.PHASED : ElectionOutcome.APPLIED;
            assertEquals(new LedgerEvent.ValidatorsElected(outcome, 5, expectedTotal[epoch]), election(electing));
            assertEquals(expectedPower[epoch], power(chain.state, JOINER));
            assertEquals(usd(1_000), power(chain.state, validator(0)), "the old members keep their power");
        }
        advanceTo(chain, 18);
        assertEquals(new LedgerEvent.ValidatorsElected(ElectionOutcome.UNCHANGED, 5, usd(14_000)), election(chain.block()));
    }

    @Test
    void anUnbondingWaitsForItsPeriodAndForTheElectionThatFreesIt() {
        LedgerFixtures.Chain chain = chain(4);
        KeyPair leaving = validator(0);
        chain.submit(chain.deposit(leaving, usd(10)));                                           // height 1: an account
        assertEquals(new TxEffect.Unbonded(usd(1_000), 0, 12), effect(chain.submit(unbond(chain, leaving, usd(1_000)))));
        // height 3: leaving would leave three validators: the election waits, the power stays
        assertEquals(new LedgerEvent.ValidatorsElected(ElectionOutcome.DEFERRED, 4, usd(4_000)), election(chain.block()));
        assertEquals(usd(1_000), power(chain.state, leaving));
        assertEquals(RejectCode.UNBONDING_NOT_DONE, rejectCode(chain.submit(withdrawUnbonded(chain, leaving))));  // height 4
        chain.resetNonce(leaving);
        advanceTo(chain, 11);
        assertEquals(RejectCode.STAKE_LOCKED, rejectCode(chain.submit(withdrawUnbonded(chain, leaving))), // height 12
                "released, but it still backs its voting power");
        chain.resetNonce(leaving);
        chain.submit(chain.deposit(JOINER, usd(1_000)));                                         // height 13
        chain.submit(bond(chain, JOINER, usd(1_000)));                                           // height 14
        // height 15: a replacement: one leaves, one joins (a quarter of the power each way)
        assertEquals(new LedgerEvent.ValidatorsElected(ElectionOutcome.APPLIED, 4, usd(4_000)), election(chain.block()));
        assertEquals(0, power(chain.state, leaving));
        assertEquals(new TxEffect.WithdrewUnbonded(usd(1_000), usd(1_010)),
                effect(chain.submit(withdrawUnbonded(chain, leaving))));                         // height 16
        assertEquals(0, chain.state.stakedUsd() - usd(4_000));
        assertTrue(chain.state.stakeViews().stream().anyMatch(v -> v.key().equals(leaving.publicKey())));
        advanceTo(chain, 19);
        assertFalse(chain.state.stakeViews().stream().anyMatch(v -> v.key().equals(leaving.publicKey())),
                "an empty slot is freed at the next election");
        assertTrue(chain.state.totals().cashConserved(), chain.state.totals()::toString);
    }

    @Test
    void everyBadStakingTransactionIsRejectedWithItsCodeAndChangesNothing() {
        LedgerFixtures.Chain chain = chain(4);
        KeyPair member = validator(1);
        chain.block(chain.deposit(JOINER, usd(1_000)), chain.deposit(member, usd(10)));
        String id = chain.state.chainId();
        List<SignedTransaction> bad = List.of(
                SignedTransaction.sign(id, JOINER, 1, new TxBody.BondStake(0)),
                SignedTransaction.sign(id, JOINER, 1, new TxBody.BondStake(usd(50))),
                SignedTransaction.sign(id, JOINER, 1, new TxBody.BondStake(usd(5_000))),
                SignedTransaction.sign(id, JOINER, 1, new TxBody.BondStake(Long.MAX_VALUE)),
                SignedTransaction.sign(id, JOINER, 1, new TxBody.Unbond(usd(1))),
                SignedTransaction.sign(id, member, 1, new TxBody.Unbond(usd(950))),
                SignedTransaction.sign(id, member, 1, new TxBody.Unbond(usd(2_000))),
                SignedTransaction.sign(id, member, 1, new TxBody.WithdrawUnbonded()),
                SignedTransaction.sign(id, validator(2), 1, new TxBody.BondStake(usd(100))),
                SignedTransaction.sign(id, JOINER, 5, new TxBody.BondStake(usd(100))),
                SignedTransaction.sign(id, member, 1, new TxBody.BondStake(Long.MAX_VALUE)));
        LedgerBlock block = new LedgerBlock(2, chain.now() + 1_000, 0, 0, bad);
        LedgerState copy = chain.state.copy();
        BlockResult result = chain.ledger.apply(chain.state, block);
        assertEquals(List.of(RejectCode.OUT_OF_RANGE, RejectCode.BOND_BELOW_MINIMUM, RejectCode.INSUFFICIENT_COLLATERAL,
                        RejectCode.OUT_OF_RANGE, RejectCode.UNBOND_EXCEEDS_BOND, RejectCode.BOND_BELOW_MINIMUM,
                        RejectCode.UNBOND_EXCEEDS_BOND, RejectCode.UNBONDING_NOT_DONE, RejectCode.UNKNOWN_ACCOUNT,
                        RejectCode.BAD_NONCE, RejectCode.OVERFLOW),
                result.receipts().stream().map(StakingTest::rejectCode).toList());
        BlockResult empty = chain.ledger.apply(copy, new LedgerBlock(2, block.timeMillis(), 0, 0, List.of()));
        assertEquals(empty.stateRoot(), result.stateRoot(), "the rejections changed nothing");
        assertEquals(usd(4_000), chain.state.stakedUsd());
        assertEquals(0, chain.state.nonceOf(JOINER.publicKey()));
    }

    @Test
    void withoutStakingInGenesisTheSetIsFixed() {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(LedgerFixtures.genesis());
        chain.submit(chain.deposit(JOINER, usd(1_000)));
        SignedTransaction bonding = bond(chain, JOINER, usd(500));
        assertEquals(RejectCode.STAKING_DISABLED, Admission.check(chain.state, bonding).code());
        assertEquals(RejectCode.STAKING_DISABLED, rejectCode(chain.submit(bonding)));
        assertEquals(List.of(new ValidatorInfo(LedgerFixtures.VALIDATOR.publicKey(), 100)), chain.state.activeValidators());
        assertEquals(0, chain.state.stakedUsd());
    }

    @Test
    void evidenceEjectsAtTheNextElectionAndTheKeyCannotReturn() {
        LedgerFixtures.Chain chain = chain(5);
        KeyPair offender = validator(4);
        BlockResult first = chain.ledger.apply(chain.state, new LedgerBlock(1, chain.now() + 1_000, 0, 0, List.of(),
                List.of(new Equivocation(offender.publicKey(), 1)), LastCommit.NONE));
        assertEquals(List.of(new LedgerEvent.ValidatorSlashed(offender.publicKey(), 1), new LedgerEvent.StakeSlashed(
                offender.publicKey(), SlashReason.EQUIVOCATION, usd(50), usd(1_000_050))), first.startEvents());
        assertEquals(usd(1_000), power(chain.state, offender), "it votes until the next election");
        chain.block();
        assertEquals(new LedgerEvent.ValidatorsElected(ElectionOutcome.APPLIED, 4, usd(4_000)), election(chain.block()));
        assertEquals(0, power(chain.state, offender));
        chain.submit(chain.deposit(offender, usd(1_000)));
        assertEquals(RejectCode.VALIDATOR_EJECTED, rejectCode(chain.submit(bond(chain, offender, usd(100)))));
    }

    @Test
    void anEjectionThatWouldLeaveThreeWaitsForAReplacement() {
        LedgerFixtures.Chain chain = chain(4);
        chain.ledger.apply(chain.state, new LedgerBlock(1, chain.now() + 1_000, 0, 0, List.of(),
                List.of(new Equivocation(validator(3).publicKey(), 1)), LastCommit.NONE));
        advanceTo(chain, 2);
        // the ejected validator keeps its seat, its power capped at the 950 USD it still has after the 5 % slash
        assertEquals(new LedgerEvent.ValidatorsElected(ElectionOutcome.DEFERRED, 4, usd(3_950)), election(chain.block()));
        assertEquals(usd(950), power(chain.state, validator(3)));
        chain.submit(chain.deposit(JOINER, usd(300)));
        chain.submit(bond(chain, JOINER, usd(300)));
        advanceTo(chain, 6);
        // 3,000 stays, 1,000 leaves at once (ejected), 300 joins: four members again
        assertEquals(new LedgerEvent.ValidatorsElected(ElectionOutcome.APPLIED, 4, usd(3_300)), election(chain.block()));
        assertEquals(0, power(chain.state, validator(3)));
    }

    @Test
    void aSnapshotCarriesBondsUnbondingsAndPowers() {
        LedgerFixtures.Chain chain = chain(4);
        chain.block(chain.deposit(JOINER, usd(20_000)), chain.deposit(validator(2), usd(5)));
        chain.block(bond(chain, JOINER, usd(10_000)), unbond(chain, validator(2), usd(400)));
        chain.block();                                                                          // phased election
        LedgerState restored = LedgerState.restore(chain.state.snapshot());
        assertEquals(chain.state.stateRoot(), restored.stateRoot());
        assertEquals(chain.state.stakeViews(), restored.stakeViews());
        assertEquals(chain.state.activeValidators(), restored.activeValidators());
        // kept 4,000, removed 400, added 10,000: every change goes 4,000 / 20,400 of its way; the unbonding
        // validator's power falls by floor(400 × 4,000 / 20,400) = 78.431372 USD
        assertEquals(new StakeView(validator(2).publicKey(), usd(600), usd(400), usd(1_000) - 78_431_372, 0, 12, 0, 0, 0, 0, 0),
                chain.state.stakeViews().get(2));
    }

    @Test
    void stakingGenesesRoundTripThroughJsonAndEncoding() {
        Genesis staking = StakingFixtures.genesis(4);
        assertEquals(staking, Genesis.fromJson(staking.toJson()));
        assertEquals(staking, Genesis.decode(new CanonicalReader(staking.encode())));
        Genesis options = OptionFixtures.standard();
        Genesis withOptions = new Genesis(options.chainId(), options.genesisTimeMillis(), staking.validators(),
                options.oracleOperators(), options.collateralAuthority(), options.insuranceFundUsd(),
                options.poolLiquidityUsd(), options.limits(), options.markets(), options.options(), options.consensus(),
                new StakingParams(1, 4, 5, 50_000, 8, 500_000, 10_000, 100_000, 500_000));
        assertEquals(withOptions, Genesis.fromJson(withOptions.toJson()));
        assertEquals(withOptions, Genesis.decode(new CanonicalReader(withOptions.encode())));
        assertEquals(OptionFixtures.standard(), Genesis.decode(new CanonicalReader(OptionFixtures.standard().encode())));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> staking.withStaking(PARAMS_ABOVE_GENESIS_BONDS))
                .getMessage().contains("genesis bond"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LedgerFixtures.genesis()
                .withConsensus(StakingFixtures.CONSENSUS).withStaking(StakingFixtures.PARAMS)).getMessage()
                .contains("needs 4..6 validators"), "one validator: fewer than four");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> staking.withConsensus(ConsensusParams.DEFAULT))
                .getMessage().contains("shorter than an epoch"));
        assertThrows(IllegalArgumentException.class, () -> new StakingParams(usd(1), 3, 10, 50_000, 8, 500_000, 10_000, 100_000, 500_000), "fewer than four seats");
    }

    private static final StakingParams PARAMS_ABOVE_GENESIS_BONDS = new StakingParams(usd(2_000), 4, 10, 50_000, 8, 500_000,
            10_000, 100_000, 500_000);

    @Test
    void codecsRoundTrip() {
        LedgerFixtures.Chain chain = chain(4);
        for (TxBody body : List.of(new TxBody.BondStake(usd(12)), new TxBody.Unbond(usd(3)), new TxBody.WithdrawUnbonded())) {
            SignedTransaction tx = chain.signed(JOINER, body);
            assertEquals(tx.hash(), SignedTransaction.decode(tx.encode()).hash());
            assertEquals(tx.hash(), TransactionJson.fromJson(TransactionJson.toJson(tx)).hash());
        }
        assertEquals("withdrawUnbonded", TransactionJson.typeName(new TxBody.WithdrawUnbonded()));
    }
}
