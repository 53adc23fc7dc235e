package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import java.util.List;
import java.util.Objects;

/**
 * State root after a block, (only at an epoch's second-to-last block) the next epoch's validators or
 * null, and the application's report of the block ({@link BlockOutput}).
 */
public record ExecutionResult(Bytes32 stateRoot, List<ValidatorInfo> nextValidators, BlockOutput output) {
    public ExecutionResult {
        nextValidators = nextValidators == null ? null : List.copyOf(nextValidators);
        Objects.requireNonNull(output, "output");
    }

    public ExecutionResult(Bytes32 stateRoot, List<ValidatorInfo> nextValidators) {
        this(stateRoot, nextValidators, BlockOutput.NONE);
    }

    public static ExecutionResult of(Bytes32 stateRoot) {
        return new ExecutionResult(stateRoot, null);
    }
}
