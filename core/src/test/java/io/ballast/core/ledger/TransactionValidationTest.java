package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.btc;
import static io.ballast.core.ledger.LedgerFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.LedgerFixtures.Chain;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransactionValidationTest {
    private final KeyPair alice = LedgerFixtures.key("alice");
    private final KeyPair mallory = LedgerFixtures.key("mallory");
    private final Chain chain = new Chain(LedgerFixtures.genesis());

    private static RejectCode code(Receipt receipt) {
        return ((Receipt.Rejected) receipt).code();
    }

    private SignedTransaction tradeWithNonce(long nonce, long sizeE8) {
        return SignedTransaction.sign(LedgerFixtures.CHAIN_ID, alice, nonce,
                new TxBody.Trade(LedgerFixtures.BTC, sizeE8, Units.MAX_PRICE_USD));
    }

    @Test
    void nonceMustBeLastPlusOne() {
        chain.submit(chain.deposit(alice, usd(10_000)));
        SignedTransaction first = tradeWithNonce(1, btc(1) / 10);
        assertTrue(chain.submit(first).accepted());
        assertEquals(RejectCode.BAD_NONCE, code(chain.submit(first)), "replay");
        assertEquals(RejectCode.BAD_NONCE, code(chain.submit(tradeWithNonce(3, btc(1) / 10))), "gap");
        assertEquals(RejectCode.BAD_NONCE, code(chain.submit(tradeWithNonce(0, btc(1) / 10))), "old");
        assertTrue(chain.submit(tradeWithNonce(2, btc(1) / 10)).accepted());
        assertEquals(2, chain.state.nonceOf(alice.publicKey()));
    }

    @Test
    void badSignatureUnknownAccountAndUnknownMarketAreRejected() {
        chain.submit(chain.deposit(alice, usd(10_000)));
        SignedTransaction byMallory = SignedTransaction.sign(LedgerFixtures.CHAIN_ID, mallory, 1, new TxBody.Withdraw(usd(1)));
        SignedTransaction claimedByAlice = new SignedTransaction(alice.publicKey(), 1, 0, byMallory.body(), byMallory.signature());
        assertEquals(RejectCode.BAD_SIGNATURE, code(chain.submit(claimedByAlice)));
        SignedTransaction otherChain = SignedTransaction.sign("other-chain", alice, 1, new TxBody.Withdraw(usd(1)));
        assertEquals(RejectCode.BAD_SIGNATURE, code(chain.submit(otherChain)));
        assertEquals(RejectCode.UNKNOWN_ACCOUNT, code(chain.submit(byMallory)));
        SignedTransaction eth = SignedTransaction.sign(LedgerFixtures.CHAIN_ID, alice, 1, new TxBody.Trade("ETH-PERP", btc(1), 1));
        assertEquals(RejectCode.UNKNOWN_MARKET, code(chain.submit(eth)));
        assertEquals(usd(10_000), chain.collateral(alice));
    }

    @Test
    void rejectedTransactionsLeaveTheStateRootUnchanged() {
        chain.block(chain.deposit(alice, usd(1_000)));
        chain.submit(chain.trade(alice, btc(1) / 10));
        LedgerState twin = chain.state.copy();
        assertEquals(twin.stateRoot(), chain.state.stateRoot());

        List<SignedTransaction> bad = new ArrayList<>();
        bad.add(tradeWithNonce(2, btc(1)));                                              // IM 1,100 > equity 1,000
        bad.add(tradeWithNonce(2, btc(2_000)));                                          // open interest cap 1,000
        bad.add(SignedTransaction.sign(LedgerFixtures.CHAIN_ID, alice, 2,
                new TxBody.Trade(LedgerFixtures.BTC, btc(1) / 10, usd(9_999))));          // fills at 10,000 > limit
        // 0.1 BTC: IM 100; withdrawing 950 of 1,000 leaves equity 50
        bad.add(SignedTransaction.sign(LedgerFixtures.CHAIN_ID, alice, 2, new TxBody.Withdraw(usd(950))));
        bad.add(SignedTransaction.sign(LedgerFixtures.CHAIN_ID, alice, 2, new TxBody.LpWithdraw(1)));     // holds no shares
        bad.add(SignedTransaction.sign(LedgerFixtures.CHAIN_ID, LedgerFixtures.AUTHORITY, 2,
                new TxBody.Deposit(alice.publicKey(), Long.MAX_VALUE)));                 // overflow
        bad.add(chain.report(LedgerFixtures.ORACLES.get(0), LedgerFixtures.BTC, usd(1), chain.now() + 60_000)); // future
        bad.add(SignedTransaction.sign(LedgerFixtures.CHAIN_ID, alice, 7, new TxBody.Withdraw(usd(1))));       // nonce
        BlockResult result = chain.block(bad.toArray(new SignedTransaction[0]));
        for (Receipt receipt : result.receipts()) {
            assertFalse(receipt.accepted(), receipt.toString());
        }
        assertEquals(List.of(RejectCode.INSUFFICIENT_MARGIN, RejectCode.OPEN_INTEREST_CAP, RejectCode.PRICE_LIMIT,
                        RejectCode.INSUFFICIENT_MARGIN, RejectCode.INSUFFICIENT_COLLATERAL, RejectCode.OVERFLOW,
                        RejectCode.FUTURE_REPORT, RejectCode.BAD_NONCE),
                result.receipts().stream().map(TransactionValidationTest::code).toList());
        BlockResult empty = Ledger.verifying().apply(twin, LedgerBlock.of(result.height(), chain.now(), List.of()));
        assertEquals(empty.stateRoot(), result.stateRoot());
    }

    @Test
    void malformedBlocksAreRefusedWithoutChangingState() {
        Bytes32 root = chain.state.stateRoot();
        Ledger ledger = Ledger.verifying();
        assertThrows(IllegalArgumentException.class, () -> ledger.apply(chain.state, LedgerBlock.of(2, chain.now() + 1, List.of())));
        assertThrows(IllegalArgumentException.class, () -> ledger.apply(chain.state, LedgerBlock.of(1, chain.now() - 1, List.of())));
        LedgerState small = LedgerState.fromGenesis(LedgerFixtures.genesis().withLimits(new LedgerLimits(1, 1, 10, 1, 0, 0)));
        List<SignedTransaction> two = List.of(chain.deposit(alice, 1), chain.deposit(alice, 1));
        assertThrows(IllegalArgumentException.class, () -> ledger.apply(small, LedgerBlock.of(1, chain.now(), two)));
        assertEquals(root, chain.state.stateRoot());
        assertEquals(0, chain.state.height());
    }

    @Test
    void signatureStrategiesAgree() {
        SignedTransaction good = chain.deposit(alice, usd(5));
        SignedTransaction forged = new SignedTransaction(LedgerFixtures.AUTHORITY.publicKey(), 2, 0,
                new TxBody.Deposit(alice.publicKey(), usd(5)), good.signature());
        VerifiedSignatureCache cache = SignatureCheck.cached(16);
        for (SignatureCheck check : List.of(SignatureCheck.verifyEveryTime(), SignatureCheck.preVerified(Set.of(good.hash())), cache)) {
            assertTrue(check.isValid(good, LedgerFixtures.CHAIN_ID));
            assertFalse(check.isValid(forged, LedgerFixtures.CHAIN_ID));
        }
        assertEquals(1, cache.size());
    }
}
