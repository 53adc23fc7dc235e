package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;

/** One member of a validator set: its Ed25519 public key and its stake (positive). */
public record ValidatorInfo(Bytes32 publicKey, long stake) {
    public ValidatorInfo {
        if (publicKey == null || stake <= 0) {
            throw new IllegalArgumentException("a validator needs a key and positive stake");
        }
    }
}
