package io.ballast.core.ledger;

/** Thrown by the validation phase of a handler, before any mutation; becomes a rejected receipt. */
final class Rejection extends RuntimeException {
    final RejectCode code;

    Rejection(RejectCode code, String reason) {
        super(reason, null, false, false);
        this.code = code;
    }
}
