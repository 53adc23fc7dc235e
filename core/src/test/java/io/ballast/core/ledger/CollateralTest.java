package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.btc;
import static io.ballast.core.ledger.LedgerFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.LedgerFixtures.Chain;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import org.junit.jupiter.api.Test;

class CollateralTest {
    private final KeyPair alice = LedgerFixtures.key("alice");
    private final Chain chain = new Chain(LedgerFixtures.genesis());

    private static RejectCode code(Receipt receipt) {
        return ((Receipt.Rejected) receipt).code();
    }

    @Test
    void depositCreatesAccountAndWithdrawStopsAtInitialMargin() {
        Receipt deposit = chain.submit(chain.deposit(alice, usd(10_000)));
        assertTrue(((TxEffect.Deposited) ((Receipt.Accepted) deposit).effect()).accountCreated());
        assertEquals(usd(10_000), chain.collateral(alice));

        assertTrue(chain.submit(chain.withdraw(alice, usd(4_000))).accepted());
        assertEquals(usd(6_000), chain.collateral(alice));

        // Long 1 BTC at the index 10,000 (no spread): IM = 10% × 10,000 = 1,000; equity 6,000.
        assertTrue(chain.submit(chain.trade(alice, btc(1))).accepted());
        // Withdrawing 5,001 leaves equity 999 < IM 1,000.
        assertEquals(RejectCode.INSUFFICIENT_MARGIN, code(chain.submit(chain.withdraw(alice, usd(5_001)))));
        chain.resetNonce(alice);
        // 5,000 leaves equity exactly at IM: allowed.
        assertTrue(chain.submit(chain.withdraw(alice, usd(5_000))).accepted());
        AccountView view = chain.account(alice);
        assertEquals(usd(1_000), view.equityUsd());
        assertEquals(usd(1_000), view.initialMarginUsd());
        assertEquals(usd(500), view.maintenanceMarginUsd());
        assertTrue(chain.state.totals().cashConserved());
    }

    @Test
    void withdrawBeyondCollateralAndNonPositiveAmountsAreRejected() {
        chain.submit(chain.deposit(alice, usd(100)));
        assertEquals(RejectCode.INSUFFICIENT_COLLATERAL, code(chain.submit(chain.withdraw(alice, usd(101)))));
        chain.resetNonce(alice);
        assertEquals(RejectCode.OUT_OF_RANGE, code(chain.submit(chain.withdraw(alice, 0))));
        chain.resetNonce(alice);
        assertEquals(usd(100), chain.collateral(alice));
    }

    @Test
    void priorityFeeIsChargedToSignerAndCreditedToInsurance() {
        chain.submit(chain.deposit(alice, usd(100)));
        SignedTransaction withFee = SignedTransaction.sign(LedgerFixtures.CHAIN_ID, alice, 1, usd(1), new TxBody.Withdraw(usd(10)));
        Receipt receipt = chain.submit(withFee);
        assertEquals(usd(1), ((Receipt.Accepted) receipt).priorityFeeUsd());
        assertEquals(usd(89), chain.collateral(alice));
        assertEquals(usd(1_000_001), chain.state.insuranceFundUsd());
        // net deposits: 1,000,000 insurance + 10,000,000 pool + 100 − 10 withdrawn
        assertEquals(usd(11_000_090), chain.state.totals().netDepositsUsd());
        assertTrue(chain.state.totals().cashConserved());
    }

    @Test
    void onlyTheAuthorityDepositsWithItsOwnNonce() {
        SignedTransaction forged = SignedTransaction.sign(LedgerFixtures.CHAIN_ID, alice, 1,
                new TxBody.Deposit(alice.publicKey(), usd(1)));
        assertEquals(RejectCode.NOT_AUTHORIZED, code(chain.submit(forged)));
        SignedTransaction skipped = SignedTransaction.sign(LedgerFixtures.CHAIN_ID, LedgerFixtures.AUTHORITY, 2,
                new TxBody.Deposit(alice.publicKey(), usd(1)));
        assertEquals(RejectCode.BAD_NONCE, code(chain.submit(skipped)));
        assertEquals(0, chain.state.collateralAuthorityNonce());
    }

    @Test
    void overflowingDepositIsRejectedAndChangesNothing() {
        chain.submit(chain.deposit(alice, usd(1_000)));
        LedgerState before = chain.state.copy();
        // collateral 1,000 USD + Long.MAX_VALUE micro-USD does not fit 64 bits
        SignedTransaction huge = SignedTransaction.sign(LedgerFixtures.CHAIN_ID, LedgerFixtures.AUTHORITY, 2,
                new TxBody.Deposit(alice.publicKey(), Long.MAX_VALUE));
        Receipt receipt = chain.submit(huge);
        assertEquals(RejectCode.OVERFLOW, code(receipt));
        new Ledger(SignatureCheck.verifyEveryTime()).apply(before, LedgerBlock.of(before.height() + 1, chain.now(), java.util.List.of()));
        assertEquals(before.stateRoot(), chain.state.stateRoot());
    }
}
