package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.tx.SignedTransaction;
import java.util.Set;

/**
 * How {@link Ledger} decides a transaction's signature is valid. Every strategy gives the same
 * answers; they differ only in cost: consensus verifies each transaction once per validator (on
 * receipt into the mempool) and lets the ledger trust that by transaction hash.
 */
@FunctionalInterface
public interface SignatureCheck {
    boolean isValid(SignedTransaction transaction, String chainId);

    /** One Ed25519 verification per transaction. */
    static SignatureCheck verifyEveryTime() {
        return (transaction, chainId) -> transaction.verifySignature(chainId);
    }

    /**
     * Trusts transactions whose hash is in {@code verifiedHashes} (verified earlier for this chain);
     * verifies the others. The set is read, never iterated.
     */
    static SignatureCheck preVerified(Set<Bytes32> verifiedHashes) {
        return (transaction, chainId) -> verifiedHashes.contains(transaction.hash()) || transaction.verifySignature(chainId);
    }

    /** A bounded cache of verified hashes, filled on first verification (one cache per chain). */
    static VerifiedSignatureCache cached(int capacity) {
        return new VerifiedSignatureCache(capacity);
    }
}
