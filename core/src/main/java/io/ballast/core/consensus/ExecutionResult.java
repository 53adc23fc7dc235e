package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import java.util.List;

/** State root after a block, and (only at an epoch's second-to-last block) the next epoch's validators or null. */
public record ExecutionResult(Bytes32 stateRoot, List<ValidatorInfo> nextValidators) {
    public ExecutionResult {
        nextValidators = nextValidators == null ? null : List.copyOf(nextValidators);
    }

    public static ExecutionResult of(Bytes32 stateRoot) {
        return new ExecutionResult(stateRoot, null);
    }
}
