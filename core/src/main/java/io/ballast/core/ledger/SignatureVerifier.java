package io.ballast.core.ledger;

import io.ballast.core.ledger.tx.SignedTransaction;

/**
 * Verifies transaction signatures and remembers the valid ones, so that each is verified once however
 * many components of a node see it: the runtime shares one per node (the API, every validator hosted
 * there and the chain follower), a single-threaded host keeps its own ({@link VerifiedSignatureCache}).
 * Only cost depends on it: every implementation gives the same answers.
 */
@FunctionalInterface
public interface SignatureVerifier {
    /** Who asks: counted separately, so a node can show that each signature is verified once. */
    enum Purpose {
        /** The HTTP API, before a transaction reaches a validator. */
        API,
        /** A validator's mempool admission (submitted or gossiped). */
        MEMPOOL,
        /** Execution of a committed block (a validator, or the node's chain follower). */
        EXECUTION
    }

    boolean verify(SignedTransaction transaction, String chainId, Purpose purpose);
}
