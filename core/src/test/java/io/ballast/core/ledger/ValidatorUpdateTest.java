package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.AUTHORITY;
import static io.ballast.core.ledger.LedgerFixtures.CHAIN_ID;
import static io.ballast.core.ledger.LedgerFixtures.VALIDATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TransactionJson;
import io.ballast.core.ledger.tx.TxBody;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Join, leave and stake change of validators: signed by the authority, effective at the next epoch. */
class ValidatorUpdateTest {
    private static final KeyPair JOINER = LedgerFixtures.key("validator-new");

    private static SignedTransaction update(KeyPair signer, long nonce, Bytes32 validator, long stake) {
        return SignedTransaction.sign(CHAIN_ID, signer, nonce, new TxBody.ValidatorUpdate(validator, stake));
    }

    private static RejectCode rejectCode(Receipt receipt) {
        return assertInstanceOf(Receipt.Rejected.class, receipt).code();
    }

    @Test
    void joinChangeAndLeaveShapeTheActiveSet() {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(LedgerFixtures.genesis());
        Receipt joined = chain.submit(update(AUTHORITY, 1, JOINER.publicKey(), 250));
        assertEquals(new TxEffect.ValidatorUpdated(JOINER.publicKey(), 0, 250),
                assertInstanceOf(Receipt.Accepted.class, joined).effect());
        chain.submit(update(AUTHORITY, 2, VALIDATOR.publicKey(), 40));
        assertEquals(List.of(new ValidatorInfo(VALIDATOR.publicKey(), 40), new ValidatorInfo(JOINER.publicKey(), 250)),
                chain.state.activeValidators());
        chain.submit(update(AUTHORITY, 3, VALIDATOR.publicKey(), 0));
        assertEquals(List.of(new ValidatorInfo(JOINER.publicKey(), 250)), chain.state.activeValidators());
        assertEquals(List.of(new ValidatorInfo(VALIDATOR.publicKey(), 100)), chain.state.validators(), "genesis stays as written");
        // a restored snapshot carries the set (and so its root)
        LedgerState restored = LedgerState.restore(chain.state.snapshot());
        assertEquals(chain.state.activeValidators(), restored.activeValidators());
        assertEquals(chain.state.stateRoot(), restored.stateRoot());
    }

    @Test
    void everyBadUpdateIsRejectedWithItsReasonAndChangesNothing() {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(LedgerFixtures.genesis());
        chain.submit(chain.deposit(LedgerFixtures.key("alice"), LedgerFixtures.usd(10)));   // authority nonce 1
        LedgerBlock rejectedOnly = new LedgerBlock(chain.state.height() + 1, chain.now() + 1_000, 0, 0, List.of(
                update(LedgerFixtures.key("alice"), 1, JOINER.publicKey(), 10),        // not the authority
                update(AUTHORITY, 5, JOINER.publicKey(), 10),                          // nonce gap
                update(AUTHORITY, 2, JOINER.publicKey(), -1),                          // negative stake
                update(AUTHORITY, 2, JOINER.publicKey(), LedgerState.MAX_VALIDATOR_STAKE + 1),
                update(AUTHORITY, 2, JOINER.publicKey(), 0),                           // leaving a set it is not in
                update(AUTHORITY, 2, VALIDATOR.publicKey(), 0),                        // emptying the set
                update(AUTHORITY, 2, Bytes32.ZERO, 10)));
        LedgerState copy = chain.state.copy();
        BlockResult result = chain.ledger.apply(chain.state, rejectedOnly);
        assertEquals(List.of(RejectCode.NOT_AUTHORIZED, RejectCode.BAD_NONCE, RejectCode.OUT_OF_RANGE,
                        RejectCode.OUT_OF_RANGE, RejectCode.OUT_OF_RANGE, RejectCode.OUT_OF_RANGE, RejectCode.OUT_OF_RANGE),
                result.receipts().stream().map(ValidatorUpdateTest::rejectCode).toList());
        // the same block with no transactions gives the same root: the rejections changed nothing
        BlockResult empty = chain.ledger.apply(copy, new LedgerBlock(rejectedOnly.height(), rejectedOnly.timeMillis(), 0, 0,
                List.of()));
        assertEquals(empty.stateRoot(), result.stateRoot());
        assertEquals(List.of(new ValidatorInfo(VALIDATOR.publicKey(), 100)), chain.state.activeValidators());
        assertEquals(1, chain.state.collateralAuthorityNonce(), "no rejected update consumed the authority's nonce");
    }

    @Test
    void aSlashedValidatorCannotReturn() {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(LedgerFixtures.genesis());
        chain.submit(update(AUTHORITY, 1, JOINER.publicKey(), 100));
        chain.ledger.apply(chain.state, new LedgerBlock(chain.state.height() + 1, chain.now() + 1_000, 0, 0, List.of(),
                List.of(JOINER.publicKey())));
        assertEquals(RejectCode.NOT_AUTHORIZED, rejectCode(chain.submit(update(AUTHORITY, 2, JOINER.publicKey(), 100))));
        assertEquals(List.of(new ValidatorInfo(VALIDATOR.publicKey(), 100)), chain.state.activeValidators());
    }

    @Test
    void codecsRoundTrip() {
        SignedTransaction tx = update(AUTHORITY, 7, JOINER.publicKey(), 123);
        assertEquals(tx.hash(), SignedTransaction.decode(tx.encode()).hash());
        assertEquals(tx.hash(), TransactionJson.fromJson(TransactionJson.toJson(tx)).hash());
        assertEquals("validatorUpdate", TransactionJson.typeName(tx.body()));
    }
}
