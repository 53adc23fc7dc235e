package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.tx.SignedTransaction;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hashes of transactions whose signature verified, oldest evicted first beyond the capacity. Its
 * contents only change cost, never results (only valid signatures are cached). Single-threaded.
 */
public final class VerifiedSignatureCache implements SignatureCheck, SignatureVerifier {
    private final int capacity;
    private final LinkedHashMap<Bytes32, Boolean> verified;

    VerifiedSignatureCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.verified = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Bytes32, Boolean> eldest) {
                return size() > VerifiedSignatureCache.this.capacity;
            }
        };
    }

    /** Verifies now (e.g. on mempool admission) and remembers the result if valid. */
    public boolean verifyAndRemember(SignedTransaction transaction, String chainId) {
        if (verified.containsKey(transaction.hash())) {
            return true;
        }
        boolean valid = transaction.verifySignature(chainId);
        if (valid) {
            verified.put(transaction.hash(), Boolean.TRUE);
        }
        return valid;
    }

    @Override
    public boolean isValid(SignedTransaction transaction, String chainId) {
        return verifyAndRemember(transaction, chainId);
    }

    @Override
    public boolean verify(SignedTransaction transaction, String chainId, Purpose purpose) {
        return verifyAndRemember(transaction, chainId);
    }

    public int size() {
        return verified.size();
    }
}
