package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TransactionJson;
import io.ballast.core.ledger.tx.TxBody;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deposits without one key: 2 of 3 bridge attestors must sign the same deposit. */
class BridgeTest {
    private static final List<KeyPair> ATTESTORS = List.of(LedgerFixtures.key("attestor-0"), LedgerFixtures.key("attestor-1"),
            LedgerFixtures.key("attestor-2"));
    private static final KeyPair ALICE = LedgerFixtures.key("alice");
    private static final KeyPair STRANGER = LedgerFixtures.key("stranger");

    private static Genesis genesis() {
        return LedgerFixtures.genesis().withBridge(new BridgeParams(ATTESTORS.stream().map(KeyPair::publicKey).toList(), 2));
    }

    private static TxBody.Attestation attest(KeyPair attestor, String chainId, long nonce, KeyPair account, long amountUsd) {
        return new TxBody.Attestation(attestor.publicKey(), Ed25519.sign(attestor,
                TxBody.AttestedDeposit.attestationMessage(chainId, nonce, account.publicKey(), amountUsd)));
    }

    /** {@code submitter} signs the envelope; {@code others} attest the same deposit. */
    private static SignedTransaction deposit(String chainId, long nonce, KeyPair submitter, long amountUsd, KeyPair... others) {
        List<TxBody.Attestation> attestations = java.util.Arrays.stream(others)
                .map(k -> attest(k, chainId, nonce, ALICE, amountUsd)).toList();
        return SignedTransaction.sign(chainId, submitter, nonce,
                new TxBody.AttestedDeposit(ALICE.publicKey(), amountUsd, attestations));
    }

    private static RejectCode rejectCode(Receipt receipt) {
        return assertInstanceOf(Receipt.Rejected.class, receipt, receipt::toString).code();
    }

    @Test
    void twoDistinctAttestorsMintAndOneKeyCannot() {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(genesis());
        String id = chain.state.chainId();
        Receipt minted = chain.submit(deposit(id, 1, ATTESTORS.get(0), usd(500), ATTESTORS.get(2)));
        assertEquals(new TxEffect.Deposited(ALICE.publicKey(), usd(500), true, usd(500)),
                assertInstanceOf(Receipt.Accepted.class, minted, minted::toString).effect());
        assertEquals(1, chain.state.collateralAuthorityNonce(), "the bridge's deposit nonce");
        assertEquals(RejectCode.NOT_AUTHORIZED, rejectCode(chain.submit(chain.deposit(ALICE, usd(1)))),
                "the collateral authority alone mints nothing on a bridge chain");
        assertEquals(usd(500), chain.collateral(ALICE));
    }

    @Test
    void everyBadAttestationIsRefusedWithItsCodeAndChangesNothing() {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(genesis());
        String id = chain.state.chainId();
        KeyPair a0 = ATTESTORS.get(0);
        KeyPair a1 = ATTESTORS.get(1);
        SignedTransaction otherAmount = SignedTransaction.sign(id, a0, 1, new TxBody.AttestedDeposit(ALICE.publicKey(),
                usd(900), List.of(attest(a1, id, 1, ALICE, usd(100)))));
        List<SignedTransaction> bad = List.of(
                deposit(id, 1, a0, usd(100)),                          // the submitter alone: 1 of 2
                deposit(id, 1, a0, usd(100), a0),                      // itself again: still one attestor
                deposit(id, 1, a0, usd(100), STRANGER),                // an attestation from a non-attestor
                deposit(id, 1, STRANGER, usd(100), a0, a1),            // an envelope from a non-attestor
                otherAmount,                                           // a1 attested another amount
                deposit(id, 2, a0, usd(100), a1),                      // nonce gap
                chain.deposit(ALICE, usd(100)));                       // the authority's plain deposit
        LedgerState copy = chain.state.copy();
        BlockResult result = chain.ledger.apply(chain.state, new LedgerBlock(1, chain.now() + 1_000, 0, 0, bad));
        assertEquals(List.of(RejectCode.ATTESTATION_BELOW_THRESHOLD, RejectCode.ATTESTATION_BELOW_THRESHOLD,
                        RejectCode.NOT_ATTESTOR, RejectCode.NOT_ATTESTOR, RejectCode.BAD_SIGNATURE, RejectCode.BAD_NONCE,
                        RejectCode.NOT_AUTHORIZED),
                result.receipts().stream().map(BridgeTest::rejectCode).toList());
        BlockResult empty = chain.ledger.apply(copy, new LedgerBlock(1, chain.now(), 0, 0, List.of()));
        assertEquals(empty.stateRoot(), result.stateRoot());
        assertEquals(0, chain.state.accountCount());
    }

    @Test
    void admissionRefusesEnvelopesFromNonAttestorsAndUsedNonces() {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(genesis());
        String id = chain.state.chainId();
        assertEquals(RejectCode.NOT_ATTESTOR, Admission.check(chain.state, deposit(id, 1, STRANGER, usd(1), ATTESTORS.get(0))).code());
        assertNull(Admission.check(chain.state, deposit(id, 1, ATTESTORS.get(1), usd(1), ATTESTORS.get(0))));
        chain.submit(deposit(id, 1, ATTESTORS.get(1), usd(1), ATTESTORS.get(0)));
        assertEquals(RejectCode.STALE_NONCE, Admission.check(chain.state, deposit(id, 1, ATTESTORS.get(2), usd(1),
                ATTESTORS.get(0))).code());
        LedgerFixtures.Chain plain = new LedgerFixtures.Chain(LedgerFixtures.genesis());
        assertEquals(RejectCode.NOT_AUTHORIZED, rejectCode(plain.submit(deposit(plain.state.chainId(), 1, ATTESTORS.get(0),
                usd(1), ATTESTORS.get(1)))), "no bridge in this genesis");
    }

    @Test
    void bridgeGenesesAndDepositsRoundTrip() {
        Genesis genesis = genesis();
        assertEquals(genesis, Genesis.fromJson(genesis.toJson()));
        assertEquals(genesis, Genesis.decode(new CanonicalReader(genesis.encode())));
        Genesis everything = StakingFixtures.genesis(4).withBridge(genesis.bridge());
        assertEquals(everything, Genesis.decode(new CanonicalReader(everything.encode())));
        assertEquals(everything, Genesis.fromJson(everything.toJson()));
        SignedTransaction tx = deposit(genesis.chainId(), 1, ATTESTORS.get(0), usd(5), ATTESTORS.get(1), ATTESTORS.get(2));
        assertEquals(tx.hash(), SignedTransaction.decode(tx.encode()).hash());
        assertEquals(tx.hash(), TransactionJson.fromJson(TransactionJson.toJson(tx)).hash());
        assertThrows(IllegalArgumentException.class, () -> new BridgeParams(List.of(ALICE.publicKey()), 1), "one key alone");
        assertThrows(IllegalArgumentException.class, () -> new BridgeParams(List.of(ALICE.publicKey(), STRANGER.publicKey()), 3));
    }
}
