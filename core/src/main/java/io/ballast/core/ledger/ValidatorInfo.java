package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;

/** A validator in the state's validator set: Ed25519 key and voting stake (consensus adds slashing/epochs later). */
public record ValidatorInfo(Bytes32 key, long stake) {
    public ValidatorInfo {
        if (key == null || stake <= 0) {
            throw new IllegalArgumentException("validator needs a key and a positive stake");
        }
    }
}
