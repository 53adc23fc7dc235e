package io.ballast.api.client;

/** An account proof that does not verify against the trusted validator set; the message says which check failed. */
public final class ProofException extends Exception {
    public ProofException(String message) {
        super(message);
    }
}
