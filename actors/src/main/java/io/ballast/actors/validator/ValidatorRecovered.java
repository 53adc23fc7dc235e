package io.ballast.actors.validator;

/**
 * Published on the event stream when a validator entity has recovered (journal replay and
 * re-execution done), before it starts consensus: where it stands and how long recovery took.
 */
public record ValidatorRecovered(String validatorId, long height, String stateRoot, long checkpointHeight,
                                 int blocksReexecuted, long recoveryMillis) {}
